from .documents import (
    DocumentDetailView,
    DocumentDownloadView,
    DocumentEditView,
    DocumentGenerateView,
    DocumentIssueView,
    DocumentListView,
    DocumentNewVersionView,
    DocumentPublicToggleView,
    DocumentRegenerateView,
    DocumentStatusView,
    PublicDocumentListView,
)

__all__ = [
    "DocumentDetailView",
    "DocumentDownloadView",
    "DocumentEditView",
    "DocumentGenerateView",
    "DocumentIssueView",
    "DocumentListView",
    "DocumentNewVersionView",
    "DocumentPublicToggleView",
    "DocumentRegenerateView",
    "DocumentStatusView",
    "PublicDocumentListView",
]
