"""Reading and building roll-ups: ONE implementation shared by indicator_rollup (one programme) and cities_rollup
(every programme of the cities in one batch).

read_indicators → read_targets (own rows and the 上级计划指标 family rows entered in other programmes) →
read_figures (months m-1 and m) → read_carried (CARRY_RULE) → build_rollups (indicator_cells: one CountyCell per target, one
IndicatorRollup per indicator, take_sources for indicators tracked by another)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db import connections
from django.db.models import F, Q

from minsheng.accounts.models import Organisation
from projects.models import Indicator, IndicatorTarget

from ...models import Figure, ReportingPeriod
from ...status import Status, StatusResult, indicator_status, month_on_month, status_rule
from .cells import ACCEPTED, PERCENT_KINDS, REPORTED_STATES, CountyCell, IndicatorRollup, _worst

# Figure columns read for a roll-up, in this order (a row of read_figures).
FIGURE_FIELDS = ("target_id", "period__month", "id", "state", "value", "verified_value", "deduction_reason")
IN_LIST_MAX = 2000  # above this many ids, read a programme's rows whole rather than a huge IN list
# A figure counts in a roll-up with its verified value once the office accepted it (verified, deducted, locked). A
# submitted figure waiting for review, or one returned as wrong, counts nothing (the county's latest verified value
# stands in, CARRY_RULE); its reported value stays on the cell (`reported`, `awaiting`).
_ACCEPTED = frozenset(ACCEPTED)
_HUNDRED = Decimal(100)


class Target(NamedTuple):  # a tuple: thousands are built per roll-up
    pk: int
    county: Organisation
    target: Decimal | None
    entered_in: Indicator | None = None  # another programme's family indicator holding the row


class TargetRows(NamedTuple):
    targets: dict[int, list[Target]]  # indicator pk → its target rows (own and family), in county order
    programme_ids: list[int]  # every programme whose figures the rows need
    row_ids: list[int]  # every row read
    foreign_ids: list[int]  # the rows entered in another programme than their reader's


def read_indicators(*, programme_ids: list[int]) -> list[Indicator]:
    """The programmes' indicators in programme order, with project, matter and lead units loaded and
    `upper_top_id` (the upper's upper) annotated. One query."""
    return list(
        Indicator.objects.filter(project__matter__programme_id__in=programme_ids)
        .select_related("project__matter", "project__lead_unit", "lead_unit")
        .annotate(upper_top_id=F("upper__upper_id"))
        .order_by("project__matter__level", "project__matter__seq", "project__seq", "seq", "id")
    )


def family_top(ind: Indicator) -> int:
    """The top of the indicator's family of upper links (上级计划指标): itself when it has no upper."""
    return ind.upper_top_id or ind.upper_id or ind.pk


def read_targets(
    *, indicators: list[Indicator], organisation_of: dict[int, int], county_id: int | None = None
) -> TargetRows:
    """Each indicator's target rows: its own, plus — for work shared with another level's programme through
    上级计划指标 — the family's rows in other programmes whose county is inside the reading indicator's programme's
    subtree (entered there, read here). `organisation_of` maps each programme of the indicators to its
    organisation's pk; `county_id` keeps one county's rows. One query for the rows (the family's indicators in a
    subquery, so the rows are found through their indicator index), one for their counties, one more for the
    other programmes' indicators when there are such rows."""
    own_programme = {i.pk: i.project.matter.programme_id for i in indicators}
    by_top: dict[int, list[tuple[int, int]]] = defaultdict(list)  # family top → (indicator pk, its programme)
    for i in indicators:
        by_top[family_top(i)].append((i.pk, own_programme[i.pk]))
    tops = list(by_top)
    family = Indicator.objects.filter(
        Q(pk__in=list(own_programme)) | Q(pk__in=tops) | Q(upper_id__in=tops) | Q(upper__upper_id__in=tops)
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
    order = {pk: (c.sort_order, pk) for pk, c in counties.items()}
    rows.sort(key=lambda r: order[r[2]])
    segments = {pk: f"/{org}/" for pk, org in organisation_of.items()}
    # (row, indicator of this batch reading it) for rows entered in another programme than the reader's
    foreign = []
    no_readers = ()
    for r in rows:
        readers = by_top.get(r[5] or r[4] or r[1], no_readers)
        if len(readers) == 1 and readers[0][0] == r[1]:
            continue  # the usual row: its own indicator's, with no family in this batch
        for reader_pk, reader_programme in readers:
            if reader_pk == r[1] or own_programme.get(r[1]) == reader_programme:
                continue
            if segments[reader_programme] in counties[r[2]].path:
                foreign.append((r, reader_pk))
    sources = (
        Indicator.objects.select_related("project__matter__programme__organisation").in_bulk(
            {r[1] for r, _ in foreign}
        )
        if foreign
        else {}
    )
    targets: dict[int, list[Target]] = defaultdict(list)
    for r in rows:
        if r[1] in own_programme:
            targets[r[1]].append(Target(r[0], counties[r[2]], r[3]))
    for r, reader_pk in foreign:
        targets[reader_pk].append(Target(r[0], counties[r[2]], r[3], sources[r[1]]))
    for reader_pk in {reader_pk for _, reader_pk in foreign}:  # the other lists are in county order already
        targets[reader_pk].sort(key=lambda t: order[t.county.pk])  # own before family rows of a county
    programme_ids = sorted(set(organisation_of) | {s.project.matter.programme_id for s in sources.values()})
    return TargetRows(
        targets=targets,
        programme_ids=programme_ids,
        row_ids=[r[0] for r in rows],
        foreign_ids=sorted({r[0] for r, _ in foreign}),
    )


def read_figures(
    *, programme_ids: list[int], month: int, rows: TargetRows, narrowed: bool = False
) -> dict[tuple[int, int], tuple]:
    """{(target id, month): FIGURE_FIELDS row} of months m-1 and m for the rows of `programme_ids` (the batch
    read). One query: a narrowed page (some indicators or one county) reads only its own rows; one programme
    reading a few rows of others reads those by id; else every needed programme's months are read whole."""
    months = [month - 1, month] if month > 1 else [month]
    # .order_by(): Figure's default ordering would join and sort five tables (10× the query's cost)
    qs = Figure.objects.filter(period__month__in=months).order_by()
    if narrowed and len(rows.row_ids) <= IN_LIST_MAX:
        qs = qs.filter(target_id__in=rows.row_ids)
    elif len(programme_ids) == 1 and rows.foreign_ids and len(rows.foreign_ids) <= IN_LIST_MAX:
        qs = qs.filter(Q(period__programme_id=programme_ids[0]) | Q(target_id__in=rows.foreign_ids))
    else:
        # The months' periods in a subquery: PostgreSQL then reads each period's figures by index (15 ms at province
        # scale) where a filter on the joined period's columns scanned every figure of every month (33 ms).
        periods = ReportingPeriod.objects.filter(programme_id__in=rows.programme_ids, month__in=months)
        qs = qs.filter(period_id__in=periods.values("pk"))
    return {(row[0], row[1]): row for row in qs.values_list(*FIGURE_FIELDS)}


def read_carried(
    *, programme_ids, month: int, target_ids: list[int], figures
) -> dict[int, tuple[int, Decimal]]:
    """{target id: (month, verified value)}: the latest verified value before month m-1 of the targets
    whose months m-1 / m need one (at most one query, none when every county reported)."""
    if month <= 2:
        return {}
    get, accepted, prev_month = figures.get, _ACCEPTED, month - 1
    needed = []
    for t in target_ids:  # those whose month m-1 has no verified value (a cell then looks further back)
        prev = get((t, prev_month))
        if prev is None or prev[3] not in accepted or prev[5] is None:
            needed.append(t)
    if not needed:
        return {}
    qs = Figure.objects.filter(
        period__programme_id__in=programme_ids,
        period__month__lt=month - 1,
        state__in=ACCEPTED,
        verified_value__isnull=False,
    )
    if len(needed) <= IN_LIST_MAX:  # else read the programme's older months whole rather than a huge IN list
        qs = qs.filter(target_id__in=needed)
    fields = ("target_id", "period__month", "verified_value")
    if (
        connections[qs.db].vendor == "postgresql"
    ):  # the latest month per target only (DISTINCT ON: half the time)
        qs = qs.order_by("target_id", "-period__month").distinct("target_id")
        return {target_id: (m, verified) for target_id, m, verified in qs.values_list(*fields)}
    out: dict[int, tuple[int, Decimal]] = {}
    for target_id, m, verified in qs.order_by("period__month").values_list(*fields):
        out[target_id] = (m, verified)  # ascending months: the latest wins
    return out


def indicator_cells(
    *, indicator: Indicator, targets: list[Target], month: int, year: int, figures, carried, as_of=None
) -> list[CountyCell]:
    """The county cells of an indicator for month m, one per target row: the county's own verified value of the
    month, else (CARRY_RULE) last month's, else the latest earlier one (`carried`), and last month's likewise;
    the status from progress.status (status_rule: indicator_status worked out once per indicator)."""
    rule = status_rule(
        kind=indicator.kind,
        month=month,
        monthly_plan=indicator.monthly_plan,
        due_date=indicator.due_date,
        year=year,
        as_of=as_of,
    )
    percent = indicator.kind in PERCENT_KINDS
    get, carried_get, accepted = figures.get, carried.get, _ACCEPTED
    prev_month = month - 1
    cells = []
    for t in targets:
        pk = t.pk
        row = get((pk, month))
        prev = get((pk, prev_month))  # None for month 1: no month 0 is read
        prev_counted = prev is not None and prev[3] in accepted and prev[5] is not None
        carry = None if prev_counted else carried_get(pk)  # the latest verified value before month m-1
        if row is not None and row[3] in accepted and row[5] is not None:
            value, carried_month = row[5], None
        elif prev_counted:
            value, carried_month = prev[5], prev_month
        elif carry is not None:
            value, carried_month = carry[1], carry[0]
        else:
            value = carried_month = None
        if month == 1:
            previous = None
        elif prev_counted:
            previous = prev[5]
        else:
            previous = carry[1] if carry is not None else None
        target = t.target
        if row is None:
            figure_id = state = reported = verified = None
            reason = ""
        else:
            figure_id, state, reported, verified, reason = row[2], row[3], row[4], row[5], row[6]
        cells.append(
            CountyCell(
                county=t.county,
                target_id=pk,
                target=target,
                figure_id=figure_id,
                state=state,
                reported=reported,
                verified=verified,
                value=value,
                previous=previous,
                result=rule(value, target),
                mom_target=_HUNDRED if percent and target is None else target,
                deduction_reason=reason,
                carried_month=carried_month,
                entered_in=t.entered_in,
            )
        )
    return cells


def _aggregate(
    ind: Indicator, cells: list[CountyCell], values: list
) -> tuple[Decimal | None, Decimal | None]:
    """(sum or mean of the cells' `values` that are not None, sum of the cells' targets or the indicator's)."""
    values = [v for v in values if v is not None]
    if ind.kind in PERCENT_KINDS:
        return (sum(values) / len(values) if values else None), None
    targets = [c.target for c in cells if c.target is not None]
    return (sum(values) if values else None), (sum(targets) if targets else ind.target)


def indicator_of_cells(
    *, indicator: Indicator, cells: list[CountyCell], month: int, year: int, as_of=None
) -> IndicatorRollup:
    """An indicator's roll-up over some of its cells: quantities summed, percents averaged, targets summed; a
    standard's status is the worst of its cells'."""
    ind = indicator
    value, target = _aggregate(ind, cells, [c.value for c in cells])
    previous, _ = _aggregate(ind, cells, [c.previous for c in cells])
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
        reporters=sum(
            1 for c in cells if c.state in REPORTED_STATES
        ),  # CountyCell.is_reported, without the call
        units=len(cells),
    )


def take_sources(rollups: dict[int, IndicatorRollup]) -> None:
    """An indicator without targets of its own ("纳入…统一调度") takes its source's roll-up."""
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


def build_rollups(
    *,
    indicators: list[Indicator],
    targets: dict[int, list[Target]],
    month: int,
    year: int,
    figures,
    carried,
    as_of,
) -> dict[int, IndicatorRollup]:
    """{indicator pk: IndicatorRollup} in the indicators' order, each over its targets' cells, with
    take_sources applied. No query."""
    rollups: dict[int, IndicatorRollup] = {}
    for ind in indicators:
        cells = indicator_cells(
            indicator=ind,
            targets=targets.get(ind.pk, []),
            month=month,
            year=year,
            figures=figures,
            carried=carried,
            as_of=as_of,
        )
        rollups[ind.pk] = indicator_of_cells(indicator=ind, cells=cells, month=month, year=year, as_of=as_of)
    take_sources(rollups)
    return rollups
