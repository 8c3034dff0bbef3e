from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("generate/", views.DocumentGenerateView.as_view(), name="generate"),
    path("public/", views.PublicDocumentListView.as_view(), name="public_list"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.DocumentStatusView.as_view(), name="status"),
    path("<int:pk>/edit/", views.DocumentEditView.as_view(), name="edit"),
    path("<int:pk>/regenerate/", views.DocumentRegenerateView.as_view(), name="regenerate"),
    path("<int:pk>/render/", views.DocumentRenderView.as_view(), name="render"),
    path("<int:pk>/issue/", views.DocumentIssueView.as_view(), name="issue"),
    path("<int:pk>/new-version/", views.DocumentNewVersionView.as_view(), name="new_version"),
    path("<int:pk>/public/", views.DocumentPublicToggleView.as_view(), name="public"),
    path("<int:pk>/download/<str:fmt>/", views.DocumentDownloadView.as_view(), name="download"),
]

urlpatterns += [
    path("articles/", views.ArticleListView.as_view(), name="articles"),
    path("newsletters/assemble/", views.NewsletterAssembleView.as_view(), name="newsletter_assemble"),
    path("letters/from-progress/", views.LettersFromProgressView.as_view(), name="letters_from_progress"),
    path(
        "letters/from-handoff/<int:handoff_id>/",
        views.LetterFromHandOffView.as_view(),
        name="letter_from_handoff",
    ),
]

urlpatterns += [
    path("letterhead/", views.LetterheadView.as_view(), name="letterhead"),
    path("letters/", views.LetterListView.as_view(), name="letters"),
    path("letters/lagging/", views.LaggingView.as_view(), name="letters_lagging"),
    path("letters/handoffs/", views.HandOffPendingView.as_view(), name="letters_handoffs"),
    path("letters/new/", views.LetterCreateView.as_view(), name="letter_new"),
    path("<int:pk>/reply/", views.LetterReplyView.as_view(), name="letter_reply"),
    path("<int:pk>/review/", views.LetterReviewView.as_view(), name="letter_review"),
    path("replies/<int:pk>/file/", views.ReplyFileView.as_view(), name="reply_file"),
]

urlpatterns += [
    path("<int:pk>/articles/", views.NewsletterArticlesView.as_view(), name="newsletter_articles"),
    path("articles/<int:pk>/edit/", views.ArticleEditView.as_view(), name="article_edit"),
]
