from django.urls import path

from . import schedule_views, setup_views, views

app_name = "common"
urlpatterns = [
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", views.InboxOpenView.as_view(), name="inbox_open"),
    path("inbox/read/", views.InboxMarkReadView.as_view(), name="inbox_read"),
    path("schedules/", schedule_views.ScheduleListView.as_view(), name="schedules"),
    path("schedules/<int:pk>/run/", schedule_views.ScheduleRunNowView.as_view(), name="schedule_run"),
    path("schedules/<int:pk>/edit/", schedule_views.ScheduleEditView.as_view(), name="schedule_edit"),
    path("setup/", setup_views.SetupView.as_view(), name="setup"),
    path("setup/template/", setup_views.TemplateDownloadView.as_view(), name="setup_template"),
    path("setup/import/", setup_views.ImportView.as_view(), name="setup_import"),
    path("setup/checklist/", setup_views.ChecklistView.as_view(), name="setup_checklist"),
    path("captcha.png", views.captcha_image, name="captcha"),
]
