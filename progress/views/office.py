"""Office and department pages: dashboard, scorecards, ranking, heat map, trends, projection, and the
office's own entry pages (disclosure scores, 意见建议 replies, letters). Every table exports to Excel."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from minsheng.accounts.models import Organisation, Role
from minsheng.common.privacy import mask_name, mask_phone
from projects.models import Domain, Indicator, Level

from .. import selectors, services
from ..exports import xlsx_response
from ..forms import LetterForm, LetterReplyForm, ReplyForm
from ..models import DisclosureScore, Letter, PublicOpinion, ReportingPeriod
from ..stamps import rollup_stamp
from .common import pick_month, pick_programme, require_dashboard, require_office


def _filters(request, user) -> dict:
    f = {k: request.GET.get(k) or None for k in ("level", "domain")}
    lead = request.GET.get("lead", "")
    f["lead_unit_id"] = int(lead) if lead.isdigit() else None
    if user.role == Role.DEPARTMENT and not user.is_office:
        f["lead_unit_id"] = user.organisation_id  # a department reads its own projects across counties
    return f


def _scoped(request):
    user = request.user
    require_dashboard(user)
    programme = pick_programme(request)
    month = pick_month(request, programme)
    filters = _filters(request, user)
    rollups = selectors.indicator_rollup(programme=programme, month=month, **filters)
    return programme, month, filters, rollups


def _base_context(request, programme, month, filters):
    leads = Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, parent=programme.organisation)
    return {
        "programme": programme,
        "month": month,
        "months": range(1, 13),
        "filters": filters,
        "levels": Level.choices,
        "domains": Domain.choices,
        "leads": leads,
        "query": request.GET.urlencode(),
    }


def _pct(v):
    return None if v is None else float(v)


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


@login_required
def dashboard(request):
    """At-a-glance page per level, behind items, 环比 falls, submission status per county."""
    require_dashboard(request.user)
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
        rows = [
            [lv["label"], b["project"].name, b["indicator"].name, b["county"].name, b["rate_percent"]]
            for lv in summary["levels"]
            for b in lv["behind_counties"]
        ]
        return xlsx_response(
            filename=f"未达序时_{programme.year}_1-{month}月.xlsx",
            title=f"1-{month}月未达序时清单",
            headers=["级别", "项目", "指标", "县市区", "完成率（%）"],
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
            "scorecard_base": reverse("progress:scorecard", args=[0])[:-2],
            "period_query": f"?programme={programme.pk}&month={month}",
        }
    )
    return render(request, "progress/dashboard.html", ctx)


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


@login_required
def scorecard(request, county_id: int):
    """One county's indicators with status; a county clerk sees only their own."""
    county = get_object_or_404(Organisation, pk=county_id, kind=Organisation.Kind.COUNTY)
    user = request.user
    if user.role == Role.COUNTY:
        if user.county is None or user.county.pk != county.pk:
            raise PermissionDenied
    else:
        require_dashboard(user)
    programme = pick_programme(request)
    month = pick_month(request, programme)
    filters = _filters(request, user) if user.role != Role.COUNTY else {}
    rollups = selectors.indicator_rollup(programme=programme, month=month, **filters)
    card = selectors.county_scorecard(programme=programme, month=month, county=county, rollups=rollups)
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


@login_required
def ranking(request):
    """County ranking: share on schedule, 信息公开 score, mean completion."""
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


@login_required
def heatmap(request):
    """County × indicator heat map of completion rates."""
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


@login_required
def trend(request, indicator_id: int):
    """Actual vs expected completion per month for one indicator (ECharts, vendored)."""
    require_dashboard(request.user)
    indicator = get_object_or_404(
        Indicator.objects.select_related("project__matter__programme"), pk=indicator_id
    )
    if request.user.role == Role.DEPARTMENT and not request.user.is_office:
        org = request.user.organisation_id
        if org not in (indicator.lead_unit_id, indicator.project.lead_unit_id):
            raise PermissionDenied
    county = None
    if request.GET.get("county", "").isdigit():
        county = get_object_or_404(Organisation, pk=request.GET["county"], kind=Organisation.Kind.COUNTY)
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
                for r in zip(data["months"], data["actual"], data["expected"], data["statuses"], strict=True)
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


@login_required
def projection(request):
    """Year-end projection per indicator with early warnings; the method is stated on the page."""
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


