"""Analysis pages: one county's scorecard, the county ranking, the heat map, trends and the year-end
projection. Every table exports to Excel."""

from __future__ import annotations

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_county_staff
from minsheng.common.params import object_or_404
from projects.models import Indicator

from ... import selectors
from ...exports import xlsx_response
from ..common import pick_month, pick_programme
from .scope import _base_context, _filters, _scoped


class ScorecardView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """One county's indicators with status; a county clerk sees only their own."""

    permission_required = "progress.view_scorecard"

    def get_permission_object(self):
        self.county = get_object_or_404(
            Organisation, pk=self.kwargs["county_id"], kind=Organisation.Kind.COUNTY
        )
        return self.county

    def get(self, request, county_id: int):
        county, user = self.county, request.user
        programme = pick_programme(request)
        month = pick_month(request, programme)
        filters = {} if is_county_staff(user) else _filters(request, user)
        card = selectors.county_scorecard(programme=programme, month=month, county=county, **filters)
        if request.GET.get("export") == "xlsx":
            rows = [
                [
                    r.project.name,
                    r.indicator.name,
                    c.target,
                    c.value,
                    c.result.rate_percent,
                    c.status.value,
                    c.mom.delta_points,
                    c.deduction_reason,
                    f"沿用 {c.carried_month} 月核定值" if c.carried_month else "",
                ]
                for r, c in card["rows"]
            ]
            return xlsx_response(
                filename=f"{county.name}_计分卡_1-{month}月.xlsx",
                title=f"{county.name} 1-{month}月计分卡",
                headers=[
                    "项目",
                    "指标",
                    "目标",
                    "累计完成",
                    "完成率（%）",
                    "状态",
                    "环比（百分点）",
                    "核减原因",
                    "本月未报送",
                ],
                rows=rows,
            )
        ctx = _base_context(request, programme, month, filters)
        ctx.update({"card": card, "county": county, "carry_rule": selectors.CARRY_RULE})
        return render(request, "progress/scorecard.html", ctx)

    post = get  # the page answered any method alike


class RankingView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """County ranking: share on schedule, 信息公开 score, mean completion."""

    permission_required = "progress.view_dashboard"

    def get(self, request):
        programme, month, filters, rollups = _scoped(request)
        rows = selectors.county_ranking(programme=programme, month=month, rollups=rollups)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(
                filename=f"县市区排名_1-{month}月.xlsx",
                title=f"1-{month}月县市区排名",
                headers=[
                    "排名",
                    "县市区",
                    "已完成",
                    "按序时",
                    "未达序时",
                    "序时达标率（%）",
                    "平均完成率（%）",
                    "信息公开得分",
                ],
                rows=[
                    [
                        r["rank"],
                        r["county"].name,
                        r["counts"]["done"],
                        r["counts"]["on_track"],
                        r["counts"]["behind"],
                        r["on_schedule_percent"],
                        r["mean_rate_percent"],
                        r["disclosure"],
                    ]
                    for r in rows
                ],
            )
        ctx = _base_context(request, programme, month, filters)
        ctx["rows"] = rows
        return render(request, "progress/ranking.html", ctx)

    post = get  # the page answered any method alike


class HeatmapView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """County × indicator heat map of completion rates."""

    permission_required = "progress.view_dashboard"

    def get(self, request):
        programme, month, filters, rollups = _scoped(request)
        data = selectors.heatmap(rollups=rollups)
        if request.GET.get("export") == "xlsx":
            rows = [
                [r.indicator.name] + [c.result.rate_percent if c else None for c in cells]
                for r, cells in data["rows"]
            ]
            return xlsx_response(
                filename=f"热力图_1-{month}月.xlsx",
                title=f"1-{month}月完成率（%）",
                headers=["指标"] + [c.name for c in data["counties"]],
                rows=rows,
            )
        ctx = _base_context(request, programme, month, filters)
        ctx["heat"] = data
        return render(request, "progress/heatmap.html", ctx)

    post = get  # the page answered any method alike


class TrendView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Actual vs expected completion per month for one indicator (ECharts, vendored)."""

    permission_required = ("progress.view_dashboard", "progress.view_indicator")

    def get_permission_object(self):
        self.indicator = get_object_or_404(
            Indicator.objects.select_related("project__matter__programme"), pk=self.kwargs["indicator_id"]
        )
        return self.indicator

    def get(self, request, indicator_id: int):
        indicator = self.indicator
        county = None
        if request.GET.get("county"):
            county = object_or_404(Organisation, request.GET["county"], kind=Organisation.Kind.COUNTY)
        programme = indicator.project.matter.programme
        month = pick_month(request, programme)
        data = selectors.indicator_trend(indicator=indicator, county=county, month=month)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(
                filename=f"趋势_{indicator.name}.xlsx",
                title=f"{indicator.name} 月度趋势",
                headers=["月份", "实际完成率（%）", "序时进度（%）", "状态"],
                rows=[
                    list(r)
                    for r in zip(
                        data["months"], data["actual"], data["expected"], data["statuses"], strict=True
                    )
                ],
            )
        counties = Organisation.objects.filter(indicator_targets__indicator=indicator).order_by("sort_order")
        return render(
            request,
            "progress/trend.html",
            {
                "indicator": indicator,
                "county": county,
                "counties": counties,
                "data": data,
                "month": month,
                "chart": json.dumps(
                    {
                        "months": [f"{m}月" for m in data["months"]],
                        "actual": data["actual"],
                        "expected": data["expected"],
                    }
                ),
            },
        )

    post = get  # the page answered any method alike


class ProjectionView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Year-end projection per indicator with early warnings; the method is stated on the page."""

    permission_required = "progress.view_dashboard"

    def get(self, request):
        programme, month, filters, rollups = _scoped(request)
        rows = selectors.projections(programme=programme, month=month, rollups=rollups)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(
                filename=f"年底预测_1-{month}月.xlsx",
                title=f"按 1-{month}月进度预测年底完成率",
                headers=["项目", "指标", "当前完成率（%）", "状态", "预测年底完成率（%）", "预警"],
                rows=[
                    [
                        r["rollup"].project.name,
                        r["rollup"].indicator.name,
                        r["rollup"].result.rate_percent,
                        r["rollup"].status.value,
                        r["projected_percent"],
                        "是" if r["warning"] else "",
                    ]
                    for r in rows
                ],
            )
        ctx = _base_context(request, programme, month, filters)
        ctx["rows"] = rows
        ctx["warnings"] = [r for r in rows if r["warning"]]
        return render(request, "progress/projection.html", ctx)

    post = get  # the page answered any method alike
