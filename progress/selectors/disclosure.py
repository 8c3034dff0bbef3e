"""Inputs of the 信息公开 estimate, per county, from what the platform itself records (issue 17 §7).

Each source is a function (programme, month, as_of, county_ids) → {county pk: Component}, registered under a key
that the office's weights refer to. A new kind of activity (posters printed, updates published by the county
itself once units publish) is one more registered source; the estimate and the pages pick it up unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from minsheng.accounts.models import Organisation
from projects.models import IndicatorTarget, Programme

from ..disclosure import Component, disclosure_estimate
from ..models import (
    ACCEPTED_STATES,
    DISCLOSURE_DEFAULT_WEIGHTS,
    DisclosureScore,
    DisclosureWeights,
    PolicyDocument,
    PublicOpinion,
    PublicUpdate,
)
from .posters import POSTER_MISSING_NAMES, poster_coverage

Source = Callable[[Programme, int, dt.date, list[int], DisclosureWeights], dict[int, Component]]


@dataclass(frozen=True)
class SourceInfo:
    key: str
    label: str
    explain: str  # one sentence for the pages: what is counted
    source: Source


_sources: dict[str, SourceInfo] = {}


def register_disclosure_source(*, key: str, label: str, explain: str, source: Source) -> None:
    """Add (or replace, by key) an input of the estimate."""
    _sources[key] = SourceInfo(key, label, explain, source)


def disclosure_sources() -> list[SourceInfo]:
    """The registered inputs, in registration order."""
    return list(_sources.values())


def _figures(programme, month, as_of, county_ids, settings_row) -> dict[int, Component]:
    """Project pages with current figures: the county's tasks whose figure for the month is accepted."""
    rows = (
        IndicatorTarget.objects.filter(
            indicator__project__matter__programme=programme, county_id__in=county_ids
        )
        .values("county_id")
        .annotate(
            n=Count("id", distinct=True),
            current=Count(
                "figures",
                filter=Q(figures__period__month=month, figures__state__in=list(ACCEPTED_STATES)),
                distinct=True,
            ),
        )
        .order_by()
    )
    out = {}
    for r in rows:
        gap = r["n"] - r["current"]
        missing = f"{gap} 项任务 {month} 月的进度尚未经审核，项目页面显示的还不是本月数据" if gap else ""
        out[r["county_id"]] = Component("figures", "项目页面数据及时更新", r["current"], r["n"], missing)
    return out


def _opinions(programme, month, as_of, county_ids, settings_row) -> dict[int, Component]:
    """意见建议 answered on time: of the opinions routed to the county that were due by as_of (or already
    answered), those answered by their deadline; spam left out."""
    rows = (
        PublicOpinion.objects.filter(project__matter__programme=programme, unit_id__in=county_ids)
        .exclude(state=PublicOpinion.State.SPAM)
        .filter(Q(state=PublicOpinion.State.HANDLED) | Q(reply_due__lt=as_of))
        .values("unit_id")
        .annotate(
            n=Count("id"),
            on_time=Count(
                "id",
                filter=Q(state=PublicOpinion.State.HANDLED)
                & (Q(reply_due__isnull=True) | Q(replied_at__date__lte=F("reply_due"))),
            ),
            open_overdue=Count("id", filter=Q(state=PublicOpinion.State.RECEIVED)),
        )
        .order_by()
    )
    out = {}
    for r in rows:
        late = r["n"] - r["on_time"] - r["open_overdue"]
        parts = []
        if r["open_overdue"]:
            parts.append(f"{r['open_overdue']} 条意见建议已过答复期限仍未答复")
        if late:
            parts.append(f"{late} 条意见建议超期后才答复")
        out[r["unit_id"]] = Component("opinions", "意见建议按期答复", r["on_time"], r["n"], "；".join(parts))
    return out


