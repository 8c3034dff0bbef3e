"""Issue 12 §4 on PostgreSQL: four people acting on the same object at the same moment, each on their own
connection — exactly one succeeds, the others are told in Chinese that someone else has handled it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from minsheng.common.workflow import ERR_STALE

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 4


def race(actions: list[Callable[[], object]]) -> list[str]:
    """Run the actions in threads released together by a barrier; 'ok' or the first message of each."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(action):
        try:
            barrier.wait()
            action()
            result = "ok"
        except ValidationError as exc:
            result = exc.messages[0]
        except Exception as exc:  # noqa: BLE001 - any other error must fail the test below
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert connection.vendor == "postgresql"
    assert len(outcomes) == len(actions), outcomes
    return outcomes


def assert_one_wins(outcomes: list[str], stale: str) -> None:
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count(stale) == len(outcomes) - 1, outcomes


# ---- progress: figure review, period lock --------------------------------------------------------------


def test_four_simultaneous_reviews_of_one_figure():
    from progress import services
    from progress.models import Figure, FigureState, FigureTransition
    from tests.progress.factories import FigureFactory, office

    fig = FigureFactory(state=FigureState.SUBMITTED, value=D("50"))
    boss = office()
    # Each reviewer opened the page while the figure was 已报送 (their own copy of it).
    copies = [Figure.objects.get(pk=fig.pk) for _ in range(N)]
    outcomes = race(
        [
            lambda: services.figure_verify(figure=copies[0], actor=boss, comment="同意"),
            lambda: services.figure_return(figure=copies[1], actor=boss, comment="请补充"),
            lambda: services.figure_deduct(
                figure=copies[2], actor=boss, verified_value=D("40"), reason="核减"
            ),
            lambda: services.figure_verify(figure=copies[3], actor=boss, comment="同意"),
        ]
    )
    fig.refresh_from_db()
    assert_one_wins(outcomes, ERR_STALE.format(current=fig.get_state_display()))
    assert fig.state in (FigureState.VERIFIED, FigureState.RETURNED, FigureState.DEDUCTED)
    assert FigureTransition.objects.filter(figure=fig).count() == 1


def test_four_simultaneous_locks_of_one_period():
    from progress import services
    from progress.models import FigureState, FigureTransition, PeriodEvent, ReportingPeriod
    from tests.progress.factories import FigureFactory, office

    fig = FigureFactory(state=FigureState.VERIFIED, value=D("5"), verified_value=D("5"))
    boss = office()
    copies = [ReportingPeriod.objects.get(pk=fig.period_id) for _ in range(N)]
    outcomes = race([lambda p=p: services.period_lock(period=p, actor=boss) for p in copies])
    assert_one_wins(outcomes, ERR_STALE.format(current="已截止"))
    assert PeriodEvent.objects.filter(period_id=fig.period_id, action=PeriodEvent.Action.LOCK).count() == 1
    assert FigureTransition.objects.filter(figure=fig, to_state=FigureState.LOCKED).count() == 1


def test_a_submit_racing_the_period_lock_never_leaves_a_submitted_figure_in_a_locked_month():
    """Either the submit lands first and the lock is refused (one figure waits for review), or the lock
    lands first and the submit is refused: never both."""
    from progress import services
    from progress.models import Figure, FigureState, ReportingPeriod
    from tests.progress.factories import FigureFactory, PeriodFactory, county_clerk, office

    first = FigureFactory(state=FigureState.DRAFT)
    clerk, boss = county_clerk(first.target.county), office()
    for month in (1, 2, 3, 4, 5):
        period = PeriodFactory(programme=first.period.programme, month=month)
        draft = FigureFactory(target=first.target, period=period, state=FigureState.DRAFT, value=D("5"))
        outcomes = race(
            [
                lambda d=draft: services.figure_submit(figure=d, actor=clerk),
                lambda p=period: services.period_lock(period=p, actor=boss),
            ]
        )
        assert outcomes.count("ok") == 1, outcomes
        assert (services.ERR_PERIOD_CLOSED in outcomes) or (services.ERR_UNVERIFIED.format(n=1) in outcomes)
        period.refresh_from_db()
        state = Figure.objects.get(pk=draft.pk).state
        assert not (period.state == ReportingPeriod.State.CLOSED and state == FigureState.SUBMITTED)


