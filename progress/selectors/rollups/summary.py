"""programme_status_summary: the per-level counts, behind items and 环比 falls of the dashboard and bulletins."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from projects.models import Level, Programme

from ...status import Status
from .behind import behind_indicator_count, behind_rows
from .cells import BEHIND_NAMES_SHOWN, CARRY_RULE, COUNT_UNIT, IndicatorRollup, _count, _worst
from .indicators import indicator_rollup


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
    all_behind = behind_rows(programme=programme, month=month, rollups=rollups)
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
        # One answer to "who is behind" (progress.selectors.behind_rows): the sentence counts the
        # indicators the list below names, whether the city roll-up or a unit's own row is behind.
        level_behind = [b for b in all_behind if b.level == level]
        behind_count = behind_indicator_count(level_behind)
        sentence = (
            f"{counts['total']} 个{unit_label}：{counts['done']} 个已完成全年目标任务，"
            f"{counts['on_track']} 个按序时推进，{behind_count} 个指标未达序时"
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
                "behind_rows": level_behind,
                "behind_indicator_count": behind_count,
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
        "behind_rows": all_behind,
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