def _publishing(programme, month, as_of, county_ids, settings_row) -> dict[int, Component]:
    """工作动态 and 政策文件 the county published (not withdrawn, not hidden by the office) on the programme's project pages, January to the
    month, against the number expected per month."""
    expected = settings_row.items_per_month * month
    counts: dict[int, int] = {}
    for model in (PublicUpdate, PolicyDocument):
        rows = (
            model.objects.filter(
                project__matter__programme=programme,
                is_published=True,
                hidden_at__isnull=True,  # the office hid it: it no longer counts as published
                unit_id__in=county_ids,
                published_on__year=programme.year,
                published_on__month__lte=month,
            )
            .values("unit_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for r in rows:
            key = r["unit_id"]
            counts[key] = counts.get(key, 0) + r["n"]
    out = {}
    for pk in county_ids:
        done = counts.get(pk, 0)
        gap = expected - done
        missing = (
            f"1 至 {month} 月已发布工作动态和政策文件 {done} 条，按每月 {settings_row.items_per_month} 条应有 "
            f"{expected} 条，还差 {gap} 条"
            if gap > 0
            else ""
        )
        out[pk] = Component("publishing", "工作动态和政策文件发布", min(done, expected), expected, missing)
    return out


def _day_end(day: dt.date) -> dt.datetime:
    """The first instant after the day (local time)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _posters(programme, month, as_of, county_ids, settings_row) -> dict[int, Component]:
    """Posters printed: of the county's projects (those where it has a target), those whose A4 亮码 poster the
    county printed from its publishing page by as_of. A poster is a standing state on site (like a page showing
    current figures), so a print counts from the day it is recorded, whatever month is viewed. Printing is the
    recorded act that counts; the 已张贴 mark is the county's own statement and is shown, not scored."""
    out = {}
    coverage = poster_coverage(programme=programme, county_ids=county_ids, printed_before=_day_end(as_of))
    for county_id, (names, printed) in coverage.items():
        without = [n for n in names if n not in printed]
        missing = ""
        if without:
            shown = "、".join(without[:POSTER_MISSING_NAMES])
            more = f"等 {len(without)} 个项目" if len(without) > POSTER_MISSING_NAMES else ""
            missing = f"尚未打印现场公示海报：{shown}{more}"
        out[county_id] = Component("posters", "现场公示海报", len(names) - len(without), len(names), missing)
    return out


register_disclosure_source(
    key="figures",
    label="项目页面数据及时更新",
    explain="本县市区承担的任务中，当月进度已经审核、项目公开页显示当月数据的比例。",
    source=_figures,
)
register_disclosure_source(
    key="opinions",
    label="意见建议按期答复",
    explain="转给本县市区答复、已到答复期限（或已答复）的意见建议中，在期限内答复的比例；垃圾信息不计。",
    source=_opinions,
)
register_disclosure_source(
    key="publishing",
    label="工作动态和政策文件发布",
    explain="本县市区工作人员在项目公开页发布的工作动态和政策文件条数，与每月应发布条数相比。",
    source=_publishing,
)
register_disclosure_source(
    key="posters",
    label="现场公示海报",
    explain=(
        "本县市区承担任务的项目中，本县市区工作人员截至今日已在“发布项目动态”页打印过现场公示海报（A4 亮码海报）的比例；"
        "以平台登记的打印为准，“已张贴”由县市区自行登记、只作展示不计分，群众匿名下载不计入。"
    ),
    source=_posters,
)


def disclosure_settings(*, programme: Programme) -> DisclosureWeights:
    """The programme's weights (an unsaved row with the defaults when the office has not set them)."""
    return DisclosureWeights.objects.filter(programme=programme).first() or DisclosureWeights(
        programme=programme,
        weights=dict(DISCLOSURE_DEFAULT_WEIGHTS),
        max_score=Decimal(str(getattr(settings, "PROGRESS_DISCLOSURE_MAX", 6))),
    )


def disclosure_counties(*, programme: Programme) -> list[Organisation]:
    """The counties scored (as on the typed-score page): the programme organisation's counties but 市本级."""
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.COUNTY, parent=programme.organisation)
        .exclude(name="市本级")
        .order_by("sort_order", "pk")
    )


@dataclass
class EstimateRow:
    """One county: its components, the estimate and the office's typed official score for the month."""

    county: Organisation
    components: list[Component] = field(default_factory=list)
    estimate: Decimal | None = None
    official: DisclosureScore | None = None

    @property
    def missing(self) -> list[str]:
        return [c.missing for c in self.components if c.missing]


def disclosure_estimates(
    *, programme: Programme, month: int, as_of: dt.date, county_ids: list[int] | None = None
) -> dict:
    """Per county: the components from every registered source, the weighted estimate and the typed score.
    A fixed number of queries (one or two per source, plus counties, weights and typed scores).
    Returns {"rows": [EstimateRow], "settings": DisclosureWeights, "weights": {key: Decimal}, "sources": [...]}."""
    counties = disclosure_counties(programme=programme)
    if county_ids is not None:
        counties = [c for c in counties if c.pk in county_ids]
    ids = [c.pk for c in counties]
    settings_row = disclosure_settings(programme=programme)
    weights = settings_row.weight_map()
    sources = disclosure_sources()
    found = {info.key: info.source(programme, month, as_of, ids, settings_row) for info in sources}
    official = {
        s.county_id: s
        for s in DisclosureScore.objects.filter(programme=programme, month=month, county_id__in=ids)
    }
    rows = []
    for county in counties:
        components = [
            found[info.key].get(county.pk) or Component(info.key, info.label, 0, 0) for info in sources
        ]
        rows.append(
            EstimateRow(
                county=county,
                components=components,
                estimate=disclosure_estimate(
                    components=components, weights=weights, max_score=settings_row.max_score
                ),
                official=official.get(county.pk),
            )
        )
    return {"rows": rows, "settings": settings_row, "weights": weights, "sources": sources}
