from django.urls import path

from . import views

app_name = "common"
urlpatterns = [
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", views.InboxOpenView.as_view(), name="inbox_open"),
    path("inbox/read/", views.InboxMarkReadView.as_view(), name="inbox_read"),
    path("captcha.png", views.captcha_image, name="captcha"),
]
