"""Boundaries of the one status function (pure: no database)."""

from datetime import date
from decimal import Decimal as D

import pytest

from progress.status import Status, acceptance_gap, indicator_status, month_on_month, project_year_end


def st(**kw):
    kw.setdefault("kind", "quantity")
    kw.setdefault("month", 9)
    return indicator_status(**kw)


@pytest.mark.parametrize(
    ("value", "target", "month", "expected"),
    [
        ("75", "100", 9, Status.ON_TRACK),  # exactly 9/12
        ("74.99", "100", 9, Status.BEHIND),
        ("1", "12", 1, Status.ON_TRACK),  # exactly 1/12 (no rounding of 8.33%)
        ("0.99999", "12", 1, Status.BEHIND),
        ("100", "100", 3, Status.DONE),  # exactly 100%
        ("150", "100", 3, Status.DONE),
        ("11", "12", 12, Status.BEHIND),
        ("0", "5", 1, Status.BEHIND),
    ],
)
def test_quantity_boundaries(value, target, month, expected):
    assert st(value=value, target=target, month=month).status == expected


def test_seed_examples():
    # 洞口县 rural roads 74.51%; city emergency broadcasting 60%; secondary water supply 76.70%.
    assert st(value="74.51", target="100").status == Status.BEHIND
    assert st(kind="percent", value="60", target=None).status == Status.BEHIND
    r = st(value="15340", target="20000")
    assert r.rate_percent == D("76.70") and r.status == Status.ON_TRACK
    assert r.expected_percent == D("75.00")


def test_zero_and_missing_targets():
    assert st(value="5", target=None).status == Status.NO_TARGET
    assert st(value="5", target="0").status == Status.NO_TARGET
    assert st(value="5", target="0").rate is None
    assert st(kind="pending", value="5", target="10").status == Status.NO_TARGET


def test_missing_value_is_not_reported():
    r = st(value=None, target="10")
    assert r.status == Status.NOT_REPORTED and not r.status.counted


def test_monthly_plan_overrides_m_over_12():
    plan = [0, 0, 10, 20, 30, 40, 50, 60, 90, 95, 100, 100]
    assert st(value="89", target="100", monthly_plan=plan).status == Status.BEHIND
    assert st(value="90", target="100", monthly_plan=plan).status == Status.ON_TRACK
    assert st(value="1", target="100", month=2, monthly_plan=plan).status == Status.ON_TRACK
    assert st(value="0", target="100", month=1, monthly_plan=plan).status == Status.ON_TRACK


def test_standard_value():
    assert st(kind="standard", value="650", target="650").status == Status.DONE
    assert st(kind="standard", value="680", target="650").status == Status.DONE
    # A standard has no schedule: 649 of 650 is behind even in January.
    assert st(kind="standard", value="649", target="650", month=1).status == Status.BEHIND
    assert st(kind="standard", value="100", target=None).status == Status.DONE
    assert st(kind="standard", value="0", target=None).status == Status.BEHIND


def test_deadline_kind():
    due = date(2024, 6, 30)
    assert (
        st(kind="deadline", value="50", target=None, month=3, due_date=due, year=2024).status
        == Status.ON_TRACK
    )
    assert (
        st(kind="deadline", value="49.9", target=None, month=3, due_date=due, year=2024).status
        == Status.BEHIND
    )
    assert (
        st(kind="deadline", value="99", target=None, month=6, due_date=due, year=2024).status == Status.BEHIND
    )
    assert (
        st(kind="deadline", value="100", target=None, month=9, due_date=due, year=2024).status == Status.DONE
    )
    r = st(kind="deadline", value="60", target=None, month=5, due_date=due, year=2024, as_of=date(2024, 7, 1))
    assert r.status == Status.BEHIND
    # Due next year: m/12 this year.
    assert (
        st(kind="deadline", value="75", target=None, month=9, due_date=date(2025, 6, 30), year=2024).status
        == Status.ON_TRACK
    )


def test_month_on_month_flags_falls():
    m = month_on_month(value="60", previous_value="80", target="100")
    assert m.fell and m.delta_points == D("-20.00")
    assert not month_on_month(value="80", previous_value="80", target="100").fell
    assert month_on_month(value="80", previous_value=None, target="100").delta_value is None


def test_acceptance_gap():
    g = acceptance_gap(reported="90", verified="79.99", target="100")
    assert g.flagged and g.gap_points == D("10.01")
    assert not acceptance_gap(reported="90", verified="80", target="100").flagged  # exactly 10 points
    assert acceptance_gap(reported="90", verified=None, target="100").accepted_percent == D("0.00")


def test_projection():
    assert project_year_end(values_by_month={3: D(20), 6: D(40)}, target=D(100)) == D(40) * 12 / (6 * D(100))
    assert project_year_end(values_by_month={}, target=D(100)) is None