# ---- observers: findings and hand-offs -------------------------------------------------------------------


def test_four_simultaneous_reviews_of_one_rectification():
    from observers.models import HandOff, WorkflowEvent
    from observers.services import handoff_accept, handoff_reply, handoff_return
    from tests.observers.test_workflow import _handed, clerk

    _, hand_off, boss, unit = _handed()
    handoff_reply(hand_off=hand_off, by=clerk(unit, "clerk_reply"), text="已整改")
    copies = [HandOff.objects.get(pk=hand_off.pk) for _ in range(N)]
    outcomes = race(
        [
            lambda: handoff_accept(hand_off=copies[0], by=boss, comment="同意"),
            lambda: handoff_return(hand_off=copies[1], by=boss, comment="照片不清楚"),
            lambda: handoff_accept(hand_off=copies[2], by=boss, comment="同意"),
            lambda: handoff_return(hand_off=copies[3], by=boss, comment="照片不清楚"),
        ]
    )
    hand_off.refresh_from_db()
    assert_one_wins(outcomes, ERR_STALE.format(current=hand_off.get_state_display()))
    assert WorkflowEvent.objects.filter(hand_off=hand_off, from_state=HandOff.State.REPLIED).count() == 1


def test_four_simultaneous_decisions_on_one_finding():
    from observers.models import Finding, HandOff, WorkflowEvent
    from observers.services import finding_decide, handoff_issue
    from tests.observers.factories import FindingFactory, county, office

    finding, boss, unit = FindingFactory(), office(), county()
    copies = [Finding.objects.get(pk=finding.pk) for _ in range(N)]
    tomorrow = timezone_tomorrow()
    outcomes = race(
        [
            lambda: handoff_issue(
                finding=copies[0], by=boss, kind=HandOff.Kind.ASSIGN, unit=unit, deadline=tomorrow
            ),
            lambda: finding_decide(
                finding=copies[1], by=boss, to=Finding.State.NO_ACTION, comment="无需交办"
            ),
            lambda: handoff_issue(
                finding=copies[2], by=boss, kind=HandOff.Kind.TIP, unit=unit, deadline=tomorrow
            ),
            lambda: finding_decide(
                finding=copies[3], by=boss, to=Finding.State.NO_ACTION, comment="无需交办"
            ),
        ]
    )
    finding.refresh_from_db()
    assert_one_wins(outcomes, ERR_STALE.format(current=finding.get_state_display()))
    assert HandOff.objects.filter(finding=finding).count() == (finding.state == Finding.State.HANDED_OFF)
    assert WorkflowEvent.objects.filter(finding=finding, hand_off=None).count() == 1


def timezone_tomorrow():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=1)


# ---- reports: letters and their replies ------------------------------------------------------------------


def _letter_draft():
    from reports.models import Kind
    from reports.services import letter_create
    from tests.factories import CountyFactory
    from tests.progress.factories import office

    boss = office()
    letter = letter_create(
        kind=Kind.WORK,
        addressee=CountyFactory(name="测试县"),
        facts="进度滞后。",
        requirement="请加快推进。",
        reply_deadline=timezone_tomorrow(),
        actor=boss,
    )
    return letter, boss


def test_four_simultaneous_issues_of_one_letter():
    from reports.models import DocState, Document, DocumentTransition
    from reports.services import document_issue

    letter, boss = _letter_draft()
    copies = [Document.objects.get(pk=letter.pk) for _ in range(N)]
    outcomes = race([lambda d=d: document_issue(document=d, actor=boss) for d in copies])
    assert_one_wins(outcomes, ERR_STALE.format(current="已印发"))
    letter.refresh_from_db()
    assert letter.state == DocState.ISSUED and letter.number == 1
    assert DocumentTransition.objects.filter(document=letter, to_state=DocState.ISSUED).count() == 1


