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
from .extra import ArticleListView, LetterFromHandOffView, LettersFromProgressView, NewsletterAssembleView

__all__ = [
    "ArticleListView",
    "LetterFromHandOffView",
    "LettersFromProgressView",
    "NewsletterAssembleView",
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
