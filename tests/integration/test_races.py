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
    outcomes = race([
        lambda: services.figure_verify(figure=copies[0], actor=boss, comment="同意"),
        lambda: services.figure_return(figure=copies[1], actor=boss, comment="请补充"),
        lambda: services.figure_deduct(figure=copies[2], actor=boss, verified_value=D("40"), reason="核减"),
        lambda: services.figure_verify(figure=copies[3], actor=boss, comment="同意"),
    ])
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
        outcomes = race([
            lambda d=draft: services.figure_submit(figure=d, actor=clerk),
            lambda p=period: services.period_lock(period=p, actor=boss),
        ])
        assert outcomes.count("ok") == 1, outcomes
        assert (services.ERR_PERIOD_CLOSED in outcomes) or (services.ERR_UNVERIFIED.format(n=1) in outcomes)
        period.refresh_from_db()
        state = Figure.objects.get(pk=draft.pk).state
        assert not (period.state == ReportingPeriod.State.CLOSED and state == FigureState.SUBMITTED)
