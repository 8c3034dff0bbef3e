"""status_rule (indicator_status worked out once per indicator) against the per-cell function it replaced, kept
here verbatim as the reference: the same StatusResult — status, and rate and expected as the same Decimals,
exponent included — for every kind, month, monthly plan, due date, year and as_of, over many values and targets
(None, zero, strings, ints, Decimals with different exponents)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from progress.status import (
    HUNDRED,
    Status,
    StatusResult,
    _dec,
    _ratio,
    expected_fraction,
    indicator_status,
    status_rule,
)


def reference_status(*, kind, value, target, month, monthly_plan=None, due_date=None, year=None, as_of=None):
    """indicator_status as it was before status_rule (commit d5b86a8), unchanged."""
    value, target = _dec(value), _dec(target)
    exp_num, exp_den = expected_fraction(month, monthly_plan)
    expected = _ratio(exp_num, exp_den)
    if kind == "pending":
        return StatusResult(Status.NO_TARGET, None, None)
    if kind in ("percent", "deadline") and target is None:
        target = HUNDRED
    if kind == "standard" and target is None:
        if value is None:
            return StatusResult(Status.NOT_REPORTED, None, None)
        met = value >= HUNDRED
        return StatusResult(Status.DONE if met else Status.BEHIND, value / HUNDRED, None)
    if target is None or target == 0:
        return StatusResult(Status.NO_TARGET, None, None)
    if value is None:
        return StatusResult(Status.NOT_REPORTED, None, expected)
    rate = value / target
    if value >= target:
        return StatusResult(Status.DONE, rate, expected if kind != "standard" else None)
    if kind == "standard":
        return StatusResult(Status.BEHIND, rate, None)
    if kind == "deadline" and due_date is not None:
        if as_of is not None and as_of > due_date:
            return StatusResult(Status.BEHIND, rate, Decimal(1))
        if year is not None and due_date.year < year:
            return StatusResult(Status.BEHIND, rate, Decimal(1))
        due_month = due_date.month if (year is None or due_date.year == year) else 12
        if month >= due_month:
            return StatusResult(Status.BEHIND, rate, Decimal(1))
        exp_num, exp_den = Decimal(month), Decimal(due_month)
        expected = _ratio(exp_num, exp_den)
    on_track = value * exp_den >= target * exp_num
    return StatusResult(Status.ON_TRACK if on_track else Status.BEHIND, rate, expected)


KINDS = ["quantity", "percent", "standard", "deadline", "pending", "other"]
PLANS = [
    None,
    [5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100],
    [0, 0, 0, 10.5, 20, 20, 40, 60, 60, 80, 100, 100],
]
DUES = [None, dt.date(2024, 6, 30), dt.date(2023, 12, 31), dt.date(2025, 3, 31), dt.date(2024, 1, 15)]
YEARS = [None, 2024]
AS_OF = [None, dt.date(2024, 5, 31), dt.date(2024, 7, 1), dt.date(2025, 4, 1)]
FIXED = [
    None,
    "",
    0,
    "0",
    Decimal("0.0000"),
    100,
    Decimal("100.00"),
    "650",
    Decimal("37.5"),
    Decimal("75.0000"),
]


def _same(a: StatusResult, b: StatusResult) -> bool:
    """Equal, and each Decimal written the same (str keeps the exponent)."""
    return a == b and str(a.rate) == str(b.rate) and str(a.expected) == str(b.expected)


def test_status_rule_gives_the_reference_result_everywhere():
    rng = random.Random(7)
    values = FIXED + [Decimal(rng.randint(0, 20000)) / Decimal(100) for _ in range(12)]
    targets = FIXED + [Decimal(rng.randint(1, 20000)) / Decimal(10) for _ in range(6)]
    checked = 0
    for kind, month, plan, due, year, as_of in itertools.product(
        KINDS, range(1, 13), PLANS, DUES, YEARS, AS_OF
    ):
        rule = status_rule(kind=kind, month=month, monthly_plan=plan, due_date=due, year=year, as_of=as_of)
        for value, target in itertools.product(rng.sample(values, 6), rng.sample(targets, 4)):
            kw = {
                "kind": kind,
                "month": month,
                "monthly_plan": plan,
                "due_date": due,
                "year": year,
                "as_of": as_of,
            }
            want = reference_status(value=value, target=target, **kw)
            assert _same(rule(value, target), want), (kw, value, target)
            assert _same(indicator_status(value=value, target=target, **kw), want), (kw, value, target)
            checked += 1
    assert checked > 80_000
