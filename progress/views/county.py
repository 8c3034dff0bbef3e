"""County entry (one month's list, one figure's form, evidence) and the office's review of a figure."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from minsheng.accounts.models import Organisation, Role
from minsheng.common.params import is_id
from projects.models import IndicatorTarget

from .. import selectors, services
from ..forms import EvidenceForm, FigureForm, ReviewForm
from ..models import Figure, FigureState, ReportingPeriod
from ..status import indicator_status


@login_required
def index(request):
    """Send each role to its start page."""
    user = request.user
    if user.role == Role.COUNTY and user.county is not None:
        period = current_period(county=user.county)
        if period is None:
            raise Http404("暂无调度月份")
        return redirect("progress:county_month", period_id=period.pk)
    if user.has_perm("progress.view_dashboard"):
        return redirect("progress:dashboard")
    raise PermissionDenied


def current_period(*, county) -> ReportingPeriod | None:
    """The period a county reports now: the latest open month of its newest programme (else the latest)."""
    qs = (
        ReportingPeriod.objects.filter(programme__matters__projects__indicators__targets__county=county)
        .distinct()
        .order_by("-programme__year", "-month")
    )
    return qs.filter(state=ReportingPeriod.State.OPEN).first() or qs.first()


def _county_for(request, period) -> Organisation:
    user = request.user
    if user.role == Role.COUNTY and user.county is not None:
        return user.county
    if user.is_office:
        pk = request.GET.get("county", "")
        county = (
            Organisation.objects.filter(pk=pk, kind=Organisation.Kind.COUNTY).first()
            if is_id(pk)
            else None
        )
        if county is None:
            raise Http404("请选择县市区")
        return county
    raise PermissionDenied


@login_required
def county_month(request, period_id: int):
    """A county's tasks for one month with their state, status and last month's verified value."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("programme"), pk=period_id)
    county = _county_for(request, period)
    rows = selectors.county_month_rows(county=county, period=period)
    for row in rows:
        fig, ind, target = row["figure"], row["indicator"], row["target"]
        value = fig.effective_value if fig else None
        if fig and value is None and fig.state == FigureState.DRAFT:
            value = None
        row["result"] = indicator_status(
            kind=ind.kind,
            value=value,
            target=target.target,
            month=period.month,
            monthly_plan=ind.monthly_plan,
            due_date=ind.due_date,
            year=period.programme.year,
        )
    periods = ReportingPeriod.objects.filter(programme=period.programme).order_by("month")
    now = timezone.now()
    for row in rows:
        fig = row["figure"]
        row["late"] = bool(fig and fig.submitted_at and period.is_late(fig.submitted_at))
    return render(
        request,
        "progress/county_month.html",
        {
            "period": period,
            "county": county,
            "rows": rows,
            "periods": periods,
            "now": now,
            "overdue": period.is_open and now > period.deadline,
            "open_periods": [p for p in periods if p.is_open],
            "filled": sum(1 for r in rows if r["figure"] and r["figure"].state != FigureState.DRAFT),
        },
    )


def _target_for(request, target_id: int) -> IndicatorTarget:
    """The target if the user may see its rows (county: its own; department: its projects; office: all)."""
    target = get_object_or_404(
        IndicatorTarget.objects.select_related("indicator__project__matter", "county"), pk=target_id
    )
    user = request.user
    if user.is_office:
        return target
    if user.role == Role.COUNTY and user.county is not None and target.county_id == user.county.pk:
        return target
    if user.role == Role.DEPARTMENT and user.organisation_id:
        ind, org = target.indicator, user.organisation_id
        if (
            org in (ind.lead_unit_id, ind.project.lead_unit_id)
            or ind.project.responsible_units.filter(pk=org).exists()
        ):
            return target
    raise Http404("无权查看该任务")


