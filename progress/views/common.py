"""Shared view helpers: which programme and month a page is about."""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import Http404

from minsheng.accounts.rules import is_office, office_root_of, office_scope_q
from minsheng.accounts.selectors import public_site
from minsheng.common.params import is_id
from projects.models import Programme

from ..models import ReportingPeriod
from ..selectors.public import latest_month, programme_reports_q


def pick_programme(request) -> Programme:
    """?programme=<id>, else the newest programme that has reporting periods (its own, or for a plan read from
    the lower levels' plans, e.g. the province's, theirs); for an office user only the
    programmes of their subtree, their own organisation's first."""
    pk = request.GET.get("programme")
    qs = Programme.objects.select_related("organisation")
    own_first = ["-year", "id"]
    if is_office(request.user):
        qs = qs.filter(office_scope_q(request.user, "organisation"))
        root = office_root_of(request.user)
        if root is not None:
            qs = qs.annotate(
                is_own=Case(
                    When(organisation=root, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            own_first = ["is_own", "-year", "id"]
    elif (site := public_site(request)) is not None and not is_id(pk):
        # a mapped host (ningchuan.example): its own government's programme by default, those above it next
        qs = qs.filter(site.scope_q("organisation")).annotate(is_own=site.own_first("organisation"))
        own_first = ["is_own", "-year", "id"]
    if is_id(pk):
        programme = qs.filter(pk=pk).first()
    else:
        year = request.GET.get("year")
        # an office's own plan read from the lower levels' plans (the province's) counts as reporting; among
        # plans of one year, those with their own months come first (the full-scope default stays the city's)
        reporting = programme_reports_q() if is_office(request.user) else Q(periods__isnull=False)
        own_periods = Exists(ReportingPeriod.objects.filter(programme=OuterRef("pk")))
        qs = (
            qs.filter(reporting)
            .annotate(own_periods=own_periods)
            .distinct()
            .order_by(*own_first[:-1], "-own_periods", "id")
        )
        if is_id(year):
            qs = qs.filter(year=int(year))
        programme = qs.first()
    if programme is None:
        raise Http404("暂无调度数据")
    return programme


def pick_month(request, programme: Programme) -> int:
    """?month=<1..12>, else the latest month with accepted figures (else the latest period)."""
    raw = request.GET.get("month", "")
    if is_id(raw) and 1 <= int(raw) <= 12:
        return int(raw)
    return latest_month(programme=programme)
