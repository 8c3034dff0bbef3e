"""Roll-ups of a programme's month: per county, per indicator, per level. Every status here comes from
progress.status.indicator_status, so the dashboard, exports, public pages and the reports app agree.

All selectors run a fixed number of queries whatever the number of counties, indicators or months.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Max, Q

from minsheng.accounts.models import Organisation
from projects.models import Indicator, IndicatorTarget, Level, Programme

from ..models import ACCEPTED_STATES, DisclosureScore, Figure, FigureState, ReportingPeriod, effective_value
from ..status import (
    SEVERITY,
    AcceptanceGap,
    MonthOnMonth,
    Status,
    StatusResult,
    acceptance_gap,
    indicator_status,
    month_on_month,
    project_year_end,
)

PERCENT_KINDS = ("percent", "deadline")
# THE roll-up rule for counties that have not reported this month (pages, exports, open data, bulletins):
CARRY_RULE = (
    "本月尚未报送（或仅有草稿）的县市区，按其最近一次经审核的核定值计入全市汇总和状态（标注“沿用 X 月”），"
    "从未有核定值的计为未报送；“已报送 x/y”为本月已报送该指标的县市区数 / 承担该指标的县市区数。"
)
ACCEPTED = [str(s) for s in ACCEPTED_STATES]
# What the per-level sentence counts, as in the seed 通报: 省定 by project, 市定/县定 by indicator.
BEHIND_NAMES_SHOWN = 8  # counties named per indicator on the dashboard (the export lists them all)
COUNT_UNIT = {Level.PROVINCE: "project", Level.CITY: "indicator", Level.COUNTY: "indicator"}


@dataclass
class CountyCell:
    """One county's row of one indicator in one month."""

    county: Organisation
    target_id: int
    target: Decimal | None
    figure_id: int | None
    state: str | None
    reported: Decimal | None
    verified: Decimal | None
    value: Decimal | None  # effective value (verified once accepted)
    previous: Decimal | None  # last month's effective value
    result: StatusResult
    mom_target: Decimal | None
    deduction_reason: str = ""
    carried_month: int | None = None  # the month whose verified value stands in for a missing report

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def is_reported(self) -> bool:
        """Whether the county reported this indicator this month (its value is not a carried one)."""
        return self.value is not None and self.carried_month is None

    @cached_property
    def mom(self) -> MonthOnMonth:
        """环比 against last month's effective value."""
        return month_on_month(value=self.value, previous_value=self.previous, target=self.mom_target)

    @cached_property
    def gap(self) -> AcceptanceGap:
        """Reported progress vs the verified 验收率."""
        return acceptance_gap(reported=self.reported, verified=self.verified, target=self.mom_target)


@dataclass
class IndicatorRollup:
    """An indicator's city roll-up: sum (quantity) or mean (percent) of county values vs county targets."""

    indicator: Indicator
    target: Decimal | None
    value: Decimal | None
    previous: Decimal | None
    result: StatusResult
    mom: MonthOnMonth
    cells: list[CountyCell] = field(default_factory=list)
    tracked_by: IndicatorRollup | None = None
    reporters: int = 0  # counties that reported this indicator this month
    units: int = 0  # counties assigned the indicator

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def reported_share(self) -> str:
        """“x/y”: counties that reported this month / counties assigned."""
        return f"{self.reporters}/{self.units}"

    @property
    def carried_cells(self) -> list[CountyCell]:
        return [c for c in self.cells if c.carried_month is not None]

    @property
    def project(self):
        return self.indicator.project

    @property
    def matter(self):
        return self.indicator.project.matter

    @cached_property
    def behind_cells(self) -> list[CountyCell]:
        return [c for c in self.cells if c.status == Status.BEHIND]

    @cached_property
    def fallen_cells(self) -> list[CountyCell]:
        return [
            c for c in self.cells if c.value is not None and c.previous is not None and c.value < c.previous
        ]


def _worst(statuses) -> Status:
    counted = [s for s in statuses if s.counted]
    if counted:
        return min(counted, key=SEVERITY.get)
    if Status.NOT_REPORTED in statuses:
        return Status.NOT_REPORTED
    return Status.NO_TARGET


@dataclass(frozen=True)
class _Target:
    pk: int
    county: Organisation
    target: Decimal | None


