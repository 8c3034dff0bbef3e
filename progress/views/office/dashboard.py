"""The office dashboard: per-level sections (cached by change stamp), submissions, and its exports."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from ... import selectors
from ...exports import xlsx_response
from ...models import ReportingPeriod
from ...stamps import rollup_stamp
from ..common import pick_month, pick_programme
from .scope import _base_context, _filters


def _dashboard_levels(request, programme, month: int, filters: dict) -> dict:
    """The level sections of the dashboard, rendered once per (programme, month, filters, change stamp).

    The stamp (progress.stamps) is renewed in the same transaction as every figure or period change, so a
    cached fragment is never served after a change; PROGRESS_ROLLUP_CACHE_SECONDS (0 = off) bounds the
    life of an entry should a figure be changed outside the services (admin, shell)."""
    ttl = getattr(settings, "PROGRESS_ROLLUP_CACHE_SECONDS", 600)
    key = "progress:dash:{}:{}:{}:{}".format(
        programme.pk,
        month,
        rollup_stamp(programme_id=programme.pk),
        ",".join(f"{k}={v}" for k, v in sorted(filters.items()) if v),
    )
    cached = cache.get(key) if ttl else None
    if cached is not None:
        return cached
    rollups = selectors.indicator_rollup(programme=programme, month=month, **filters)
    summary = selectors.programme_status_summary(programme=programme, month=month, rollups=rollups)
    html = render_to_string(
        "progress/partials/dashboard_levels.html",
        {
            "summary": summary,
            "programme": programme,
            "month": month,
            "scorecard_base": reverse("progress:scorecard", args=[0])[:-2],
            "trend_base": reverse("progress:trend", args=[0])[:-2],
            "period_query": f"?programme={programme.pk}&month={month}",
        },
    )
    out = {
        "html": mark_safe(html),  # noqa: S308 - our own template's output
        "head": {k: summary[k] for k in ("expected_percent", "reported_share", "carry_rule")},
    }
    if ttl:
        cache.set(key, out, ttl)
    return out


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """At-a-glance page per level, behind items, 环比 falls, submission status per county."""

    permission_required = "progress.view_dashboard"

    def get(self, request):
        programme = pick_programme(request)
        month = pick_month(request, programme)
        filters = _filters(request, request.user)
        period = ReportingPeriod.objects.filter(programme=programme, month=month).first()
        export = request.GET.get("export")
        if export == "submissions":
            submissions = selectors.submission_status(period=period, now=timezone.now()) if period else []
            rows = [
                [s["county"].name, s["assigned"], s["submitted"], s["missing"], "是" if s["late"] else "否"]
                for s in submissions
            ]
            return xlsx_response(
                filename=f"报送情况_{month}月.xlsx",
                title=f"{month}月报送情况",
                headers=["县市区", "任务数", "已报送", "未报送", "逾期"],
                rows=rows,
            )
        if export in ("behind", "indicators"):
            rollups = selectors.indicator_rollup(programme=programme, month=month, **filters)
            if export == "indicators":
                return _export_rollups(programme, month, rollups)
            summary = selectors.programme_status_summary(programme=programme, month=month, rollups=rollups)
            # The same rows as the page, the 通报 and the letter lists (selectors.behind_rows).
            scope_names = {"city": "（全市）", "city_self": "", "county": ""}
            rows = [
                [
                    lv["label"],
                    b.project.name,
                    b.indicator.name,
                    (b.unit.name if b.unit is not None else "") + scope_names[b.scope],
                    b.rate_percent,
                ]
                for lv in summary["levels"]
                for b in lv["behind_rows"]
            ]
            return xlsx_response(
                filename=f"未达序时_{programme.year}_1-{month}月.xlsx",
                title=f"1-{month}月未达序时清单",
                headers=["级别", "项目", "指标", "单位", "完成率（%）"],
                rows=rows,
            )
        levels = _dashboard_levels(request, programme, month, filters)
        submissions = selectors.submission_status(period=period, now=timezone.now()) if period else []
        ctx = _base_context(request, programme, month, filters)
        ctx.update(
            {
                "levels_html": levels["html"],
                "head": levels["head"],
                "submissions": submissions,
                "period": period,
                "reads_below": period is None and selectors.programme_reads_below(programme=programme),
                "scorecard_base": reverse("progress:scorecard", args=[0])[:-2],
                "period_query": f"?programme={programme.pk}&month={month}",
            }
        )
        return render(request, "progress/dashboard.html", ctx)

    post = get  # the page answered any method alike


def _export_rollups(programme, month, rollups):
    rows = [
        [
            r.matter.get_level_display(),
            r.matter.name,
            r.project.name,
            r.indicator.name,
            r.indicator.unit,
            r.target,
            r.value,
            r.result.rate_percent,
            r.result.expected_percent,
            r.status.value,
            r.reported_share,
            r.mom.delta_points,
        ]
        for r in rollups
    ]
    return xlsx_response(
        filename=f"指标进度_{programme.year}_1-{month}月.xlsx",
        title=f"{programme} 1-{month}月指标进度",
        headers=[
            "级别",
            "实事名称",
            "项目名称",
            "指标",
            "单位",
            "目标",
            "累计完成",
            "完成率（%）",
            "序时进度（%）",
            "状态",
            "已报送县市区",
            "环比（百分点）",
        ],
        rows=rows,
    )
