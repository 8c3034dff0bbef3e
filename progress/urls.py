from django.urls import path

from .views import county, office, periods, public, public_index, publishing, queue, spreadsheet, urging

app_name = "progress"
urlpatterns = [
    path("", county.IndexView.as_view(), name="index"),
    path("month/<int:period_id>/", county.CountyMonthView.as_view(), name="county_month"),
    path("entry/<int:target_id>/<int:period_id>/", county.FigureEntryView.as_view(), name="figure_entry"),
    path("month/<int:period_id>/urge/<int:county_id>/", urging.CountyUrgeView.as_view(), name="county_urge"),
    path("figure/<int:pk>/evidence/", county.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("figure/<int:pk>/review/", county.FigureReviewView.as_view(), name="figure_review"),
    path("evidence/<int:pk>/", county.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", county.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("month/<int:period_id>/sheet.xlsx", spreadsheet.SheetDownloadView.as_view(), name="sheet_download"),
    path("month/<int:period_id>/import/", spreadsheet.SheetUploadView.as_view(), name="sheet_upload"),
    path("dashboard/", office.DashboardView.as_view(), name="dashboard"),
    path("scorecard/<int:county_id>/", office.ScorecardView.as_view(), name="scorecard"),
    path("ranking/", office.RankingView.as_view(), name="ranking"),
    path("heatmap/", office.HeatmapView.as_view(), name="heatmap"),
    path("trend/<int:indicator_id>/", office.TrendView.as_view(), name="trend"),
    path("projection/", office.ProjectionView.as_view(), name="projection"),
    path("disclosure/", office.DisclosureView.as_view(), name="disclosure"),
    path("opinions/", office.OpinionsView.as_view(), name="opinions"),
    path("letters/", office.LettersView.as_view(), name="letters"),
    path("verification/", queue.VerificationQueueView.as_view(), name="verification_queue"),
    path("verification/<int:pk>/", queue.VerificationFigureView.as_view(), name="verification_figure"),
    path("periods/", periods.PeriodsView.as_view(), name="periods"),
    path("periods/<int:pk>/extend/", periods.PeriodExtendView.as_view(), name="period_extend"),
    path("periods/<int:pk>/lock/", periods.PeriodLockView.as_view(), name="period_lock"),
    path("publish/", publishing.PublishIndexView.as_view(), name="publish_index"),
    path("publish/<int:pk>/", publishing.PublishProjectView.as_view(), name="publish_project"),
    path(
        "publish/<str:kind>/<int:pk>/toggle/", publishing.PublishToggleView.as_view(), name="publish_toggle"
    ),
    path("projects/", public_index.PublicIndexView.as_view(), name="public_index"),
    path("p/<str:code>/", public.PublicProjectView.as_view(), name="public_project"),
    path("p/<str:code>/opinion/", public.PublicOpinionView.as_view(), name="public_opinion"),
    path("p/<str:code>/qr.<str:fmt>", public.ProjectQrView.as_view(), name="project_qr"),
    path("p/<str:code>/poster.pdf", public.ProjectPosterView.as_view(), name="project_poster"),
    path("p/<str:code>/policy/<int:pk>.pdf", publishing.PolicyDownloadView.as_view(), name="policy_download"),
    path("open-data/", public.OpenDataView.as_view(), name="open_data"),
    path("open-data.<str:fmt>", public.OpenDataFileView.as_view(), name="open_data_file"),
]