def _fetch(programme: Programme, month: int):
    """Four or five queries: indicators, targets, their counties (shared objects), figures of months m-1
    and m, and — only for targets lacking a value in them — the latest verified value of earlier months."""
    indicators = list(
        Indicator.objects.filter(project__matter__programme=programme)
        .select_related("project__matter", "project__lead_unit", "lead_unit")
        .order_by("project__matter__level", "project__matter__seq", "project__seq", "seq", "id")
    )
    rows = list(
        IndicatorTarget.objects.filter(indicator__project__matter__programme=programme)
        .order_by("county__sort_order", "county_id")
        .values_list("pk", "indicator_id", "county_id", "target")
    )
    counties = Organisation.objects.in_bulk({r[2] for r in rows})
    targets = defaultdict(list)
    for pk, indicator_id, county_id, target in rows:
        targets[indicator_id].append(_Target(pk, counties[county_id], target))
    months = [month - 1, month] if month > 1 else [month]
    figures: dict[tuple[int, int], tuple] = {}
    # .order_by(): Figure's default ordering would join and sort five tables (10× the query's cost)
    for row in (
        Figure.objects.filter(period__programme=programme, period__month__in=months)
        .order_by()
        .values_list(
            "target_id", "period__month", "id", "state", "value", "verified_value", "deduction_reason"
        )
    ):
        figures[(row[0], row[1])] = row
    carried = _carried(programme, month, [r[0] for r in rows], figures)
    return indicators, targets, figures, carried


def _accepted(row) -> bool:
    return row is not None and row[3] in ACCEPTED and row[5] is not None


def _carried(programme, month: int, target_ids: list[int], figures) -> dict[int, tuple[int, Decimal]]:
    """{target id: (month, verified value)}: the latest verified value before month m-1 of the targets
    whose months m-1 / m need one (at most one query, none when every county reported)."""
    if month <= 2:
        return {}
    needed = []
    for t in target_ids:
        cur, prev = figures.get((t, month)), figures.get((t, month - 1))
        own = effective_value(cur[3], cur[4], cur[5]) if cur else None
        own_prev = effective_value(prev[3], prev[4], prev[5]) if prev else None
        if own_prev is None or (own is None and not _accepted(prev)):
            needed.append(t)
    if not needed:
        return {}
    qs = Figure.objects.filter(
        period__programme=programme,
        period__month__lt=month - 1,
        state__in=ACCEPTED,
        verified_value__isnull=False,
    )
    if len(needed) <= 2000:  # else read the programme's older months whole rather than a huge IN list
        qs = qs.filter(target_id__in=needed)
    out: dict[int, tuple[int, Decimal]] = {}
    for target_id, m, verified in qs.order_by("period__month").values_list(
        "target_id", "period__month", "verified_value"
    ):
        out[target_id] = (m, verified)  # ascending months: the latest wins
    return out


def _values(t_pk: int, month: int, figures, carried):
    """(own effective value of month m, carried (month, value) standing in for it, or None)."""
    row = figures.get((t_pk, month))
    own = effective_value(row[3], row[4], row[5]) if row else None
    if own is not None:
        return own, None
    prev = figures.get((t_pk, month - 1))
    if _accepted(prev):
        return None, (month - 1, prev[5])
    return None, carried.get(t_pk)


def _cell(ind: Indicator, t: _Target, month: int, year: int, figures, carried, as_of=None) -> CountyCell:
    row = figures.get((t.pk, month))
    state, reported, verified = (row[3], row[4], row[5]) if row else (None, None, None)
    own, carry = _values(t.pk, month, figures, carried)
    value = own if own is not None else (carry[1] if carry else None)
    previous = None
    if month > 1:
        prev_own, prev_carry = _values(t.pk, month - 1, figures, carried)
        previous = prev_own if prev_own is not None else (prev_carry[1] if prev_carry else None)
    target = t.target
    result = indicator_status(
        kind=ind.kind,
        value=value,
        target=target,
        month=month,
        monthly_plan=ind.monthly_plan,
        due_date=ind.due_date,
        year=year,
        as_of=as_of,
    )
    mom_target = Decimal(100) if ind.kind in PERCENT_KINDS and target is None else target
    return CountyCell(
        county=t.county,
        target_id=t.pk,
        target=target,
        figure_id=row[2] if row else None,
        state=state,
        reported=reported,
        verified=verified,
        value=value,
        previous=previous,
        result=result,
        mom_target=mom_target,
        deduction_reason=row[6] if row else "",
        carried_month=carry[0] if own is None and carry else None,
    )


def _aggregate(ind: Indicator, cells: list[CountyCell], attr: str) -> tuple[Decimal | None, Decimal | None]:
    values = [getattr(c, attr) for c in cells if getattr(c, attr) is not None]
    if ind.kind in PERCENT_KINDS:
        return (sum(values) / len(values) if values else None), None
    targets = [c.target for c in cells if c.target is not None]
    return (sum(values) if values else None), (sum(targets) if targets else ind.target)


