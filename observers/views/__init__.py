"""Placeholder views (replaced step by step)."""

from django.views.generic import TemplateView

MyWorkView = TemplateView
ReportListView = TemplateView
ReportCreateView = TemplateView
CardFieldsView = TemplateView
ReportDetailView = TemplateView
ReportEditView = TemplateView
PhotoView = TemplateView
FindingListView = TemplateView
FindingDetailView = TemplateView
FindingTriageView = TemplateView
FindingDecideView = TemplateView
HandOffIssueView = TemplateView
FindingPublishView = TemplateView
HandOffListView = TemplateView
HandOffDetailView = TemplateView
HandOffReplyView = TemplateView
HandOffReviewView = TemplateView
EvidenceView = TemplateView
DutyTableView = TemplateView
RosterView = TemplateView
ObserverCreateView = TemplateView
ObserverDetailView = TemplateView
CertificateView = TemplateView
CertificatePdfView = TemplateView
CardListView = TemplateView
CardEditView = TemplateView
InspectionListView = TemplateView
PublicFindingListView = TemplateView