@login_required
def disclosure(request):
    """Office: enter each county's 信息公开 score for a month."""
    require_office(request.user)
    programme = pick_programme(request)
    month = pick_month(request, programme)
    counties = list(
        Organisation.objects.filter(kind=Organisation.Kind.COUNTY, parent=programme.organisation)
        .exclude(name="市本级")
        .order_by("sort_order")
    )
    if request.method == "POST":
        errors = []
        for county in counties:
            raw = request.POST.get(f"score-{county.pk}", "").strip()
            if raw:
                try:
                    from decimal import Decimal, InvalidOperation

                    services.disclosure_score_set(
                        programme=programme,
                        county=county,
                        month=month,
                        score=Decimal(raw),
                        actor=request.user,
                    )
                except (ValidationError, InvalidOperation) as exc:
                    errors.append(f"{county.name}：{'；'.join(getattr(exc, 'messages', ['请输入数字。']))}")
        for e in errors:
            messages.error(request, e)
        if not errors:
            messages.success(request, "信息公开得分已保存。")
        return redirect(f"{request.path}?programme={programme.pk}&month={month}")
    scores = {s.county_id: s for s in DisclosureScore.objects.filter(programme=programme, month=month)}
    return render(
        request,
        "progress/disclosure.html",
        {
            "programme": programme,
            "month": month,
            "rows": [(c, scores.get(c.pk)) for c in counties],
        },
    )


@login_required
def opinions(request):
    """Office: 意见建议 from the public pages with replies, counts and 处理率."""
    require_office(request.user)
    if request.method == "POST":
        opinion = get_object_or_404(PublicOpinion, pk=request.POST.get("opinion"))
        form = ReplyForm(request.POST)
        if form.is_valid():
            services.opinion_reply(
                opinion=opinion,
                actor=request.user,
                reply=form.cleaned_data["reply"],
                publish=form.cleaned_data["publish"],
            )
            messages.success(request, "已答复。")
        else:
            messages.error(request, services.ERR_REPLY_EMPTY)
        return redirect("progress:opinions")
    items = list(PublicOpinion.objects.select_related("project").order_by("state", "-submitted_at")[:200])
    for o in items:  # the office sees contact data; masking here too keeps screenshots safe to share
        o.masked_name, o.masked_phone = mask_name(o.contact_name), mask_phone(o.contact_phone)
        o.full_phone = o.contact_phone if request.user.is_office else ""
    stats = selectors.opinion_stats()
    return render(request, "progress/opinions.html", {"items": items, "stats": stats, "form": ReplyForm()})


@login_required
def letters(request):
    """Letters (温馨提示函 / 工作提示函) and their replies; the office issues, recipients reply."""
    user = request.user
    if user.is_office:
        qs = Letter.objects.all()
    elif user.organisation_id:
        ids = [user.organisation_id] + ([user.county.pk] if user.county else [])
        qs = Letter.objects.filter(recipient_id__in=ids)
    else:
        raise PermissionDenied
    programme = pick_programme(request)
    form = LetterForm(request.POST or None) if user.is_office else None
    if form is not None:
        form.fields["recipient"].queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT]
        )
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        services.letter_issue(
            programme=programme,
            kind=d["kind"],
            recipient=d["recipient"],
            subject=d["subject"],
            body=d["body"],
            reply_deadline=d["reply_deadline"],
            month=d["month"],
            actor=user,
        )
        messages.success(request, "提示函已登记。")
        return redirect("progress:letters")
    items = list(qs.select_related("recipient", "replied_by").order_by("state", "reply_deadline"))
    today = timezone.localdate()
    for letter in items:
        letter.overdue = letter.is_overdue(today)
    return render(
        request, "progress/letters.html", {"items": items, "form": form, "reply_form": LetterReplyForm()}
    )


@login_required
@require_POST
def letter_reply(request, pk: int):
    """The recipient (or the office on its behalf) records the reply to a letter."""
    letter = get_object_or_404(Letter, pk=pk)
    if not request.user.has_perm("progress.reply_letter", letter):
        raise PermissionDenied
    form = LetterReplyForm(request.POST)
    if form.is_valid():
        services.letter_reply(letter=letter, actor=request.user, reply_text=form.cleaned_data["reply_text"])
        messages.success(request, "回复已记录。")
    else:
        messages.error(request, services.ERR_REPLY_EMPTY)
    return redirect("progress:letters")