def _rollup_one(ind: Indicator, cells: list[CountyCell], month: int, year: int, as_of) -> IndicatorRollup:
    value, target = _aggregate(ind, cells, "value")
    previous, _ = _aggregate(ind, cells, "previous")
    if not cells:
        result = indicator_status(
            kind="pending" if ind.kind == "pending" else ind.kind, value=None, target=ind.target, month=month
        )
    elif ind.kind == "standard":
        status = _worst([c.status for c in cells])
        met = sum(1 for c in cells if c.status == Status.DONE)
        result = StatusResult(status, Decimal(met) / Decimal(len(cells)), None)
    else:
        result = indicator_status(
            kind=ind.kind,
            value=value,
            target=target,
            month=month,
            monthly_plan=ind.monthly_plan,
            due_date=ind.due_date,
            year=year,
            as_of=as_of,
        )
    mom_target = Decimal(100) if ind.kind in PERCENT_KINDS else target
    return IndicatorRollup(
        indicator=ind,
        target=target,
        value=value,
        previous=previous,
        result=result,
        mom=month_on_month(value=value, previous_value=previous, target=mom_target),
        cells=cells,
        reporters=sum(1 for c in cells if c.is_reported),
        units=len(cells),
    )


def indicator_rollup(
    *,
    programme: Programme,
    month: int,
    level: str | None = None,
    domain: str | None = None,
    lead_unit_id: int | None = None,
    as_of=None,
) -> list[IndicatorRollup]:
    """Every indicator of the programme for month m, in programme order (three queries).

    Returns a list of IndicatorRollup: `.indicator` (with project and matter loaded), `.target` (sum
    of county targets; None for percent kinds, which are measured against 100), `.value` (sum of the
    counties' effective values for quantities, their mean for percent/deadline kinds), `.previous`
    (the same for month m-1), `.result` (StatusResult: status, rate, expected), `.mom` (环比),
    `.cells` (one CountyCell per county: target, reported, verified, value, previous, result, mom,
    gap = reported vs verified 验收率, deduction_reason, carried_month) and `.tracked_by` (for an indicator
    "纳入…统一调度" without its own targets: the roll-up whose status it takes). Added: `.reporters` /
    `.units` / `.reported_share` ("已报送 x/y 县市区"). A county without this month's value counts with its
    latest verified value (CARRY_RULE; `cell.carried_month` says from when).
    """
    indicators, targets, figures, carried = _fetch(programme, month)
    rollups = {}
    for ind in indicators:
        cells = [
            _cell(ind, t, month, programme.year, figures, carried, as_of) for t in targets.get(ind.pk, [])
        ]
        rollups[ind.pk] = _rollup_one(ind, cells, month, programme.year, as_of)
    for r in rollups.values():
        if not r.cells and r.indicator.tracked_by_id in rollups:
            source = rollups[r.indicator.tracked_by_id]
            r.tracked_by, r.result, r.value, r.target, r.mom = (
                source,
                source.result,
                source.value,
                source.target,
                source.mom,
            )
            r.reporters, r.units = source.reporters, source.units
    out = []
    for r in rollups.values():
        ind = r.indicator
        if level and ind.project.matter.level != level:
            continue
        if domain and (ind.project.domain or ind.project.matter.domain) != domain:
            continue
        if lead_unit_id and lead_unit_id not in (ind.lead_unit_id, ind.project.lead_unit_id):
            continue
        out.append(r)
    return out


def _count(statuses: list[Status]) -> dict:
    return {
        "total": len(statuses),
        "done": sum(1 for s in statuses if s == Status.DONE),
        "on_track": sum(1 for s in statuses if s == Status.ON_TRACK),
        "behind": sum(1 for s in statuses if s == Status.BEHIND),
        "not_reported": sum(1 for s in statuses if s == Status.NOT_REPORTED),
        "no_target": sum(1 for s in statuses if s == Status.NO_TARGET),
    }


