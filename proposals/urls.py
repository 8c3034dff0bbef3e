from django.urls import path

from .views import public, sheets, staff

app_name = "proposals"
urlpatterns = [
    path("", public.campaign_list, name="campaigns"),
    path("c/<int:pk>/", public.submit, name="submit"),
    path("c/<int:pk>/similar/", public.similar_public, name="similar_public"),
    path("receipt/<str:code>/", public.receipt, name="receipt"),
    path("status/", public.status, name="status"),
    path("manage/", staff.proposal_list, name="manage"),
    path("manage/<int:pk>/", staff.proposal_detail, name="detail"),
    path("manage/<int:pk>/edit/", staff.proposal_edit, name="edit"),
    path("manage/<int:pk>/transition/", staff.proposal_transition, name="transition"),
    path("manage/<int:pk>/reply/", staff.proposal_reply, name="reply"),
    path("manage/<int:pk>/merge/", staff.proposal_merge, name="merge"),
    path("manage/<int:pk>/adopt/", staff.proposal_adopt, name="adopt"),
    path("manage/attachments/<int:pk>/", staff.attachment_download, name="attachment"),
    path("manage/c/<int:campaign_pk>/new/", staff.proposal_create, name="create"),
    path("manage/c/<int:campaign_pk>/import/", sheets.import_sheet, name="import"),
    path("manage/sheets/<int:pk>/commit/", sheets.import_commit, name="import_commit"),
    path("manage/c/<int:campaign_pk>/template.xlsx", sheets.template_download, name="template"),
    path("manage/c/<int:campaign_pk>/export.xlsx", sheets.export, name="export"),
    path("manage/c/<int:campaign_pk>/units/", sheets.unit_counts, name="units"),
]
