"""The public project index (no log-in): every project of a public programme with its progress, filters and search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.views import View

from minsheng.accounts.selectors import public_site
from minsheng.common.params import id_param
from projects.models import Level, Programme

from .. import selectors
from ..models import ReportingPeriod
from .common import pick_month

INDEX_PER_PAGE = 30


def _shown(request, programmes: list[Programme]) -> list[Programme]:
    """The programmes offered on this host: all of them, or on a mapped host (ningchuan.example) only its
    government's and those above it, its own first: a resident of 宁川市 looks for 宁川市's projects."""
    site = public_site(request)
    if site is None:
        return programmes
    own = [p for p in programmes if site.holds(p.organisation)]
    return sorted(own, key=lambda p: p.organisation_id != site.organisation_id)


def _programme(request, programmes: list[Programme], shown: list[Programme]) -> Programme:
    """?programme=<id> picks a public programme (any: a link or QR code may come from another city's site),
    ?year=<year> that year's first one (links from the programme pages); else the newest public one with
    monthly figures among those shown on this host."""
    pk = id_param(request.GET.get("programme"))
    for p in programmes:
        if p.pk == pk:
            return p
    programmes = shown
    year = id_param(request.GET.get("year"))
    if year is not None:
        for p in programmes:
            if p.year == year:
                return p
    with_periods = set(
        Programme.objects.filter(is_public=True, pk__in=[p.pk for p in programmes])
        .filter(Exists(ReportingPeriod.objects.filter(programme=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    for p in programmes:
        if p.pk in with_periods:
            return p
    if programmes:
        return programmes[0]
    raise Http404("暂无公开的民生实事计划")


class PublicIndexView(View):
    """民生实事项目进展: one row per project (level, unit, counties, progress bar, status in plain words)."""

    def get(self, request):
        programmes = selectors.public_programmes()
        shown = _shown(request, programmes)
        programme = _programme(request, programmes, shown)
        if programme not in shown:
            shown = [programme, *shown]  # opened from another city's link: keep it selected in the list
        month = pick_month(request, programme)
        level = request.GET.get("level", "")
        level = level if level in Level.values else ""
        county_id = id_param(request.GET.get("county"))
        status = request.GET.get("status", "")
        status = status if status in selectors.INDEX_STATUS_FILTERS else ""
        q = request.GET.get("q", "")[:50]
        index = selectors.public_index(
            programme=programme, month=month, level=level, county_id=county_id, status=status, q=q
        )
        if county_id is not None and county_id not in {c.pk for c in index["counties"]}:
            county_id = None  # a county without tasks in this programme: the filter shows 全部
        page = Paginator(index["rows"], INDEX_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "progress/public_index.html",
            {
                "programme": programme,
                "programmes": shown,
                "month": month,
                "levels": Level.choices,
                "level": level,
                "counties": index["counties"],
                "county_id": county_id,
                "statuses": [
                    (k, label, index["counts"][k]) for k, (label, _) in selectors.INDEX_STATUS_FILTERS.items()
                ],
                "status": status,
                "q": q,
                "page": page,
                "total": len(index["rows"]),
                "query": query.urlencode(),
            },
        )
