from django.urls import path

from . import views

app_name = "candidates"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("round/new/", views.round_create, name="round_create"),
    path("round/<int:pk>/", views.round_detail, name="round_detail"),
    path("round/<int:pk>/new/", views.candidate_create, name="candidate_create"),
    path("round/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("round/<int:pk>/merge/", views.merge, name="merge"),
    path("round/<int:pk>/opinions/", views.opinions, name="opinions"),
    path("round/<int:pk>/approvals/", views.approval_add, name="approval_add"),
    path("round/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("round/<int:pk>/programme/", views.adopt, name="adopt"),
    path("approval/<int:pk>/file/", views.approval_file, name="approval_file"),
    path("c/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("c/<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
    path("c/<int:pk>/move/", views.candidate_move, name="candidate_move"),
    path("c/<int:pk>/budget/", views.candidate_budget, name="candidate_budget"),
    path("c/<int:pk>/target/", views.candidate_target, name="candidate_target"),
    path("c/<int:pk>/score/", views.candidate_score, name="candidate_score"),
    path("c/<int:pk>/opinion/", views.candidate_opinion, name="candidate_opinion"),
    path("target/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("opinion/<int:pk>/respond/", views.opinion_respond, name="opinion_respond"),
    path("session/<int:pk>/", views.session_detail, name="session_detail"),
    path("session/<int:pk>/open/", views.session_open, name="session_open"),
    path("session/<int:pk>/close/", views.session_close, name="session_close"),
    path("session/<int:pk>/runoff/", views.session_runoff, name="session_runoff"),
    path("session/<int:pk>/paper-voter/", views.paper_voter, name="paper_voter"),
    path("session/<int:pk>/paper-ballot/", views.paper_ballot, name="paper_ballot"),
    path("session/<int:pk>/vote/", views.ballot, name="ballot"),
    path("session/<int:pk>/results/", views.session_results, name="session_results"),
    path("survey/<int:pk>/", views.survey, name="survey"),
    path("survey/<int:pk>/open/", views.survey_open, name="survey_open"),
    path("survey/<int:pk>/publish/", views.survey_publish, name="survey_publish"),
]
