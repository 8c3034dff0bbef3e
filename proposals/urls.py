from django.urls import path

from .views import public, sheets, staff

app_name = "proposals"
urlpatterns = [
    path("", public.CampaignListView.as_view(), name="campaigns"),
    path("c/<int:pk>/", public.SubmitView.as_view(), name="submit"),
    path("c/<int:pk>/similar/", public.SimilarPublicView.as_view(), name="similar_public"),
    path("receipt/<str:code>/", public.ReceiptView.as_view(), name="receipt"),
    path("status/", public.StatusView.as_view(), name="status"),
    path("status/rate/", public.RateView.as_view(), name="rate"),
    path("manage/", staff.ProposalListView.as_view(), name="manage"),
    path("manage/<int:pk>/", staff.ProposalDetailView.as_view(), name="detail"),
    path("manage/<int:pk>/edit/", staff.ProposalEditView.as_view(), name="edit"),
    path("manage/<int:pk>/transition/", staff.ProposalTransitionView.as_view(), name="transition"),
    path("manage/<int:pk>/reply/", staff.ProposalReplyView.as_view(), name="reply"),
    path("manage/<int:pk>/merge/", staff.ProposalMergeView.as_view(), name="merge"),
    path("manage/<int:pk>/adopt/", staff.ProposalAdoptView.as_view(), name="adopt"),
    path("manage/attachments/<int:pk>/", staff.AttachmentDownloadView.as_view(), name="attachment"),
    path("manage/c/<int:campaign_pk>/new/", staff.ProposalCreateView.as_view(), name="create"),
    path("manage/c/<int:campaign_pk>/import/", sheets.ImportSheetView.as_view(), name="import"),
    path("manage/sheets/<int:pk>/commit/", sheets.ImportCommitView.as_view(), name="import_commit"),
    path("manage/c/<int:campaign_pk>/template.xlsx", sheets.TemplateDownloadView.as_view(), name="template"),
    path("manage/c/<int:campaign_pk>/export.xlsx", sheets.ExportView.as_view(), name="export"),
    path("manage/c/<int:campaign_pk>/units/", sheets.UnitCountsView.as_view(), name="units"),
]
