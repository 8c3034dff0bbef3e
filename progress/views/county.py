"""County entry (one month's list, one figure's form, evidence) and the office's review of a figure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import is_county_staff
from minsheng.common.downloads import serve_stored_file
from minsheng.common.mixins import PostOnlyMixin
from projects.models import IndicatorTarget

from .. import selectors, services
from ..forms import EvidenceForm, FigureForm, ReviewForm
from ..home import SHOW_FILTERS, SHOW_RETURNED, SHOW_TODO, TO_REPORT_STATES
from ..models import Figure, FigureState, ReportingPeriod
from ..plausibility import plausibility_warnings
from ..selectors import queue as queue_selectors
from ..status import indicator_status


class IndexView(LoginRequiredMixin, View):
    """Send each role to its start page."""

    def get(self, request):
        user = request.user
        if is_county_staff(user):
            period = selectors.period_current_for_county(county=user.county)
            if period is None:
                raise Http404("暂无调度月份")
            return redirect("progress:county_month", period_id=period.pk)
        if user.has_perm("progress.view_dashboard"):
            return redirect("progress:dashboard")
        raise PermissionDenied

    post = get  # the start page answers any method alike


class CountyMonthView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A county's tasks for one month with their state, status and last month's verified value; the office
    picks the county with ?county=<id>."""

    template_name = "progress/county_month.html"
    permission_required = "progress.view_county_month"

    def get_permission_object(self):
        user = self.request.user
        self.county = (
            user.county if is_county_staff(user) else selectors.county_by_id(self.request.GET.get("county"))
        )
        return self.county

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.county is None:
            raise Http404("请选择县市区")
        period = get_object_or_404(
            ReportingPeriod.objects.select_related("programme"), pk=self.kwargs["period_id"]
        )
        rows = selectors.county_month_rows(county=self.county, period=period)
        ctx.update(
            county=self.county,
            **_month_list_context(period=period, rows=rows, show=self.request.GET.get("show", "")),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)  # a read-only page: a POST shows it as a GET does


class DepartmentMonthView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A lead department's own reporting list of one month: the 市本级 rows (city-level indicators with no
    county split) of the indicators it leads, each linking to the same figure form the counties use."""

    template_name = "progress/department_month.html"
    permission_required = "progress.view_department_month"

    def get_permission_object(self):
        # an object, never None: without one the office's model-level permissions would let it in
        org = self.request.user.organisation if self.request.user.is_authenticated else None
        if org is None and self.request.user.is_authenticated:
            raise PermissionDenied
        return org

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        period = get_object_or_404(
            ReportingPeriod.objects.select_related("programme"), pk=self.kwargs["period_id"]
        )
        rows = selectors.department_month_rows(department_id=user.organisation_id, period=period)
        ctx.update(
            department=user.organisation,
            **_month_list_context(period=period, rows=rows, show=self.request.GET.get("show", "")),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)  # a read-only page: a POST shows it as a GET does


def _month_list_context(*, period: ReportingPeriod, rows: list[dict], show: str) -> dict:
    """What a month's reporting list shows, for a county and for a lead department alike: the rows (only those
    still to report, returned or deducted when the 待办 home's link asks), how many are filled, the month switcher."""
    periods = ReportingPeriod.objects.filter(programme=period.programme).order_by("month")
    now = timezone.now()
    out = {
        "period": period,
        "all_count": len(rows),
        "filled": sum(1 for r in rows if r["figure"] and r["figure"].state not in TO_REPORT_STATES),
        "periods": periods,
        "now": now,
        "overdue": period.is_open and now > period.deadline,
        "open_periods": [p for p in periods if p.is_open],
    }
    if show in SHOW_FILTERS:  # the 待办 home's links: the rows still to report, returned or deducted
        rows = [r for r in rows if _row_shown(r, show)]
        out.update(show=show, show_label=SHOW_FILTERS[show])
    return {**out, "rows": rows}


def _row_shown(row: dict, show: str) -> bool:
    state = row["figure"].state if row["figure"] else None
    if show == SHOW_TODO:
        return state is None or state in TO_REPORT_STATES
    if show == SHOW_RETURNED:
        return state == FigureState.RETURNED
    return state == FigureState.DEDUCTED


