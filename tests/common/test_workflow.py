"""The state-machine helper (minsheng/common/workflow.py): allowed, refused and stale moves, table-driven."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from minsheng.common.workflow import ERR_NOT_ALLOWED, ERR_STALE, Flow, transition
from progress.models import ReportingPeriod
from tests.progress.factories import PeriodFactory

P = ReportingPeriod.State
pytestmark = pytest.mark.django_db

HISTORY: list = []
FLOW = Flow(
    model=ReportingPeriod,
    table={P.OPEN: {P.CLOSED}, P.CLOSED: set()},
    labels=P,
    history=HISTORY.append,
)


@pytest.fixture(autouse=True)
def _clear():
    HISTORY.clear()


def _move(period, to, *, expected=None, body=None):
    with transaction.atomic(), transition(period, flow=FLOW, to=to, by=None, reason="测试", expected=expected) as c:
        if body:
            body(c)


# (stored state, state the person saw, target) → refusal message, or None when the move is made.
CASES = [
    (P.OPEN, P.OPEN, P.CLOSED, None),
    (P.CLOSED, P.CLOSED, P.OPEN, ERR_NOT_ALLOWED.format(from_="已截止", to="填报中")),
    (P.OPEN, P.OPEN, P.OPEN, ERR_NOT_ALLOWED.format(from_="填报中", to="填报中")),
    (P.CLOSED, P.OPEN, P.CLOSED, ERR_STALE.format(current="已截止")),
    (P.OPEN, P.CLOSED, P.CLOSED, ERR_STALE.format(current="填报中")),
]


@pytest.mark.parametrize(("stored", "seen", "to", "message"), CASES)
def test_transition_table(stored, seen, to, message):
    period = PeriodFactory(state=stored)
    period.state = seen  # what the person's page showed
    if message is None:
        _move(period, to)
        assert ReportingPeriod.objects.get(pk=period.pk).state == to
        assert [(c.from_state, c.to_state, c.reason) for c in HISTORY] == [(stored, to, "测试")]
        return
    with pytest.raises(ValidationError) as exc:
        _move(period, to)
    assert exc.value.messages == [message]
    assert ReportingPeriod.objects.get(pk=period.pk).state == stored
    assert HISTORY == []
    assert period.state == stored  # the caller's instance now shows what is stored


def test_expected_state_given_explicitly_wins_over_the_instance():
    period = PeriodFactory(state=P.OPEN)
    with pytest.raises(ValidationError) as exc:
        _move(period, P.CLOSED, expected=P.CLOSED)
    assert exc.value.messages == [ERR_STALE.format(current="填报中")]


def test_a_refusal_in_the_body_saves_nothing_and_writes_no_history():
    period = PeriodFactory(state=P.OPEN)

    def refuse(change):
        raise ValidationError("不行")

    with pytest.raises(ValidationError):
        _move(period, P.CLOSED, body=refuse)
    assert ReportingPeriod.objects.get(pk=period.pk).state == P.OPEN
    assert HISTORY == []


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_a_programming_error():
    period = PeriodFactory(state=P.OPEN)
    with pytest.raises(transaction.TransactionManagementError), transition(
        period, flow=FLOW, to=P.CLOSED, by=None
    ):
        pass


def test_labels_are_shown_never_codes():
    assert FLOW.label(P.CLOSED) == "已截止"
    assert FLOW.label("") == "—"
