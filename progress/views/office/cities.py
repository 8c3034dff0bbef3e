"""The roll-up of every city in an office's subtree (issue 20 §5): the province office's one page over its cities,
each row linking to that city's own dashboard (read-only for the province)."""

from __future__ import annotations

import hashlib

import rules
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import office_root_of
from minsheng.common.params import id_param, int_param

from ... import selectors

# Shown on the 403 page (a 404 page says only that the page does not exist, whatever the reason).
ERR_CITIES_NOT_YOURS = "各市（州）汇总供省级和市级专班办公室查看；县市区专班办公室和责任单位请查看调度总览。"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _parts(user, year: int, month: int, city_id: int | None) -> tuple[list[str], list[str]] | None:
    """The rendered city cards and own-programme sections, each cached under the change stamps of the
    programmes it shows (progress.stamps: renewed in the same transaction as every figure or period change, so
    a cached part is never served after a change made through the app; PROGRESS_ROLLUP_CACHE_SECONDS, 0 = off,
    bounds edits made elsewhere). Only the parts missing from the cache are computed, in one batch: a figure
    verified in one city recomputes that city's card. None when `city_id` is not a city of the scope."""
    ttl = getattr(settings, "PROGRESS_ROLLUP_CACHE_SECONDS", 600)
    ctx = {"month": month, "year": year, "dashboard_url": reverse("progress:dashboard")}

    def card(row) -> str:
        return render_to_string("progress/partials/cities_card.html", {**ctx, "row": row})

    def section(own) -> str:
        return render_to_string("progress/partials/cities_own.html", {**ctx, "o": own})

    if not ttl:
        data = selectors.cities_rollup(user=user, year=year, month=month, city_id=city_id)
        if city_id is not None and not data["cities"]:
            return None
        return [card(r) for r in data["cities"]], [section(o) for o in data["own"]]
    stamps = selectors.cities_stamps(user=user, year=year, city_id=city_id)
    if city_id is not None and not stamps["cities"]:
        return None
    city_keys = {
        pk: f"progress:cities:city:{pk}:{year}:{month}:{_digest(t)}" for pk, t in stamps["cities"].items()
    }
    own_keys = {
        pk: f"progress:cities:own:{pk}:{year}:{month}:{_digest(t)}" for pk, t in stamps["own"].items()
    }
    got = cache.get_many([*city_keys.values(), *own_keys.values()])
    missing_cities = [pk for pk, key in city_keys.items() if key not in got]
    missing_own = [pk for pk, key in own_keys.items() if key not in got]
    if missing_cities or missing_own:
        data = selectors.cities_rollup(
            user=user,
            year=year,
            month=month,
            city_id=city_id,
            only_cities=missing_cities,
            only_own=missing_own,
        )
        fresh = {city_keys[r.city.pk]: card(r) for r in data["cities"]}
        fresh |= {own_keys[o.line.programme.pk]: section(o) for o in data["own"]}
        cache.set_many(fresh, ttl)
        got |= fresh
    return [got[k] for k in city_keys.values()], [got[k] for k in own_keys.values()]


class CitiesView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """各市（州）汇总: one row per city of the office's subtree for a year and month, and the office's own
    programme summed per city. ?year= ?month= ?city= (one city; outside the scope: 404)."""

    permission_denied_message = ERR_CITIES_NOT_YOURS

    def has_permission(self) -> bool:
        return rules.test_rule("progress.view_cities", self.request.user)

    def get(self, request):
        user = request.user
        years = selectors.cities_years(user=user)
        if not years:
            raise Http404("暂无调度数据")
        year = int_param(request.GET.get("year", ""))
        if year not in years:
            year = selectors.cities_latest_year(user=user) or years[0]
        month = int_param(request.GET.get("month", ""))
        if not 1 <= month <= 12:
            month = selectors.cities_latest_month(user=user, year=year)
        raw_city = request.GET.get("city")
        city_id = id_param(raw_city) if raw_city else None
        if raw_city and city_id is None:
            raise Http404("不在管辖范围内的市（州）")
        parts = _parts(user, year, month, city_id)
        if parts is None:
            raise Http404("不在管辖范围内的市（州）")
        return render(
            request,
            "progress/cities.html",
            {
                # our own templates' output
                "city_cards": [mark_safe(c) for c in parts[0]],  # noqa: S308
                "own_sections": [mark_safe(o) for o in parts[1]],  # noqa: S308
                "carry_rule": selectors.CARRY_RULE,
                "root": office_root_of(user),
                "year": year,
                "month": month,
                "expected_percent": f"{month * 100 / 12:.2f}",
                "years": years,
                "months": range(1, 13),
                "one_city": city_id is not None,
            },
        )
