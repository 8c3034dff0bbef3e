"""indicator_rollup: every indicator of a programme's month with one cell per county (a fixed number of
queries), and the CARRY_RULE that fills a county's missing month with its latest verified value."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, Q

from minsheng.accounts.models import Organisation
from projects.models import Indicator, IndicatorTarget, Programme

from ...models import Figure
from ...status import Status, StatusResult, indicator_status, month_on_month
from .cells import ACCEPTED, PERCENT_KINDS, CountyCell, IndicatorRollup, _worst


class _Target(NamedTuple):  # a tuple: thousands are built per roll-up
    pk: int
    county: Organisation
    target: Decimal | None
    entered_in: Indicator | None = None  # another programme's family indicator holding the row


def _shown(ind: Indicator, level, domain, lead_unit_id, project_id) -> bool:
    """Whether the filters of a page keep this indicator."""
    if level and ind.project.matter.level != level:
        return False
    if domain and (ind.project.domain or ind.project.matter.domain) != domain:
        return False
    if lead_unit_id and lead_unit_id not in (ind.lead_unit_id, ind.project.lead_unit_id):
        return False
    return not (project_id and ind.project_id != project_id)


def _with_sources(indicators: list[Indicator], keep: set[int]) -> list[Indicator]:
    """The kept indicators and, transitively, the indicators they are tracked by (an indicator without
    targets takes its source's roll-up), in programme order."""
    by_pk = {i.pk: i for i in indicators}
    needed: set[int] = set()
    stack = list(keep)
    while stack:
        pk = stack.pop()
        if pk in needed:
            continue
        needed.add(pk)
        source = by_pk[pk].tracked_by_id
        if source in by_pk:
            stack.append(source)
    return [i for i in indicators if i.pk in needed]


def _top(ind: Indicator) -> int:
    """The top of the indicator's family of upper links (上级计划指标): itself when it has no upper."""
    return ind.upper_top_id or ind.upper_id or ind.pk


def _fetch(programme: Programme, month: int, *, keep=None, county_id: int | None = None):
    """Four or five queries: indicators, targets, their counties (shared objects), figures of months m-1
    and m, and — only for targets lacking a value in them — the latest verified value of earlier months.
    One more when the programme's indicators share work with other levels' programmes (上级计划指标): the
    family rows of those programmes within this programme's subtree, read with their own programmes' figures.

    `keep` (a predicate on an indicator) narrows the targets and figures read to the kept indicators and
    their tracked-by sources; `county_id` to one county's targets."""
    indicators = list(
        Indicator.objects.filter(project__matter__programme=programme)
        .select_related("project__matter", "project__lead_unit", "lead_unit")
        .annotate(upper_top_id=F("upper__upper_id"))
        .order_by("project__matter__level", "project__matter__seq", "project__seq", "seq", "id")
    )
    if keep is not None:
        indicators = _with_sources(indicators, {i.pk for i in indicators if keep(i)})
    own_ids = [i.pk for i in indicators]
    by_top: dict[int, list[int]] = defaultdict(list)
    for i in indicators:
        by_top[_top(i)].append(i.pk)
    tops = list(by_top)
    # One query for the own rows and the rows of every family member in other programmes (up to two links
    # above or below an indicator): the family's indicators in a subquery, so the targets are found through
    # their indicator index as before.
    family = Indicator.objects.filter(
        Q(pk__in=own_ids) | Q(pk__in=tops) | Q(upper_id__in=tops) | Q(upper__upper_id__in=tops)
    ).values("pk")
    qs = IndicatorTarget.objects.filter(indicator_id__in=family)
    if county_id is not None:
        qs = qs.filter(county_id=county_id)
    # .order_by(): no join for the default ordering; the counties' order is applied below
    rows = list(
        qs.order_by().values_list(
            "pk", "indicator_id", "county_id", "target", "indicator__upper_id", "indicator__upper__upper_id"
        )
    )
    counties = Organisation.objects.in_bulk({r[2] for r in rows})
    own = set(own_ids)
    segment = f"/{programme.organisation_id}/"
    foreign_rows = [
        r for r in rows if r[1] not in own and segment in counties[r[2]].path  # within this subtree only
    ]
    rows = [r for r in rows if r[1] in own] + foreign_rows
    rows.sort(key=lambda r: (counties[r[2]].sort_order, r[2]))  # one target per (indicator, county)
    sources = (
        Indicator.objects.select_related("project__matter__programme__organisation").in_bulk(
            {r[1] for r in foreign_rows}
        )
        if foreign_rows
        else {}
    )
    targets = defaultdict(list)
    for pk, indicator_id, county_id_, target, upper_id, upper_top_id in rows:
        if indicator_id in own:
            targets[indicator_id].append(_Target(pk, counties[county_id_], target))
            continue
        for own_pk in by_top.get(upper_top_id or upper_id or indicator_id, ()):
            targets[own_pk].append(_Target(pk, counties[county_id_], target, sources[indicator_id]))
    months = [month - 1, month] if month > 1 else [month]
    programme_ids = {programme.pk} | {s.project.matter.programme_id for s in sources.values()}
    # .order_by(): Figure's default ordering would join and sort five tables (10× the query's cost)
    qs = Figure.objects.filter(period__month__in=months).order_by()
    if (keep is not None or county_id is not None) and len(rows) <= 2000:
        qs = qs.filter(target_id__in=[r[0] for r in rows])  # a narrowed page reads only its own rows
    elif foreign_rows and len(foreign_rows) <= 2000:
        qs = qs.filter(Q(period__programme=programme) | Q(target_id__in=[r[0] for r in foreign_rows]))
    else:
        qs = qs.filter(period__programme_id__in=programme_ids)
    figures: dict[tuple[int, int], tuple] = {
        (row[0], row[1]): row
        for row in qs.values_list(
            "target_id", "period__month", "id", "state", "value", "verified_value", "deduction_reason"
        )
    }
    carried = _carried(programme_ids, month, [r[0] for r in rows], figures)
    return indicators, targets, figures, carried


def _accepted(row) -> bool:
    return row is not None and row[3] in ACCEPTED and row[5] is not None


def _counted(row) -> Decimal | None:
    """The value a county's figure adds to a roll-up: its verified value once the office accepted it. A
    submitted figure waiting for review, or one returned as wrong, counts nothing (the county's latest
    verified value stands in, CARRY_RULE); its reported value stays on the cell (`reported`, `awaiting`)."""
    return row[5] if _accepted(row) else None


def _carried(programme_ids: set[int], month: int, target_ids: list[int], figures) -> dict[int, tuple[int, Decimal]]:
    """{target id: (month, verified value)}: the latest verified value before month m-1 of the targets
    whose months m-1 / m need one (at most one query, none when every county reported)."""
    if month <= 2:
        return {}
    needed = []
    for t in target_ids:
        cur, prev = figures.get((t, month)), figures.get((t, month - 1))
        own = _counted(cur)
        own_prev = _counted(prev)
        if own_prev is None or (own is None and not _accepted(prev)):
            needed.append(t)
    if not needed:
        return {}
    qs = Figure.objects.filter(
        period__programme_id__in=programme_ids,
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
    own = _counted(row)
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
        entered_in=t.entered_in,
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
    project_id: int | None = None,
    as_of=None,
) -> list[IndicatorRollup]:
    """Every indicator of the programme for month m, in programme order (four or five queries).

    Returns a list of IndicatorRollup: `.indicator` (with project and matter loaded), `.target` (sum
    of county targets; None for percent kinds, which are measured against 100), `.value` (sum of the
    counties' effective values for quantities, their mean for percent/deadline kinds), `.previous`
    (the same for month m-1), `.result` (StatusResult: status, rate, expected), `.mom` (环比),
    `.cells` (one CountyCell per county: target, reported, verified, value, previous, result, mom,
    gap = reported vs verified 验收率, deduction_reason, carried_month) and `.tracked_by` (for an indicator
    "纳入…统一调度" without its own targets: the roll-up whose status it takes). Added: `.reporters` /
    `.units` / `.reported_share` ("已报送 x/y 县市区"). A county without this month's value counts with its
    latest verified value (CARRY_RULE; `cell.carried_month` says from when).

    The filters (level, domain, lead unit, project) keep some indicators; only those and the indicators
    they are tracked by are read and computed, and each kept roll-up is the same as in the whole list.
    """
    return _rollups(
        programme=programme,
        month=month,
        level=level,
        domain=domain,
        lead_unit_id=lead_unit_id,
        project_id=project_id,
        as_of=as_of,
    )


def _rollups(
    *,
    programme: Programme,
    month: int,
    level: str | None = None,
    domain: str | None = None,
    lead_unit_id: int | None = None,
    project_id: int | None = None,
    county_id: int | None = None,
    as_of=None,
) -> list[IndicatorRollup]:
    """indicator_rollup; with `county_id`, over that county's targets alone (its scorecard's rows: each
    cell is the same as in the whole roll-up, each roll-up is the county's own)."""

    def keep(ind: Indicator) -> bool:
        return _shown(ind, level, domain, lead_unit_id, project_id)

    narrowed = any((level, domain, lead_unit_id, project_id))
    indicators, targets, figures, carried = _fetch(
        programme, month, keep=keep if narrowed else None, county_id=county_id
    )
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
    return [r for r in rollups.values() if keep(r.indicator)]
