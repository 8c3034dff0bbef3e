"""The year-end 满意度测评 is 无记名: who took part is recorded apart from the ratings, which stay sealed until
the office closes the survey; the result is graded (满意 / 基本满意 / 不满意, threshold a setting) and valid only
when more than half of the deputies took part; paper 测评表 are keyed in like paper ballots."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from candidates import programme as pg
from candidates.models import (
    CandidateStage,
    SatisfactionRating,
    SealedBox,
    SurveyParticipation,
)
from candidates.selectors import (
    ERR_SURVEY_SEALED,
    survey_result,
    survey_result_compute,
    survey_turnout,
)
from tests.factories import ProgrammeFactory

from .factories import CandidateFactory, RoundFactory, deputy, office

pytestmark = pytest.mark.django_db
S = CandidateStage


def make_survey(*, n_projects=2, n_deputies=5, year=2025):
    """A programme adopted from chosen candidates and its open survey; the deputies are its roster."""
    user = office()
    rnd = RoundFactory(year=year)
    for i in range(n_projects):
        CandidateFactory(round=rnd, stage=S.CHOSEN, budget_confirmed=True, name=f"测评项目{i + 1}")
    prog = pg.programme_adopt_chosen(round=rnd, by=user)
    projects = list(prog.matters.order_by("seq").values_list("projects__pk", flat=True))
    deputies = [deputy() for _ in range(n_deputies)]
    survey = pg.survey_open(programme=prog, by=user, roster=deputies)
    return survey, projects, deputies, user


def sheet(projects, *values):
    return dict(zip(projects, values, strict=True))


def test_ratings_stay_sealed_and_apart_from_who_took_part():
    survey, projects, deputies, user = make_survey()
    pg.survey_sheet_submit(survey=survey, deputy=deputies[0], values=sheet(projects, "satisfied", "fairly"))
    pg.survey_sheet_submit(survey=survey, deputy=deputies[1], values=sheet(projects, "unsatisfied", "fairly"))
    with pytest.raises(ValidationError) as exc:
        pg.survey_sheet_submit(survey=survey, deputy=deputies[0], values=sheet(projects, "fairly", "fairly"))
    assert exc.value.messages == [pg.ERR_ALREADY_RATED]
    with pytest.raises(ValidationError) as exc:  # every project must be rated
        pg.survey_sheet_submit(survey=survey, deputy=deputies[2], values={projects[0]: "satisfied"})
    assert exc.value.messages == [pg.ERR_RATING_INCOMPLETE.format(n=1)]
    with pytest.raises(PermissionDenied):  # not on the roster
        pg.survey_sheet_submit(survey=survey, deputy=deputy(), values=sheet(projects, "fairly", "fairly"))

    # Open: who took part is known, what they said is nowhere in a table — only in the sealed box.
    assert set(SurveyParticipation.objects.values_list("deputy", flat=True)) == {deputies[0].pk, deputies[1].pk}
    assert not SatisfactionRating.objects.exists()
    box = bytes(SealedBox.objects.get(survey=survey).sealed)
    assert b"satisfied" not in box and b"rows" not in box
    assert survey_turnout(survey=survey)["participants"] == 2
    with pytest.raises(PermissionDenied) as exc:
        survey_result(survey=survey)
    assert str(exc.value) == ERR_SURVEY_SEALED
    # A participation record has no rating, a rating no deputy, no time.
    assert {f.name for f in SurveyParticipation._meta.get_fields()} == {"id", "survey", "deputy", "channel"}
    assert {f.name for f in SatisfactionRating._meta.get_fields()} == {"id", "survey", "project", "value"}

    survey = pg.survey_publish(survey=survey, by=user)
    assert not SealedBox.objects.exists() and SatisfactionRating.objects.count() == 4
    rows = {r["project"]: r for r in survey_result(survey=survey)["rows"]}
    assert (rows[projects[0]]["satisfied"], rows[projects[0]]["unsatisfied"]) == (1, 1)
    assert rows[projects[1]]["fairly"] == 2
    with pytest.raises(ValidationError):
        pg.survey_sheet_submit(survey=survey, deputy=deputies[3], values=sheet(projects, "fairly", "fairly"))


def test_grading_rule_more_than_half_satisfied(settings):
    # 4 of 5 take part (more than half); project 1: 3 满意 of 4 → 满意; project 2: 2 满意 + 1 基本满意 → 基本满意
    # (2 is not more than half of 4); the threshold is a setting, frozen into the result at closing.
    survey, projects, deputies, user = make_survey(n_deputies=5)
    plan = [("satisfied", "satisfied"), ("satisfied", "satisfied"), ("satisfied", "fairly"), ("fairly", "unsatisfied")]
    for d, values in zip(deputies, plan, strict=False):
        pg.survey_sheet_submit(survey=survey, deputy=d, values=sheet(projects, *values))
    settings.SATISFACTION_PASS_SHARE = 0.5
    result = survey_result(survey=pg.survey_publish(survey=survey, by=user))
    assert result["quorum_met"] and result["participants"] == 4 and result["pass_share"] == 0.5
    grades = {r["project"]: r["grade_label"] for r in result["rows"]}
    assert grades == {projects[0]: "满意", projects[1]: "基本满意"}
    row = next(r for r in result["rows"] if r["project"] == projects[0])
    assert (row["satisfied_share"], row["fairly_share"], row["rate"]) == (75.0, 25.0, 100.0)

    stricter, p2, d2, _ = make_survey(n_deputies=5, year=2026)
    for d, values in zip(d2, plan, strict=False):
        pg.survey_sheet_submit(survey=stricter, deputy=d, values=sheet(p2, *values))
    settings.SATISFACTION_PASS_SHARE = 0.75  # 3 满意 of 4 is not more than 75 %
    result = survey_result(survey=pg.survey_publish(survey=stricter, by=user))
    assert {r["project"]: r["grade_label"] for r in result["rows"]}[p2[0]] == "基本满意"
    settings.SATISFACTION_PASS_SHARE = 0.5  # the published grade does not move with the setting afterwards
    stricter.refresh_from_db()
    for again in (survey_result(survey=stricter), survey_result_compute(survey=stricter)):
        assert {r["project"]: r["grade_label"] for r in again["rows"]}[p2[0]] == "基本满意"


def test_quorum_needs_more_than_half_of_the_deputies():
    survey, projects, deputies, user = make_survey(n_deputies=4)
    for d in deputies[:2]:  # 2 of 4 is not more than half
        pg.survey_sheet_submit(survey=survey, deputy=d, values=sheet(projects, "satisfied", "satisfied"))
    result = survey_result(survey=pg.survey_publish(survey=survey, by=user))
    assert not result["quorum_met"] and result["quorum_required"] == 3
    assert {r["grade_label"] for r in result["rows"]} == {"测评无效"}


def test_paper_sheets_keyed_in_like_paper_ballots():
    survey, projects, deputies, user = make_survey(n_deputies=3)
    with pytest.raises(ValidationError) as exc:
        pg.survey_paper_sheet_enter(survey=survey, values=sheet(projects, "satisfied", "fairly"), by=user)
    assert exc.value.messages == [pg.ERR_PAPER_SHEETS_EXCEED.format(n=1, m=0)]
    pg.survey_paper_participant(survey=survey, deputy=deputies[2], by=user)
    with pytest.raises(ValidationError):  # the deputy who took a paper form cannot also rate on the phone
        pg.survey_sheet_submit(survey=survey, deputy=deputies[2], values=sheet(projects, "fairly", "fairly"))
    with pytest.raises(PermissionDenied):
        pg.survey_paper_sheet_enter(survey=survey, values=sheet(projects, "fairly", "fairly"), by=deputies[0])
    pg.survey_paper_sheet_enter(survey=survey, values=sheet(projects, "satisfied", "fairly"), by=user)
    with pytest.raises(ValidationError):  # one paper form handed out, one keyed in
        pg.survey_paper_sheet_enter(survey=survey, values=sheet(projects, "satisfied", "fairly"), by=user)
    pg.survey_sheet_submit(survey=survey, deputy=deputies[0], values=sheet(projects, "satisfied", "unsatisfied"))
    turnout = survey_turnout(survey=survey)
    assert (turnout["participants"], turnout["paper_participants"], turnout["sheets"], turnout["paper_sheets"]) == (
        2,
        1,
        2,
        1,
    )
    result = survey_result(survey=pg.survey_publish(survey=survey, by=user))
    assert result["quorum_met"] and {r["project"]: r["satisfied"] for r in result["rows"]}[projects[0]] == 2


def test_survey_page_is_anonymous_and_shows_nothing_before_closing(client):
    survey, projects, deputies, user = make_survey(n_deputies=3)
    url = reverse("candidates:survey", args=[survey.programme_id])
    assert client.get(url).status_code == 404  # not public before closing
    client.force_login(deputies[0])
    page = client.get(url).content.decode()
    assert "无记名测评" in page and "提交测评表" in page
    data = {f"p{projects[0]}": "satisfied", f"p{projects[1]}": "unsatisfied"}
    client.post(url, data)
    page = client.get(url).content.decode()
    assert "您已参加本次测评" in page and "提交测评表" not in page
    assert "不满意" not in page.split('id="anonymous-note"')[1].split("</p>", 1)[1]  # own rating not shown back

    client.force_login(user)  # the office: turnout and paper entry, no figure per project
    page = client.get(url).content.decode()
    assert 'id="n-participants">1<' in page and "survey-results" not in page and "满意率" not in page
    client.post(url + "paper-participant/", {"deputy": deputies[1].pk})
    client.post(url + "paper-sheet/", {f"paper-p{projects[0]}": "fairly", f"paper-p{projects[1]}": "fairly"})
    assert survey_turnout(survey=survey)["paper_sheets"] == 1
    client.post(reverse("candidates:survey_publish", args=[survey.programme_id]))

    client.logout()  # published: public, with the grade and the quorum
    page = client.get(url).content.decode()
    assert 'id="survey-results"' in page and "测评有效" in page and "测评项目1" in page


def test_deputy_home_links_to_the_survey_page(client):
    ProgrammeFactory(year=2024)  # so that the programme's pk and its survey's pk differ
    survey, projects, deputies, _ = make_survey(n_deputies=2)
    assert survey.pk != survey.programme_id
    client.force_login(deputies[0])
    home = client.get(reverse("home")).content.decode()
    link = reverse("candidates:survey", args=[survey.programme_id])
    assert f'href="{link}"' in home and "去测评" in home
    assert client.get(link).status_code == 200
    pg.survey_sheet_submit(survey=survey, deputy=deputies[0], values=sheet(projects, "fairly", "fairly"))
    assert "已参加" in client.get(reverse("home")).content.decode()