def test_four_simultaneous_reviews_of_one_letter_reply():
    from reports.models import Document, DocumentTransition, ReplyState
    from reports.services import document_issue, letter_reply, letter_review
    from tests.progress.factories import county_clerk

    letter, boss = _letter_draft()
    document_issue(document=letter, actor=boss)
    letter_reply(document=letter, actor=county_clerk(letter.addressee), text="已整改。")
    copies = [Document.objects.get(pk=letter.pk) for _ in range(N)]
    outcomes = race(
        [
            lambda d=d, i=i: letter_review(document=d, actor=boss, accept=i % 2 == 0, comment="意见")
            for i, d in enumerate(copies)
        ]
    )
    letter.refresh_from_db()
    assert_one_wins(outcomes, ERR_STALE.format(current=letter.get_reply_state_display()))
    assert letter.reply_state in (ReplyState.ACCEPTED, ReplyState.RETURNED)
    assert DocumentTransition.objects.filter(document=letter, from_state=ReplyState.REPLIED).count() == 1


# ---- candidates: stage moves, voting sessions --------------------------------------------------------------


def test_four_simultaneous_moves_of_one_candidate():
    from candidates import services as sv
    from candidates.models import Candidate, CandidateStage, StageChange
    from tests.candidates.factories import CandidateFactory, make_ready, office

    boss = office()
    candidate = make_ready(CandidateFactory(stage=CandidateStage.REVIEW), member=boss)
    copies = [Candidate.objects.get(pk=candidate.pk) for _ in range(N)]
    outcomes = race(
        [
            lambda: sv.candidate_transition(
                candidate=copies[0], to_stage=CandidateStage.CONSULTATION, by=boss
            ),
            lambda: sv.candidate_transition(
                candidate=copies[1], to_stage=CandidateStage.DECLARED, by=boss, comment="材料不全"
            ),
            lambda: sv.candidate_transition(
                candidate=copies[2], to_stage=CandidateStage.CONSULTATION, by=boss
            ),
            lambda: sv.candidate_transition(
                candidate=copies[3], to_stage=CandidateStage.DECLARED, by=boss, comment="材料不全"
            ),
        ]
    )
    candidate.refresh_from_db()
    assert_one_wins(outcomes, ERR_STALE.format(current=candidate.get_stage_display()))
    assert StageChange.objects.filter(candidate=candidate, from_stage=CandidateStage.REVIEW).count() == 1


def test_four_simultaneous_openings_of_one_voting_session():
    from candidates import voting as vt
    from candidates.models import CandidateStage, StageChange, VotingSession
    from tests.candidates.factories import (
        CandidateFactory,
        RoundFactory,
        approve_all,
        deputy,
        office,
    )

    boss, rnd = office(), RoundFactory()
    approve_all(rnd)
    cands = [
        CandidateFactory(round=rnd, stage=CandidateStage.CONFIRMED, budget_confirmed=True) for _ in range(3)
    ]
    session = vt.session_create(
        round=rnd, title="票决", seats=1, roster=[deputy()], candidates=cands, by=boss
    )
    copies = [VotingSession.objects.get(pk=session.pk) for _ in range(N)]
    outcomes = race([lambda s=s: vt.session_open(session=s, by=boss) for s in copies])
    assert_one_wins(outcomes, ERR_STALE.format(current="投票中"))
    assert StageChange.objects.filter(to_stage=CandidateStage.VOTING).count() == 3


# ---- proposals: triage -----------------------------------------------------------------------------------


def test_four_simultaneous_triages_of_one_proposal():
    from proposals import services
    from proposals.models import Proposal, ProposalEvent, State
    from tests.proposals.factories import ProposalFactory, office_user

    proposal, boss = ProposalFactory(), office_user()
    copies = [Proposal.objects.get(pk=proposal.pk) for _ in range(N)]
    outcomes = race(
        [
            lambda: services.proposal_transition(proposal=copies[0], to_state=State.ACCEPTED, actor=boss),
            lambda: services.proposal_transition(
                proposal=copies[1], to_state=State.REJECTED, actor=boss, reason="重复"
            ),
            lambda: services.proposal_transition(proposal=copies[2], to_state=State.ACCEPTED, actor=boss),
            lambda: services.proposal_transition(
                proposal=copies[3], to_state=State.REJECTED, actor=boss, reason="重复"
            ),
        ]
    )
    proposal.refresh_from_db()
    assert_one_wins(outcomes, ERR_STALE.format(current=proposal.get_state_display()))
    assert ProposalEvent.objects.filter(proposal=proposal, from_state=State.SUBMITTED).count() == 1
