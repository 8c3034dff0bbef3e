"""Reading and building roll-ups: ONE implementation shared by indicator_rollup (one programme) and cities_rollup
(every programme of the cities in one batch).

read_indicators → read_targets (own rows and the 上级计划指标 family rows entered in other programmes) →
read_figures (months m-1 and m) → read_carried (CARRY_RULE) → build_rollups (one CountyCell per target, one
IndicatorRollup per indicator, take_sources for indicators tracked by another)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, Q

from minsheng.accounts.models import Organisation
from projects.models import Indicator, IndicatorTarget

from ...models import Figure
from ...status import Status, StatusResult, indicator_status, month_on_month
from .cells import ACCEPTED, PERCENT_KINDS, CountyCell, IndicatorRollup, _worst

# Figure columns read for a roll-up, in this order (a row of read_figures).
FIGURE_FIELDS = ("target_id", "period__month", "id", "state", "value", "verified_value", "deduction_reason")
IN_LIST_MAX = 2000  # above this many ids, read a programme's rows whole rather than a huge IN list


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
    by_top: dict[int, list[Indicator]] = defaultdict(list)
    for i in indicators:
        by_top[family_top(i)].append(i)
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
    rows.sort(key=lambda r: (counties[r[2]].sort_order, r[2]))
    segments = {pk: f"/{org}/" for pk, org in organisation_of.items()}
    # (row, indicator of this batch reading it) for rows entered in another programme than the reader's
    foreign = []
    for r in rows:
        for reader in by_top.get(r[5] or r[4] or r[1], ()):
            reader_programme = reader.project.matter.programme_id
            if reader.pk == r[1] or own_programme.get(r[1]) == reader_programme:
                continue
            if segments[reader_programme] in counties[r[2]].path:
                foreign.append((r, reader))
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
    for r, reader in foreign:
        targets[reader.pk].append(Target(r[0], counties[r[2]], r[3], sources[r[1]]))
    for lst in targets.values():
        lst.sort(key=lambda t: (t.county.sort_order, t.county.pk))  # own before family rows of a county
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
        qs = qs.filter(period__programme_id__in=rows.programme_ids)
    return {(row[0], row[1]): row for row in qs.values_list(*FIGURE_FIELDS)}


def _accepted(row) -> bool:
    return row is not None and row[3] in ACCEPTED and row[5] is not None


def _counted(row) -> Decimal | None:
    """The value a county's figure adds to a roll-up: its verified value once the office accepted it. A
    submitted figure waiting for review, or one returned as wrong, counts nothing (the county's latest
    verified value stands in, CARRY_RULE); its reported value stays on the cell (`reported`, `awaiting`)."""
    return row[5] if _accepted(row) else None


def read_carried(
    *, programme_ids, month: int, target_ids: list[int], figures
) -> dict[int, tuple[int, Decimal]]:
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
    if len(needed) <= IN_LIST_MAX:  # else read the programme's older months whole rather than a huge IN list
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


def county_cell(
    *, indicator: Indicator, target: Target, month: int, year: int, figures, carried, as_of=None
) -> CountyCell:
    """One county's cell of an indicator for month m (CARRY_RULE for a missing value)."""
    ind, t = indicator, target
    row = figures.get((t.pk, month))
    state, reported, verified = (row[3], row[4], row[5]) if row else (None, None, None)
    own, carry = _values(t.pk, month, figures, carried)
    value = own if own is not None else (carry[1] if carry else None)
    previous = None
    if month > 1:
        prev_own, prev_carry = _values(t.pk, month - 1, figures, carried)
        previous = prev_own if prev_own is not None else (prev_carry[1] if prev_carry else None)
    target_value = t.target
    result = indicator_status(
        kind=ind.kind,
        value=value,
        target=target_value,
        month=month,
        monthly_plan=ind.monthly_plan,
        due_date=ind.due_date,
        year=year,
        as_of=as_of,
    )
    mom_target = Decimal(100) if ind.kind in PERCENT_KINDS and target_value is None else target_value
    return CountyCell(
        county=t.county,
        target_id=t.pk,
        target=target_value,
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


def indicator_of_cells(
    *, indicator: Indicator, cells: list[CountyCell], month: int, year: int, as_of=None
) -> IndicatorRollup:
    """An indicator's roll-up over some of its cells: quantities summed, percents averaged, targets summed; a
    standard's status is the worst of its cells'."""
    ind = indicator
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
        cells = [
            county_cell(
                indicator=ind, target=t, month=month, year=year, figures=figures, carried=carried, as_of=as_of
            )
            for t in targets.get(ind.pk, [])
        ]
        rollups[ind.pk] = indicator_of_cells(indicator=ind, cells=cells, month=month, year=year, as_of=as_of)
    take_sources(rollups)
    return rollups
