"""The roll-up of every city in an office's subtree (issue 20 §5): the province office's one page over its cities,
each row linking to that city's own dashboard (read-only for the province)."""

from __future__ import annotations

import rules
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import office_root_of
from minsheng.common.params import id_param, int_param

from ... import selectors
from ...cities_cache import cities_parts

# Shown on the 403 page (a 404 page says only that the page does not exist, whatever the reason).
ERR_CITIES_NOT_YOURS = "各市（州）汇总供省级和市级专班办公室查看；县市区专班办公室和责任单位请查看调度总览。"


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
        parts = cities_parts(user=user, year=year, month=month, city_id=city_id)
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