class FigureEntryView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The form of one figure (county), its evidence, history and — for the office — the review."""

    template_name = "progress/figure_entry.html"
    permission_required = "progress.view_target"

    def get_permission_object(self):
        self.target = get_object_or_404(
            IndicatorTarget.objects.select_related(
                "indicator__project__matter",
                "indicator__lead_unit",
                "indicator__project__lead_unit",
                "county",
            ),
            pk=self.kwargs["target_id"],
        )
        return self.target

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404("无权查看该任务")
        return super().handle_no_permission()

    def setup_entry(self):
        target = self.target
        self.period = get_object_or_404(
            ReportingPeriod.objects.select_related("programme"),
            pk=self.kwargs["period_id"],
            programme=target.indicator.project.matter.programme,
        )
        self.figure = Figure.objects.filter(target=target, period=self.period).first()
        self.can_edit = (
            self.request.user.has_perm("progress.enter_figure", target)
            and (self.figure is None or self.figure.is_editable)
            and self.period.state == ReportingPeriod.State.OPEN
        )

    def get(self, request, *args, **kwargs):
        self.setup_entry()
        form = FigureForm(instance=self.figure, indicator=self.target.indicator)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.setup_entry()
        if not self.can_edit:
            raise PermissionDenied
        form = FigureForm(request.POST, instance=self.figure, indicator=self.target.indicator)
        if form.is_valid():
            data, target, period = form.cleaned_data, self.target, self.period
            # the sheet's plausibility checks, as warnings the clerk confirms before anything is saved
            warnings = plausibility_warnings(
                value=data.get("value"),
                target=target.target,
                previous=services.previous_verified(target_id=target.pk, period=period),
            )
            if warnings and request.POST.get("confirm_plausible") != "1":
                return self.render_to_response(self.get_context_data(form=form, plausibility=warnings))
            # 佐证材料 chosen in the same form: every file is checked first, so a refused one keeps the typing
            files = request.FILES.getlist("evidence")
            refused = services.evidence_check(files)
            if refused:
                return self.render_to_response(
                    self.get_context_data(form=form, evidence_errors=refused), status=400
                )
            try:
                with transaction.atomic():
                    saved = self._save_with_evidence(form, files)
                if request.POST.get("submit") == "on":
                    messages.success(request, "已报送，等待专班办公室审核。")
                else:
                    messages.success(request, "已保存草稿。")
                _warn_gap(request, saved)
                return redirect("progress:figure_entry", target_id=target.pk, period_id=period.pk)
            except ValidationError as exc:
                _form_errors(form, exc)
        return self.render_to_response(self.get_context_data(form=form))

    def _save_with_evidence(self, form, files) -> Figure:
        request, data, target, period = self.request, form.cleaned_data, self.target, self.period
        figure = services.figure_save(
            target=target,
            period=period,
            actor=request.user,
            value=data.get("value"),
            progress_percent=data.get("progress_percent"),
            planned_investment=data.get("planned_investment"),
            completed_investment=data.get("completed_investment"),
            narrative=data.get("narrative", ""),
            fall_reason=data.get("fall_reason", ""),
            submit=request.POST.get("submit") == "on",
        )
        for f in files:
            services.evidence_add(figure=figure, actor=request.user, uploaded=f)
        return figure

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        target, period, figure, user = self.target, self.period, self.figure, self.request.user
        indicator = target.indicator
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
        unlocked = figure is not None and figure.state != FigureState.LOCKED
        ctx.update(
            back_url=_entry_back_url(user, target, period),
            reporter=user.has_perm("progress.enter_figure", target),
            city_self=selectors.is_city_self(target.county),
            target=target,
            indicator=indicator,
            period=period,
            figure=figure,
            can_edit=self.can_edit,
            previous=services.previous_verified(target_id=target.pk, period=period),
            result=result,
            evidence=list(figure.evidence.all()) if figure else [],
            transitions=list(figure.transitions.select_related("actor")) if figure else [],
            evidence_form=EvidenceForm(),
            review_form=ReviewForm(),
            can_review=unlocked and user.has_perm("progress.review_figure", figure),
            can_upload=unlocked
            and period.state == ReportingPeriod.State.OPEN
            and user.has_perm("progress.add_evidence", figure),
        )
        return ctx


def _entry_back_url(user, target: IndicatorTarget, period: ReportingPeriod) -> str:
    """The list the figure page belongs to, one its user can open: the county's month (the office picks
    the county), the lead department's own list for a 市本级 row, else the department's dashboard."""
    if is_county_staff(user) or user.has_perm("progress.view_county_month", target.county):
        url = reverse("progress:county_month", args=[period.pk])
        return url if is_county_staff(user) else f"{url}?county={target.county_id}"
    if user.has_perm("progress.enter_figure", target):
        return reverse("progress:department_month", args=[period.pk])
    return reverse("progress:dashboard") + f"?programme={period.programme_id}&month={period.month}"


def _warn_gap(request, figure: Figure) -> None:
    """A warning (not a refusal) when the figure, once verified, would leave reported progress more than
    10 points above the 验收率 (verified with evidence) — the seed's October rule, ahead of time."""
    gap = queue_selectors.figure_gap(figure=figure)
    if gap.flagged:
        messages.warning(
            request,
            queue_selectors.WARN_GAP.format(
                reported=gap.reported_percent, accepted=gap.accepted_percent, gap=gap.gap_points
            ),
        )


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


