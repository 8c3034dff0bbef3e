"""Per-county views of a roll-up: one county's scorecard, the county ranking and the heat map."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from minsheng.accounts.models import Organisation
from projects.models import Programme

from ...models import DisclosureScore
from .cells import CountyCell, IndicatorRollup, _count
from .indicators import _rollups, indicator_rollup


def county_scorecard(
    *,
    programme: Programme,
    month: int,
    county: Organisation,
    rollups: list[IndicatorRollup] | None = None,
    level: str | None = None,
    domain: str | None = None,
    lead_unit_id: int | None = None,
) -> dict:
    """One county's rows with status, counts and its 信息公开 score.

    Returns {"county", "rows": [(IndicatorRollup, CountyCell)], "counts", "disclosure"}. Without `rollups`
    only the county's own targets are read (filtered like indicator_rollup): each row's cell is the same
    as in the programme's roll-up, and its IndicatorRollup (indicator, project) is that county's alone.
    """
    if rollups is None:
        rollups = _rollups(
            programme=programme,
            month=month,
            level=level,
            domain=domain,
            lead_unit_id=lead_unit_id,
            county_id=county.pk,
        )
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
