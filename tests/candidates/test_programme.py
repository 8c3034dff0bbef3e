"""Into the programme: chosen candidates become next year's 实事/项目/指标; multi-year items are not
voted again (the year-end satisfaction survey: test_survey.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from candidates import programme as pg
from candidates import services as sv
from candidates import voting as vt
from candidates.models import CandidateStage, CandidateYearTarget
from projects.models import IndicatorKind, Level, Programme

from .factories import CandidateFactory, RoundFactory, approve_all, deputy, office

S = CandidateStage
pytestmark = pytest.mark.django_db


def _chosen(rnd, **kw):
    c = CandidateFactory(round=rnd, stage=S.CHOSEN, budget_confirmed=True, **kw)
    return c


def test_chosen_become_matter_project_indicator():
    user = office()
    rnd = RoundFactory(year=2025)
    a = _chosen(rnd, name="城乡供水提质改造")
    CandidateYearTarget.objects.create(
        candidate=a, year=2025, description="改造供水管网", quantity=Decimal("30"), unit="公里"
    )
    b = _chosen(rnd, name="完善综治中心指挥系统")
    CandidateFactory(round=rnd, stage=S.NOT_CHOSEN, name="未入选项目")
    prog = pg.programme_adopt_chosen(round=rnd, by=user)
    assert (prog.year, prog.organisation, prog.is_public) == (2025, rnd.organisation, True)
    matters = list(prog.matters.order_by("seq"))
    assert [m.name for m in matters] == ["城乡供水提质改造", "完善综治中心指挥系统"]
    assert all(m.level == Level.COUNTY for m in matters)
    a.refresh_from_db()
    b.refresh_from_db()
    ind = a.project.indicators.get()
    assert (ind.name, ind.unit, ind.target, ind.kind) == (
        "改造供水管网",
        "公里",
        Decimal("30"),
        IndicatorKind.QUANTITY,
    )
    assert b.project.indicators.get().kind == IndicatorKind.DEADLINE
    assert a.project.lead_unit == a.responsible_unit
    # idempotent
    pg.programme_adopt_chosen(round=rnd, by=user)
    assert prog.matters.count() == 2 and Programme.objects.count() == 1


def test_multi_year_already_chosen_is_left_out_of_later_votes_and_carried():
    user = office()
    first = RoundFactory(year=2025)
    road = _chosen(first, name="农村公路提质改造", is_multi_year=True, end_year=2026)
    CandidateYearTarget.objects.create(candidate=road, year=2025, description="改造 50 公里")
    CandidateYearTarget.objects.create(
        candidate=road, year=2026, description="改造 80 公里", quantity=80, unit="公里"
    )
    later = RoundFactory(organisation=first.organisation, year=2026)
    approve_all(later)
    again = CandidateFactory(round=later, stage=S.CONFIRMED, budget_confirmed=True, name="农村公路提质改造")
    cont = CandidateFactory(
        round=later, stage=S.CONFIRMED, budget_confirmed=True, name="公路二期", continues=road
    )
    fresh = [CandidateFactory(round=later, stage=S.CONFIRMED, budget_confirmed=True) for _ in range(2)]
    session = vt.session_create(
        round=later, title="2026 票决", seats=1, roster=[deputy()], candidates=[again, *fresh], by=user
    )
    with pytest.raises(ValidationError) as exc:
        vt.session_open(session=session, by=user)
    assert exc.value.messages == [sv.ERR_ALREADY_CHOSEN_MULTIYEAR.format(name="农村公路提质改造")]
    assert sv.carried_multi_year(cont) == road
    assert sv.carried_multi_year(fresh[0]) is None
    # carried into 2026 without a vote, with its 2026 target
    prog = pg.programme_adopt_chosen(round=later, by=user)
    project = prog.matters.get().projects.get()
    assert project.name == "农村公路提质改造"
    assert project.indicators.get().target == 80


def test_demo_beita_vote_and_idempotence(demo):
    import os

    from django.core.management import call_command

    from candidates.models import Candidate, ScreeningRound, VotingSession
    from candidates.selectors import session_tally_compute

    rnd = ScreeningRound.objects.get(organisation__name="北塔区", year=2023)
    assert rnd.candidates.count() == 15
    assert rnd.candidates.filter(stage=S.MERGED).count() == 5
    session = VotingSession.objects.get(round=rnd)
    assert len(session.tally["chosen"]) == 5 and session.tally["quorum_met"]
    assert session_tally_compute(session=session) == session.tally
    assert rnd.candidates.get(name="城乡供水提质改造").stage == S.CHOSEN
    prog = Programme.objects.get(organisation__name="北塔区", year=2023)
    assert prog.matters.count() == 5
    before = (Candidate.objects.count(), VotingSession.objects.count(), prog.matters.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Candidate.objects.count(), VotingSession.objects.count(), prog.matters.count()) == before
