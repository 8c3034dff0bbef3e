"""The public project index (一码一平台, home → 民生实事 → 项目进展): every project of a public programme with its
level, units, counties and a progress bar whose status comes from the same roll-up as the 通报.

A project's status is the worst of its indicators' statuses — exactly how programme_status_summary counts
projects — and, with a county chosen, the worst of that county's own rows. Nothing here recomputes a rule."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from minsheng.accounts.models import Organisation
from projects.models import Level, Programme, Project

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
    if not results:
        return Status.NO_TARGET, None
    rates = [min(x.rate_percent, HUNDRED) for x in results if x.rate_percent is not None]
    return _worst([x.status for x in results]), _mean(rates)


def public_index(
    *,
    programme: Programme,
    month: int,
    level: str = "",
    county_id: int | None = None,
    status: str = "",
    q: str = "",
) -> dict:
    """The index of a programme's projects for month m (a fixed number of queries: the roll-up's four or five
    and one for the projects). Returns {"rows": [IndexRow], "counties": [Organisation] (every county with a
    task, for the filter), "counts": {status filter key: n} over the rows before the status filter}."""
    if level not in Level.values:
        level = ""
    rollups = indicator_rollup(programme=programme, month=month, level=level or None)
    projects = (
        Project.objects.filter(matter__programme=programme)
        .select_related("matter", "lead_unit", "matter__lead_unit")
        .order_by("matter__level_order", "matter__seq", "seq", "id")
    )
    if level:
        projects = projects.filter(matter__level=level)
    by_project: dict[int, list] = {}
    counties: dict[int, Organisation] = {}
    for r in rollups:
        by_project.setdefault(r.project.pk, []).append(r)
        for c in r.cells:
            counties.setdefault(c.county.pk, c.county)
    needle = normalise_search(q)
    rows: list[IndexRow] = []
    for project in projects:
        rs = by_project.get(project.pk, [])
        unit = project.lead_unit or project.matter.lead_unit
        if needle:
            hay = normalise_search(f"{project.name}{project.matter.name}{unit.name if unit else ''}")
            if needle not in hay:
                continue
        project_counties: dict[int, Organisation] = {}
        for r in rs:
            for c in r.cells:
                project_counties.setdefault(c.county.pk, c.county)
        if county_id is not None and not any(c.county.pk == county_id for r in rs for c in r.cells):
            continue
        row_status, rate = project_standing(rs, county_id=county_id)
        rows.append(
            IndexRow(
                project=project,
                status=row_status,
                rate_percent=rate,
                counties=sorted(project_counties.values(), key=lambda o: (o.sort_order, o.pk)),
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
        "counties": sorted(counties.values(), key=lambda o: (o.sort_order, o.pk)),
        "counts": counts,
    }


def public_programmes() -> list[Programme]:
    """Public programmes, newest first (the index's year filter)."""
    return list(
        Programme.objects.filter(is_public=True).select_related("organisation").order_by("-year", "id")
    )