@login_required
def figure_entry(request, target_id: int, period_id: int):
    """The form of one figure (county), its evidence, history and — for the office — the review."""
    target = _target_for(request, target_id)
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("programme"),
        pk=period_id,
        programme=target.indicator.project.matter.programme,
    )
    figure = Figure.objects.filter(target=target, period=period).first()
    indicator = target.indicator
    user = request.user
    can_edit = (
        user.role == Role.COUNTY
        and (figure is None or figure.is_editable)
        and period.state == ReportingPeriod.State.OPEN
    )
    form = FigureForm(request.POST or None, instance=figure, indicator=indicator)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                figure = services.figure_save(
                    target=target,
                    period=period,
                    actor=user,
                    value=data.get("value"),
                    progress_percent=data.get("progress_percent"),
                    planned_investment=data.get("planned_investment"),
                    completed_investment=data.get("completed_investment"),
                    narrative=data.get("narrative", ""),
                    fall_reason=data.get("fall_reason", ""),
                    submit=request.POST.get("submit") == "on",
                )
                if request.POST.get("submit") == "on":
                    messages.success(request, "已报送，等待专班办公室审核。")
                else:
                    messages.success(request, "已保存草稿。")
                return redirect("progress:figure_entry", target_id=target.pk, period_id=period.pk)
            except ValidationError as exc:
                _form_errors(form, exc)
    previous = services.previous_verified(target_id=target.pk, period=period)
    result = None
    if figure is not None:
        result = indicator_status(
            kind=indicator.kind,
            value=figure.effective_value,
            target=target.target,
            month=period.month,
            monthly_plan=indicator.monthly_plan,
            due_date=indicator.due_date,
            year=period.programme.year,
        )
    return render(
        request,
        "progress/figure_entry.html",
        {
            "target": target,
            "indicator": indicator,
            "period": period,
            "figure": figure,
            "form": form,
            "can_edit": can_edit,
            "previous": previous,
            "result": result,
            "evidence": list(figure.evidence.all()) if figure else [],
            "transitions": list(figure.transitions.select_related("actor")) if figure else [],
            "evidence_form": EvidenceForm(),
            "review_form": ReviewForm(),
            "can_review": user.is_office and figure is not None and figure.state != FigureState.LOCKED,
            "can_upload": figure is not None
            and figure.state != FigureState.LOCKED
            and period.state == ReportingPeriod.State.OPEN
            and user.has_perm("progress.add_evidence", figure),
        },
    )


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _figure_for(request, pk: int) -> Figure:
    figure = selectors.figures_visible_to(request.user).filter(pk=pk).first()
    if figure is None:
        raise Http404("未找到该数据")
    return figure


@login_required
@require_POST
def evidence_upload(request, pk: int):
    """Attach a 佐证材料 file to a figure (county's own, or the office)."""
    figure = _figure_for(request, pk)
    if not request.user.has_perm("progress.add_evidence", figure):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(figure=figure, actor=request.user, uploaded=form.cleaned_data["file"])
            messages.success(request, "佐证材料已上传。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请选择要上传的文件。")
    return redirect("progress:figure_entry", target_id=figure.target_id, period_id=figure.period_id)


@login_required
def evidence_download(request, pk: int):
    """Serve an evidence file after checking the user may read its figure."""
    evidence = selectors.evidence_visible_to(request.user).filter(pk=pk).first()
    if evidence is None:
        raise Http404("未找到该文件")
    content_type = (
        evidence.mime or mimetypes.guess_type(evidence.original_name)[0] or "application/octet-stream"
    )
    resp = FileResponse(evidence.file.open("rb"), content_type=content_type)
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    resp["Content-Disposition"] = (
        f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(evidence.original_name)}"
    )
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return resp


@login_required
@require_POST
def figure_review(request, pk: int):
    """Office: verify, return with a comment, or deduct (核减) to a lower verified value with a reason."""
    figure = _figure_for(request, pk)
    if not request.user.has_perm("progress.review_figure", figure):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        data, user = form.cleaned_data, request.user
        seen = data["state"] or None
        try:
            if data["action"] == "verify":
                services.figure_verify(figure=figure, actor=user, comment=data["comment"], expected=seen)
                messages.success(request, "已审核通过。")
            elif data["action"] == "return":
                services.figure_return(figure=figure, actor=user, comment=data["comment"], expected=seen)
                messages.success(request, "已退回。")
            else:
                if data["verified_value"] is None:
                    raise ValidationError({"verified_value": "请填写核减后的核定值。"})
                services.figure_deduct(
                    figure=figure,
                    actor=user,
                    verified_value=data["verified_value"],
                    reason=data["comment"],
                    expected=seen,
                )
                messages.success(request, "已核减。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请选择审核操作。")
    url = reverse(
        "progress:figure_entry", kwargs={"target_id": figure.target_id, "period_id": figure.period_id}
    )
    return redirect(url)
