from django.urls import path

from . import views

app_name = "observers"
urlpatterns = [
    path("", views.MyWorkView.as_view(), name="home"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/card-fields/", views.CardFieldsView.as_view(), name="card_fields"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/triage/", views.FindingTriageView.as_view(), name="finding_triage"),
    path("findings/<int:pk>/decide/", views.FindingDecideView.as_view(), name="finding_decide"),
    path("findings/<int:pk>/hand-off/", views.HandOffIssueView.as_view(), name="handoff_issue"),
    path("findings/<int:pk>/publish/", views.FindingPublishView.as_view(), name="finding_publish"),
    path("hand-offs/", views.HandOffListView.as_view(), name="handoff_list"),
    path("hand-offs/<int:pk>/", views.HandOffDetailView.as_view(), name="handoff_detail"),
    path("hand-offs/<int:pk>/reply/", views.HandOffReplyView.as_view(), name="handoff_reply"),
    path("hand-offs/<int:pk>/review/", views.HandOffReviewView.as_view(), name="handoff_review"),
    path("evidence/<int:pk>/", views.EvidenceView.as_view(), name="evidence"),
    path("duty/", views.DutyTableView.as_view(), name="duty"),
    path("roster/", views.RosterView.as_view(), name="roster"),
    path("roster/new/", views.ObserverCreateView.as_view(), name="observer_create"),
    path("roster/<int:pk>/", views.ObserverDetailView.as_view(), name="observer_detail"),
    path("roster/<int:pk>/certificate/", views.CertificateView.as_view(), name="certificate"),
    path("roster/<int:pk>/certificate.pdf", views.CertificatePdfView.as_view(), name="certificate_pdf"),
    path("cards/", views.CardListView.as_view(), name="card_list"),
    path("cards/<int:project_pk>/", views.CardEditView.as_view(), name="card_edit"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("public/", views.PublicFindingListView.as_view(), name="public_findings"),
]
