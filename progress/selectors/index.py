"""The public project index (一码一平台, home → 民生实事 → 项目进展): every project of a public programme with its
level, units, counties and a progress bar whose status comes from the same roll-up as the 通报.

A project's status is the worst of its indicators' statuses — exactly how programme_status_summary counts
projects — and, with a county chosen, the worst of that county's own rows. Nothing here recomputes a rule."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from minsheng.accounts.models import Organisation
from minsheng.common.batch import gc_paused
from projects.models import Level, Programme, Project

from ..stamps import rollup_stamp
from ..status import HUNDRED, Status
from .rollups import indicator_rollup
from .rollups.cells import _worst

# ?status= on the index: value → the statuses it keeps (the css keys of progress.status.Status).
INDEX_STATUS_FILTERS = {
    "done": ("已完成", (Status.DONE,)),
    "ok": ("进度正常", (Status.ON_TRACK,)),
    "behind": ("进度滞后", (Status.BEHIND,)),
    "none": ("暂无数据", (Status.NOT_REPORTED, Status.NO_TARGET)),
}
SEARCH_MAX = 50


@dataclass
class IndexRow:
    """One project on the public index."""

    project: Project
    status: Status
    rate_percent: Decimal | None  # mean completion of its indicators (or of the chosen county's rows)
    counties: list[Organisation] = field(default_factory=list)

    @property
    def bar_value(self) -> int:
        """The progress bar's fill (0..100): completion beyond the target fills the bar, never more."""
        if self.rate_percent is None:
            return 0
        return int(min(self.rate_percent, HUNDRED))

    @property
    def level_label(self) -> str:
        return self.project.matter.get_level_display()

    @property
    def unit(self) -> Organisation | None:
        return self.project.lead_unit or self.project.matter.lead_unit


def normalise_search(text: str) -> str:
    """A search as typed on a phone: full-width letters and digits folded (NFKC), spaces dropped, lower case."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()[:SEARCH_MAX]


def _mean(values: list[Decimal]) -> Decimal | None:
    return (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None


def project_standing(rollups: list, *, county_id: int | None = None) -> tuple[Status, Decimal | None]:
    """(status, mean completion %) of one project from its indicators' roll-ups: the worst status (as the
    通报 counts projects) and the mean of the rates, each capped at 100; with `county_id`, that county's rows."""
    if county_id is not None:
        results = [c.result for r in rollups for c in r.cells if c.county.pk == county_id]
    else:
        results = [r.result for r in rollups]
    status, rate = _standing_of(results)
    return Status(status), rate


def _standing_of(results: list) -> tuple[str, Decimal | None]:
    """(worst status value, mean completion % capped at 100) of some StatusResults."""
    if not results:
        return Status.NO_TARGET.value, None
    if len(results) == 1:  # most county rows: one task of the project (rate_percent is already to 0.01)
        rate = results[0].rate_percent
        return results[0].status.value, (None if rate is None else min(rate, HUNDRED))
    rates = [min(x.rate_percent, HUNDRED) for x in results if x.rate_percent is not None]
    return _worst([x.status for x in results]).value, _mean(rates)


def _standings_key(programme: Programme, month: int, stamp: str) -> str:
    return f"progress:public-index:{programme.pk}:{month}:{stamp}"


def public_index_warm(*, programme_id: int, token: str) -> str:
    """Compute and cache the standings of a public programme's index for its default month under the stamp
    `token`, so the first visitor after a change reads the cache. Idempotent: "stale" when the stamp has moved
    on since (a later change warms it), "cached" when already there, else "warmed"."""
    from .public import latest_month

    programme = Programme.objects.filter(pk=programme_id, is_public=True).first()
    if programme is None or not getattr(settings, "PROGRESS_ROLLUP_CACHE_SECONDS", 600):
        return "skipped"
    if rollup_stamp(programme_id=programme_id) != token:
        return "stale"
    month = latest_month(programme=programme)
    if cache.get(_standings_key(programme, month, token)) is not None:
        return "cached"
    _standings(programme, month)
    return "warmed"