def programme_status_summary(
    *, programme: Programme, month: int, rollups: list[IndicatorRollup] | None = None, as_of=None
) -> dict:
    """The 一、工作推进情况 of a bulletin: per level counts and the items and counties behind.

    Returns {"programme", "month", "expected_percent", "levels": [level dict], "falls": [...]}.
    A level dict: {"level", "label", "unit" ("project"|"indicator"), "unit_label" ("项目"|"指标"),
    "projects": counts, "indicators": counts, "counts": the counts of `unit`, "sentence" (the seed-style
    summary), "behind_items": [{"indicator", "project", "rate_percent", "counties": [(county, rate%)]}]
    — items whose city roll-up is behind —, "behind_counties": [{"indicator", "project", "county",
    "rate_percent"}] — county rows behind even where the city is on schedule —, "behind_by_indicator":
    [{"indicator", "project", "count", "counties": first BEHIND_NAMES_SHOWN (county, rate%)}], "rollups"}. Counts dicts
    have total/done/on_track/behind/not_reported/no_target. "falls" lists county rows whose value fell
    month-on-month (环比下降, e.g. after a 核减) with the deduction reason. Added keys (level dicts and the
    top level): "reported_counties", "total_counties", "reported_share" ("x/y" counties that reported all
    their tasks this month), "carried_cells"; top level "carry_rule" (CARRY_RULE, the text pages show).
    """
    rollups = (
        rollups if rollups is not None else indicator_rollup(programme=programme, month=month, as_of=as_of)
    )
    levels = []
    for level in Level:
        rs = [r for r in rollups if r.matter.level == level]
        if not rs:
            continue
        by_project: dict[int, list] = defaultdict(list)
        for r in rs:
            by_project[r.project.pk].append(r.status)
        project_counts = _count([_worst(v) for v in by_project.values()])
        indicator_counts = _count([r.status for r in rs])
        unit = COUNT_UNIT[level]
        counts = project_counts if unit == "project" else indicator_counts
        unit_label = "项目" if unit == "project" else "指标"
        behind_items = [
            {
                "indicator": r.indicator,
                "project": r.project,
                "rate_percent": r.result.rate_percent,
                "counties": [(c.county, c.result.rate_percent) for c in r.behind_cells],
                "reported_share": r.reported_share,
            }
            for r in rs
            if r.status == Status.BEHIND
        ]
        behind_counties = [
            {
                "indicator": r.indicator,
                "project": r.project,
                "county": c.county,
                "rate_percent": c.result.rate_percent,
            }
            for r in rs
            for c in r.behind_cells
        ]
        behind_by_indicator = [
            {
                "indicator": r.indicator,
                "project": r.project,
                "count": len(r.behind_cells),
                "counties": [(c.county, c.result.rate_percent) for c in r.behind_cells[:BEHIND_NAMES_SHOWN]],
            }
            for r in rs
            if r.behind_cells
        ]
        sentence = (
            f"{counts['total']} 个{unit_label}：{counts['done']} 个已完成全年目标任务，"
            f"{counts['on_track']} 个按序时推进，{indicator_counts['behind']} 个指标未达序时"
        )
        levels.append(
            {
                "level": level.value,
                "label": level.label,
                "unit": unit,
                "unit_label": unit_label,
                "projects": project_counts,
                "indicators": indicator_counts,
                "counts": counts,
                "sentence": sentence,
                "behind_items": behind_items,
                "behind_by_indicator": behind_by_indicator,
                "behind_counties": behind_counties,
                "rollups": rs,
                **_reporting(rs),
            }
        )
    falls = [
        {
            "indicator": r.indicator,
            "project": r.project,
            "county": c.county,
            "previous": c.previous,
            "value": c.value,
            "delta_points": c.mom.delta_points,
            "reason": c.deduction_reason,
        }
        for r in rollups
        for c in r.fallen_cells
    ]
    expected = Decimal(month) * 100 / 12
    return {
        "programme": programme,
        "month": month,
        "expected_percent": expected.quantize(Decimal("0.01")),
        "levels": levels,
        "falls": falls,
        "carry_rule": CARRY_RULE,
        **_reporting(rollups),
    }


def _reporting(rollups: list[IndicatorRollup]) -> dict:
    """{"reported_counties", "total_counties", "reported_share" ("x/y"), "carried_cells"}: a county counts
    as reported when it reported every one of its tasks among these roll-ups this month."""
    complete: dict[int, bool] = {}
    carried = 0
    for r in rollups:
        for c in r.cells:
            pk = c.county.id
            complete[pk] = complete.get(pk, True) and c.is_reported
            carried += c.carried_month is not None
    done = sum(complete.values())
    return {
        "reported_counties": done,
        "total_counties": len(complete),
        "reported_share": f"{done}/{len(complete)}",
        "carried_cells": carried,
    }


