"""indicator_rollup: every indicator of a programme's month with one cell per county (a fixed number of
queries), and the CARRY_RULE that fills a county's missing month with its latest verified value."""

from __future__ import annotations

from minsheng.common.batch import gc_paused
from projects.models import Indicator, Programme

from .build import build_rollups, read_carried, read_figures, read_indicators, read_targets
from .cells import IndicatorRollup


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


def _fetch(programme: Programme, month: int, *, keep=None, county_id: int | None = None):
    """Four or five queries: indicators, targets, their counties (shared objects), figures of months m-1
    and m, and — only for targets lacking a value in them — the latest verified value of earlier months.
    One more when the programme's indicators share work with other levels' programmes (上级计划指标): the
    family rows of those programmes within this programme's subtree, read with their own programmes' figures.

    `keep` (a predicate on an indicator) narrows the targets and figures read to the kept indicators and
    their tracked-by sources; `county_id` to one county's targets."""
    indicators = read_indicators(programme_ids=[programme.pk])
    if keep is not None:
        indicators = _with_sources(indicators, {i.pk for i in indicators if keep(i)})
    rows = read_targets(
        indicators=indicators, organisation_of={programme.pk: programme.organisation_id}, county_id=county_id
    )
    figures = read_figures(
        programme_ids=[programme.pk],
        month=month,
        rows=rows,
        narrowed=keep is not None or county_id is not None,
    )
    carried = read_carried(
        programme_ids=rows.programme_ids, month=month, target_ids=rows.row_ids, figures=figures
    )
    return indicators, rows.targets, figures, carried


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

    with gc_paused():  # thousands of cells: no cyclic collections meanwhile (minsheng.common.batch)
        narrowed = any((level, domain, lead_unit_id, project_id))
        indicators, targets, figures, carried = _fetch(
            programme, month, keep=keep if narrowed else None, county_id=county_id
        )
        rollups = build_rollups(
            indicators=indicators,
            targets=targets,
            month=month,
            year=programme.year,
            figures=figures,
            carried=carried,
            as_of=as_of,
        )
        return [r for r in rollups.values() if keep(r.indicator)]