def _standings(programme: Programme, month: int) -> dict:
    """{"projects": {project pk: [status, rate, {county pk: [status, rate]}]}, "counties": [county pk]} for the
    whole programme, from one roll-up; cached by the programme's change stamp (renewed by every figure or period
    service, like the dashboard's cache), so a cached answer is never served after a change of figures."""
    ttl = getattr(settings, "PROGRESS_ROLLUP_CACHE_SECONDS", 600)
    key = _standings_key(programme, month, rollup_stamp(programme_id=programme.pk))
    cached = cache.get(key) if ttl else None
    if cached is not None:
        return cached
    with gc_paused():  # thousands of cells: no cyclic collections meanwhile (minsheng.common.batch)
        # One pass over the programme's cells (7,320 at province scale): each project's indicator results and each
        # county's own results in it. `.id`, not `.pk`: the property costs a call per cell (profiled).
        by_project: dict[int, tuple[list, dict[int, list]]] = {}
        county_order: dict[int, tuple] = {}
        for r in indicator_rollup(programme=programme, month=month):
            entry = by_project.get(r.project.id)
            if entry is None:
                entry = by_project[r.project.id] = ([], {})
            entry[0].append(r.result)
            per_county = entry[1]
            for c in r.cells:
                county = c.county
                county_id = county.id
                found = per_county.get(county_id)
                if found is None:
                    per_county[county_id] = [c.result]
                    if county_id not in county_order:
                        county_order[county_id] = (county.sort_order, county_id)
                else:
                    found.append(c.result)
        projects = {}
        for pk, (results, per_county) in by_project.items():
            status, rate = _standing_of(results)  # as project_standing(): the worst status, the mean rate
            projects[pk] = [
                status,
                rate,
                {county_id: list(_standing_of(res)) for county_id, res in per_county.items()},
            ]
    out = {"projects": projects, "counties": sorted(county_order, key=county_order.get)}
    if ttl:
        cache.set(key, out, ttl)
    return out


def public_index(
    *,
    programme: Programme,
    month: int,
    level: str = "",
    county_id: int | None = None,
    status: str = "",
    q: str = "",
) -> dict:
    """The index of a programme's projects for month m: the projects (one query), their standings from the
    programme's roll-up (cached by change stamp; the roll-up's four or five queries when not cached) and the
    counties (one query). Returns {"rows": [IndexRow], "counties": [Organisation] (every county with a task,
    for the filter), "counts": {status filter key: n} over the rows before the status filter}."""
    if level not in Level.values:
        level = ""
    standings = _standings(programme, month)
    counties = Organisation.objects.in_bulk(standings["counties"])
    projects = (
        Project.objects.filter(matter__programme=programme)
        .select_related("matter", "lead_unit", "matter__lead_unit")
        .order_by("matter__level_order", "matter__seq", "seq", "id")
    )
    if level:
        projects = projects.filter(matter__level=level)
    needle = normalise_search(q)
    rows: list[IndexRow] = []
    for project in projects:
        standing = standings["projects"].get(project.pk)
        unit = project.lead_unit or project.matter.lead_unit
        if needle:
            hay = normalise_search(f"{project.name}{project.matter.name}{unit.name if unit else ''}")
            if needle not in hay:
                continue
        per_county = standing[2] if standing else {}
        if county_id is not None:
            if county_id not in per_county:
                continue
            row_status, rate = per_county[county_id]
        else:
            row_status, rate = (standing[0], standing[1]) if standing else (Status.NO_TARGET.value, None)
        rows.append(
            IndexRow(
                project=project,
                status=Status(row_status),
                rate_percent=rate,
                counties=[
                    counties[pk] for pk in standings["counties"] if pk in per_county and pk in counties
                ],
            )
        )
    counts = {
        key: sum(1 for r in rows if r.status in kept) for key, (_, kept) in INDEX_STATUS_FILTERS.items()
    }
    if status in INDEX_STATUS_FILTERS:
        kept = INDEX_STATUS_FILTERS[status][1]
        rows = [r for r in rows if r.status in kept]
    return {
        "rows": rows,
        "counties": [counties[pk] for pk in standings["counties"] if pk in counties],
        "counts": counts,
    }


def public_programmes() -> list[Programme]:
    """Public programmes, newest first (the index's year filter)."""
    return list(
        Programme.objects.filter(is_public=True).select_related("organisation").order_by("-year", "id")
    )