def county_scorecard(
    *, programme: Programme, month: int, county: Organisation, rollups: list[IndicatorRollup] | None = None
) -> dict:
    """One county's rows with status, counts and its 信息公开 score.

    Returns {"county", "rows": [(IndicatorRollup, CountyCell)], "counts", "disclosure"}.
    """
    rollups = rollups if rollups is not None else indicator_rollup(programme=programme, month=month)
    rows = [(r, c) for r in rollups for c in r.cells if c.county.pk == county.pk]
    score = (
        DisclosureScore.objects.filter(programme=programme, county=county, month__lte=month)
        .order_by("-month")
        .first()
    )
    return {
        "county": county,
        "rows": rows,
        "counts": _count([c.status for _, c in rows]),
        "disclosure": score,
    }


def county_ranking(
    *, programme: Programme, month: int, rollups: list[IndicatorRollup] | None = None
) -> list[dict]:
    """Counties ranked by share on schedule, then 信息公开 score, then mean completion.

    Each dict: {"rank", "county", "counts", "on_schedule_percent", "mean_rate_percent", "disclosure",
    "disclosure_max"}.
    """
    rollups = rollups if rollups is not None else indicator_rollup(programme=programme, month=month)
    cells_by_county: dict[int, list[CountyCell]] = defaultdict(list)
    counties = {}
    for r in rollups:
        for c in r.cells:
            cells_by_county[c.county.pk].append(c)
            counties[c.county.pk] = c.county
    scores = {}
    for s in DisclosureScore.objects.filter(programme=programme, month__lte=month).order_by("month"):
        scores[s.county_id] = s  # latest month wins
    rows = []
    for pk, cells in cells_by_county.items():
        counts = _count([c.status for c in cells])
        counted = counts["done"] + counts["on_track"] + counts["behind"]
        share = Decimal(counts["done"] + counts["on_track"]) * 100 / counted if counted else Decimal(0)
        rates = [min(c.result.rate, Decimal(1)) for c in cells if c.result.rate is not None]
        mean = sum(rates) * 100 / len(rates) if rates else Decimal(0)
        score = scores.get(pk)
        rows.append(
            {
                "county": counties[pk],
                "counts": counts,
                "on_schedule_percent": share.quantize(Decimal("0.01")),
                "mean_rate_percent": mean.quantize(Decimal("0.01")),
                "disclosure": score.score if score else None,
                "disclosure_max": score.max_score if score else None,
            }
        )
    rows.sort(
        key=lambda r: (
            -r["on_schedule_percent"],
            -(r["disclosure"] or 0),
            -r["mean_rate_percent"],
            r["county"].sort_order,
        )
    )
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    return rows


def heatmap(*, rollups: list[IndicatorRollup]) -> dict:
    """County × indicator matrix: {"counties": [...], "rows": [(rollup, [cell or None per county])]}."""
    counties = {}
    for r in rollups:
        for c in r.cells:
            counties.setdefault(c.county.pk, c.county)
    order = sorted(counties.values(), key=lambda c: (c.sort_order, c.pk))
    rows = []
    for r in rollups:
        by = {c.county.pk: c for c in r.cells}
        rows.append((r, [by.get(c.pk) for c in order]))
    return {"counties": order, "rows": rows}


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
            v = effective_value(row[2], row[3], row[4]) if row else None
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


def submission_status(*, period: ReportingPeriod, now: datetime) -> list[dict]:
    """This month's submission per county: {"county", "assigned", "submitted", "drafts", "missing",
    "last_submitted_at", "late" (submitted after the deadline, or still missing past it)}. Two queries."""
    assigned = {
        row["county"]: row["n"]
        for row in IndicatorTarget.objects.filter(
            indicator__project__matter__programme_id=period.programme_id
        )
        .values("county")
        .annotate(n=Count("id"))
    }
    done_states = [s for s in FigureState if s not in (FigureState.DRAFT, FigureState.RETURNED)]
    stats = {
        row["target__county"]: row
        for row in Figure.objects.filter(period=period)
        .values("target__county")
        .annotate(
            submitted=Count("id", filter=Q(state__in=done_states)),
            drafts=Count("id", filter=Q(state__in=[FigureState.DRAFT, FigureState.RETURNED])),
            last=Max("submitted_at"),
        )
    }
    counties = Organisation.objects.in_bulk(list(assigned))
    rows = []
    for pk, n in assigned.items():
        s = stats.get(pk, {})
        submitted = s.get("submitted", 0)
        last = s.get("last")
        missing = n - submitted
        late = (missing > 0 and now > period.deadline) or (last is not None and last > period.deadline)
        rows.append(
            {
                "county": counties[pk],
                "assigned": n,
                "submitted": submitted,
                "drafts": s.get("drafts", 0),
                "missing": missing,
                "last_submitted_at": last,
                "late": late,
            }
        )
    rows.sort(key=lambda r: (r["county"].sort_order, r["county"].pk))
    return rows
