"""The office's verification queue: figures awaiting verification, filtered by county, indicator and month;
审核通过所选 (bulk, one transaction) and 审核并下一条 (one figure at a time: verify, return or deduct)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import office_scope_q
from minsheng.common.params import id_param

from .. import services
from ..models import FIGURE_OWNER, Figure, FigureState, ReportingPeriod
from ..selectors import queue as q

PAGE_ROWS = 500  # rows shown at once; a month of a whole city fits (the bulk verify takes them all)
ERR_DEDUCT_VALUE = "请填写核减后的核定值。"
DONE_ALL = "待审核队列已清空。"


def queue_url(filters: q.QueueFilters) -> str:
    query = filters.as_query()
    return reverse("progress:verification_queue") + (f"?{query}" if query else "")


def figure_url(pk: int, filters: q.QueueFilters) -> str:
    query = filters.as_query()
    return reverse("progress:verification_figure", args=[pk]) + (f"?{query}" if query else "")


def _gap_period(filters: q.QueueFilters, periods) -> ReportingPeriod | None:
    """The month whose 验收率 the page shows: the filtered one, else the latest month awaiting review."""
    if filters.period_id:
        return ReportingPeriod.objects.filter(pk=filters.period_id).first()
    if not periods:
        return None
    return max((p for p, _n in periods), key=lambda p: (p.programme.year, p.month))


class VerificationQueueView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The queue (GET) and 审核通过所选 (POST, with a confirmation step for figures without evidence)."""

    permission_required = "progress.review_figure"

    def get(self, request):
        return self.page(request, q.QueueFilters.from_query(request.GET, user=request.user))

    def page(self, request, filters, *, selected=(), comment: str = "", status: int = 200):
        rows = q.verification_queue(filters=filters, limit=PAGE_ROWS)
        total = q.queue_count(filters) if len(rows) >= PAGE_ROWS else len(rows)
        choices = q.queue_choices(scope=filters.scope)
        period = _gap_period(filters, choices["periods"])
        gaps = q.indicator_gaps(period=period) if period else []
        ctx = {
            "rows": rows,
            "total": total,
            "shown": len(rows),
            "filters": filters,
            "query": filters.as_query(),
            "choices": choices,
            "selected": {int(i) for i in selected},
            "comment": comment,
            "gap_period": period,
            "gaps": [g for g in gaps if g.gap.flagged],
            "gaps_all": gaps,
            "gap_rule": q.GAP_RULE,
            "flagged_rows": sum(1 for r in rows if r.gap.flagged),
        }
        return render(request, "progress/verification_queue.html", ctx, status=status)

    def post(self, request):
        filters = q.QueueFilters.from_query(request.GET, user=request.user)
        ids = [i for i in (id_param(v) for v in request.POST.getlist("figure")) if i]
        comment = request.POST.get("comment", "").strip()[:300]
        confirmed = request.POST.get("confirm_no_evidence") == "1"
        try:
            done = services.figures_verify(
                figure_ids=ids, actor=request.user, comment=comment, confirmed_without_evidence=confirmed
            )
        except services.EvidenceMissing as exc:
            missing = (
                Figure.objects.filter(pk__in=exc.figure_ids)
                .select_related("target__indicator", "target__county", "period__programme")
                .order_by("target__county__sort_order", "pk")
            )
            return render(
                request,
                "progress/verify_confirm.html",
                {
                    "missing": list(missing),
                    "hidden": [("figure", i) for i in ids] + [("comment", comment)],
                    "action_url": queue_url(filters),
                    "back_url": queue_url(filters),
                    "n_selected": len(ids),
                },
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return self.page(request, filters, selected=ids, comment=comment)
        messages.success(request, f"已审核通过 {len(done)} 条数据。")
        return redirect(queue_url(filters))


class QueueReviewForm(forms.Form):
    ACTIONS = [("verify", "审核通过"), ("return", "退回修改"), ("deduct", "核减")]
    action = forms.ChoiceField(choices=ACTIONS)
    verified_value = forms.DecimalField(
        label="核减后的核定值",
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )
    comment = forms.CharField(
        label="审核意见 / 退回理由 / 核减原因",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
    )
    state = forms.ChoiceField(choices=FigureState.choices, required=False, widget=forms.HiddenInput)


class VerificationFigureView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """审核并下一条: one figure of the queue with its evidence and gap; verify, return (reason) or deduct
    (value and reason), then the next figure of the same filtered queue."""

    permission_required = "progress.review_figure"

    def _figure(self) -> Figure:
        figure = (
            Figure.objects.select_related(
                "target__indicator__project__matter", "target__county", "period__programme"
            )
            .filter(office_scope_q(self.request.user, FIGURE_OWNER, manage=True), pk=self.kwargs["pk"])
            .first()
        )
        if figure is None:
            raise Http404("未找到该数据")
        return figure

    def page(self, request, figure, filters, form, *, confirm_no_evidence=False, status=200):
        evidence = list(figure.evidence.all())
        ctx = {
            "figure": figure,
            "target": figure.target,
            "indicator": figure.target.indicator,
            "period": figure.period,
            "filters": filters,
            "query": filters.as_query(),
            "form": form,
            "evidence": evidence,
            "previous": services.previous_verified(target_id=figure.target_id, period=figure.period),
            "gap": q.figure_gap(figure=figure, with_evidence=bool(evidence)),
            "remaining": q.queue_count(filters),
            "confirm_no_evidence": confirm_no_evidence,
            "pending": figure.state == FigureState.SUBMITTED,
            "queue_url": queue_url(filters),
        }
        return render(request, "progress/verification_figure.html", ctx, status=status)

    def get(self, request, pk: int):
        figure = self._figure()
        filters = q.QueueFilters.from_query(request.GET, user=request.user)
        return self.page(request, figure, filters, QueueReviewForm(initial={"state": figure.state}))

    def post(self, request, pk: int):
        figure = self._figure()
        filters = q.QueueFilters.from_query(request.GET, user=request.user)
        form = QueueReviewForm(request.POST)
        if not form.is_valid():
            return self.page(request, figure, filters, form, status=400)
        data, user = form.cleaned_data, request.user
        seen = data["state"] or None
        action = data["action"]
        try:
            if action == "verify":
                services.figures_verify(
                    figure_ids=[figure.pk],
                    actor=user,
                    comment=data["comment"].strip(),
                    confirmed_without_evidence=request.POST.get("confirm_no_evidence") == "1",
                )
                messages.success(
                    request, f"已审核通过：{figure.target.county.name} · {figure.target.indicator.name}。"
                )
            elif action == "return":
                services.figure_return(figure=figure, actor=user, comment=data["comment"], expected=seen)
                messages.success(
                    request, f"已退回：{figure.target.county.name} · {figure.target.indicator.name}。"
                )
            else:
                if data["verified_value"] is None:
                    raise ValidationError({"verified_value": ERR_DEDUCT_VALUE})
                services.figure_deduct(
                    figure=figure,
                    actor=user,
                    verified_value=data["verified_value"],
                    reason=data["comment"],
                    expected=seen,
                )
                messages.success(
                    request, f"已核减：{figure.target.county.name} · {figure.target.indicator.name}。"
                )
        except services.EvidenceMissing:
            return self.page(request, figure, filters, form, confirm_no_evidence=True)
        except ValidationError as exc:
            _add_errors(form, exc)
            figure.refresh_from_db()
            return self.page(request, figure, filters, form, status=400)
        next_id = q.queue_next_id(filters=filters, after=figure)
        if next_id is None:
            messages.info(request, DONE_ALL)
            return redirect(queue_url(filters))
        return redirect(figure_url(next_id, filters))


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's refusal on the form field it concerns (the reason → the comment box)."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            field = {"reason": "comment"}.get(field, field)
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def queue_link(**params) -> str:
    """A link to the queue with filters (used by other pages: periods, lock, 待办)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("progress:verification_queue") + (f"?{query}" if query else "")
