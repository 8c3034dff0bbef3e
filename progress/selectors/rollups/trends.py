"""Over the months: one indicator's actual vs expected completion, and the year-end projection."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from minsheng.accounts.models import Organisation
from projects.models import Indicator, IndicatorTarget, Programme

from ...models import Figure
from ...status import Status, indicator_status, project_year_end
from .cells import ACCEPTED, PERCENT_KINDS, IndicatorRollup
from .indicators import indicator_rollup


def indicator_trend(*, indicator: Indicator, county: Organisation | None = None, month: int = 12) -> dict:
    """Actual vs expected completion per month for one indicator (city or one county).

    Returns {"months": [1..m], "actual": [percent or None], "expected": [percent], "statuses": [...]}.
    """
    programme = indicator.project.matter.programme
    targets = list(
        IndicatorTarget.objects.filter(indicator=indicator, **({"county": county} if county else {}))
    )
    ids = [t.pk for t in targets]
    per_month: dict[int, dict[int, tuple]] = defaultdict(dict)
    for row in (
        Figure.objects.filter(target_id__in=ids, period__month__lte=month)
        .order_by()
        .values_list("target_id", "period__month", "state", "value", "verified_value")
    ):
        per_month[row[1]][row[0]] = row
    months = list(range(1, month + 1))
    actual, expected, statuses = [], [], []
    last_verified: dict[int, Decimal] = {}  # CARRY_RULE: the latest verified value before month m
    for m in months:
        cells = []
        for t in targets:
            row = per_month[m].get(t.pk)
            # Verified values only, as in every roll-up: a submitted figure the office has not checked (or returned)
            # never moves the line; the month then carries the latest verified value.
            v = row[4] if row and row[2] in ACCEPTED else None
            cells.append((t.target, v if v is not None else last_verified.get(t.pk)))
        for t in targets:
            row = per_month[m].get(t.pk)
            if row and row[2] in ACCEPTED and row[4] is not None:
                last_verified[t.pk] = row[4]
        values = [v for _, v in cells if v is not None]
        if indicator.kind in PERCENT_KINDS:
            value, target = (sum(values) / len(values) if values else None), None
        else:
            value = sum(values) if values else None
            target = sum(t for t, _ in cells if t is not None) or indicator.target
        res = indicator_status(
            kind=indicator.kind,
            value=value,
            target=target,
            month=m,
            monthly_plan=indicator.monthly_plan,
            due_date=indicator.due_date,
            year=programme.year,
        )
        actual.append(float(res.rate_percent) if res.rate_percent is not None else None)
        expected.append(float(res.expected_percent) if res.expected_percent is not None else None)
        statuses.append(res.status.value)
    return {"months": months, "actual": actual, "expected": expected, "statuses": statuses}


def projections(
    *, programme: Programme, month: int, rollups: list[IndicatorRollup] | None = None
) -> list[dict]:
    """Year-end projection per indicator (straight line from January); early warning when on schedule
    today but projected below 100%. Each dict: {"rollup", "projected_percent", "warning"}."""
    rollups = rollups if rollups is not None else indicator_rollup(programme=programme, month=month)
    out = []
    for r in rollups:
        projected = None
        if r.value is not None and r.indicator.kind == "quantity":
            projected = project_year_end(values_by_month={month: r.value}, target=r.target)
        elif r.value is not None and r.indicator.kind in PERCENT_KINDS:
            projected = project_year_end(values_by_month={month: r.value}, target=Decimal(100))
        pct = (projected * 100).quantize(Decimal("0.01")) if projected is not None else None
        warning = r.status == Status.ON_TRACK and projected is not None and projected < 1
        out.append({"rollup": r, "projected_percent": pct, "warning": warning})
    return out
