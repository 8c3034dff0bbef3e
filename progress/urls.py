from django.urls import path

from .views import county, office, periods, public, publishing, spreadsheet

app_name = "progress"
urlpatterns = [
    path("", county.IndexView.as_view(), name="index"),
    path("month/<int:period_id>/", county.CountyMonthView.as_view(), name="county_month"),
    path("entry/<int:target_id>/<int:period_id>/", county.FigureEntryView.as_view(), name="figure_entry"),
    path("figure/<int:pk>/evidence/", county.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("figure/<int:pk>/review/", county.FigureReviewView.as_view(), name="figure_review"),
    path("evidence/<int:pk>/", county.evidence_download, name="evidence_download"),
    path("month/<int:period_id>/sheet.xlsx", spreadsheet.sheet_download, name="sheet_download"),
    path("month/<int:period_id>/import/", spreadsheet.sheet_upload, name="sheet_upload"),
    path("dashboard/", office.dashboard, name="dashboard"),
    path("scorecard/<int:county_id>/", office.scorecard, name="scorecard"),
    path("ranking/", office.ranking, name="ranking"),
    path("heatmap/", office.heatmap, name="heatmap"),
    path("trend/<int:indicator_id>/", office.trend, name="trend"),
    path("projection/", office.projection, name="projection"),
    path("disclosure/", office.disclosure, name="disclosure"),
    path("opinions/", office.opinions, name="opinions"),
    path("letters/", office.letters, name="letters"),
    path("letters/<int:pk>/reply/", office.letter_reply, name="letter_reply"),
    path("periods/", periods.periods, name="periods"),
    path("periods/<int:pk>/extend/", periods.period_extend, name="period_extend"),
    path("periods/<int:pk>/lock/", periods.period_lock, name="period_lock"),
    path("publish/", publishing.publish_index, name="publish_index"),
    path("publish/<int:pk>/", publishing.publish_project, name="publish_project"),
    path("publish/<str:kind>/<int:pk>/toggle/", publishing.publish_toggle, name="publish_toggle"),
    path("p/<str:code>/", public.public_project, name="public_project"),
    path("p/<str:code>/opinion/", public.public_opinion, name="public_opinion"),
    path("p/<str:code>/qr.<str:fmt>", public.project_qr, name="project_qr"),
    path("p/<str:code>/poster.pdf", public.project_poster, name="project_poster"),
    path("p/<str:code>/policy/<int:pk>.pdf", publishing.policy_download, name="policy_download"),
    path("open-data/", public.open_data, name="open_data"),
    path("open-data.<str:fmt>", public.open_data_file, name="open_data_file"),
]