class _FigureAction(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """A POST on one figure the user can read (404 otherwise), back to its entry page."""

    def get_permission_object(self):
        self.figure = selectors.figures_visible_to(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if self.figure is None:
            raise Http404("未找到该数据")
        return self.figure

    def post(self, request, pk: int):
        self.act(request, self.figure)
        figure = self.figure
        return redirect("progress:figure_entry", target_id=figure.target_id, period_id=figure.period_id)


class EvidenceUploadView(_FigureAction):
    """Attach a 佐证材料 file to a figure (county's own, or the office)."""

    permission_required = "progress.add_evidence"

    def act(self, request, figure: Figure) -> None:
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.evidence_add(figure=figure, actor=request.user, uploaded=form.cleaned_data["file"])
                messages.success(request, "佐证材料已上传。")
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
        else:
            messages.error(request, "请选择要上传的文件。")


class EvidenceDeleteView(LoginRequiredMixin, PostOnlyMixin, View):
    """Remove a 佐证材料 file while its figure is a draft (or returned)."""

    def post(self, request, pk: int):
        evidence = selectors.evidence_visible_to(request.user).select_related("figure").filter(pk=pk).first()
        if evidence is None:
            raise Http404("未找到该文件")
        figure = evidence.figure
        try:
            services.evidence_delete(evidence=evidence, actor=request.user)
            messages.success(request, f"已删除佐证材料“{evidence.original_name}”。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("progress:figure_entry", target_id=figure.target_id, period_id=figure.period_id)


class EvidenceDownloadView(LoginRequiredMixin, View):
    """Serve an evidence file the user may read (through its figure); 404 otherwise."""

    def get(self, request, pk: int):
        evidence = selectors.evidence_visible_to(request.user).filter(pk=pk).first()
        if evidence is None:
            raise Http404("未找到该文件")
        return serve_stored_file(evidence.file, mime=evidence.mime, filename=evidence.original_name)

    post = get  # the download answered any method alike


class FigureReviewView(_FigureAction):
    """Office: verify, return with a comment, or deduct (核减) to a lower verified value with a reason."""

    permission_required = "progress.review_figure"

    def post(self, request, pk: int):
        form = ReviewForm(request.POST)
        if (
            form.is_valid()
            and form.cleaned_data["action"] == "verify"
            and request.POST.get("confirm_no_evidence") != "1"
            and self.figure.state == FigureState.SUBMITTED
            and services.figures_without_evidence(figure_ids=[self.figure.pk])
        ):
            # a confirmation step on the server, not only in the browser: approving without evidence
            figure, data = self.figure, form.cleaned_data
            return render(
                request,
                "progress/verify_confirm.html",
                {
                    "missing": [figure],
                    "n_selected": 1,
                    "hidden": [("action", "verify"), ("comment", data["comment"]), ("state", data["state"])],
                    "action_url": reverse("progress:figure_review", args=[figure.pk]),
                    "back_url": reverse("progress:figure_entry", args=[figure.target_id, figure.period_id]),
                },
            )
        return super().post(request, pk)

    def act(self, request, figure: Figure) -> None:
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择审核操作。")
            return
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
