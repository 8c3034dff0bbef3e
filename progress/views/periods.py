"""Office pages of the reporting-period lifecycle: open the next month, extend a deadline, lock a month."""

from __future__ import annotations

import logging
from collections import defaultdict

from celery import current_app
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import office_scope_q
from minsheng.common.mixins import PostOnlyMixin
from projects.models import IndicatorTarget

from .. import services
from ..forms import PeriodExtendForm, PeriodLockForm
from ..models import Figure, FigureState, PeriodEvent, ReportingPeriod
from .common import pick_programme


def _back(period_or_programme_id: int) -> str:
    return f"{reverse('progress:periods')}?programme={period_or_programme_id}"


class PeriodsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Every month of a programme: deadline, state, how many figures wait for review; the audit trail."""

    permission_required = "progress.manage"

    def post(self, request):
        if request.POST.get("action") != "open_next":
            return self.get(request)
        programme = pick_programme(request)
        try:
            period = services.period_open_next(programme=programme, actor=request.user)
            messages.success(request, f"已开启 {period.label}填报，截止 {period.deadline:%Y-%m-%d %H:%M}。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(_back(programme.pk))

    def get(self, request):
        return render(request, "progress/periods.html", _periods_context(pick_programme(request)))


def _periods_context(programme) -> dict:
    rows = list(ReportingPeriod.objects.filter(programme=programme).order_by("month"))
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for row in (
        Figure.objects.filter(period__programme=programme)
        .values("period_id", "state")
        .annotate(n=Count("id"))
    ):
        counts[row["period_id"]][row["state"]] = row["n"]
    assigned = IndicatorTarget.objects.filter(indicator__project__matter__programme=programme).count()
    now = timezone.now()
    for p in rows:
        c = counts[p.pk]
        p.n_submitted = sum(v for s, v in c.items() if s not in (FigureState.DRAFT, FigureState.RETURNED))
        p.n_pending = c.get(FigureState.SUBMITTED, 0)
        p.n_assigned = assigned
        p.overdue = p.is_open and now > p.deadline
    events = PeriodEvent.objects.filter(period__programme=programme).select_related("period", "actor")
    return {
        "programme": programme,
        "rows": rows,
        "events": list(events.order_by("-at", "-id")[:50]),
        "extend_form": PeriodExtendForm(),
        "next_month": (rows[-1].month + 1) if rows else 1,
    }


class PeriodExtendView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """Office: move a month's deadline later with a reason."""

    permission_required = "progress.manage"

    def post(self, request, pk: int):
        period = get_object_or_404(
            ReportingPeriod.objects.filter(
                office_scope_q(request.user, "programme__organisation", manage=True)
            ),
            pk=pk,
        )
        form = PeriodExtendForm(request.POST)
        if form.is_valid():
            try:
                services.period_extend(
                    period=period,
                    deadline=form.cleaned_data["deadline"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, f"{period.label}截止时间已延长。")
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
        else:
            messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(_back(period.programme_id))


class PeriodLockView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Office: a confirmation page with what will be locked; POST with the box ticked locks the month."""

    permission_required = "progress.manage"

    def _period(self) -> ReportingPeriod:
        own = office_scope_q(self.request.user, "programme__organisation", manage=True)
        return get_object_or_404(
            ReportingPeriod.objects.filter(own).select_related("programme"), pk=self.kwargs["pk"]
        )

    def _page(self, period: ReportingPeriod, form: PeriodLockForm):
        return render(
            self.request,
            "progress/period_lock.html",
            {"period": period, "preview": services.period_lock_preview(period=period), "form": form},
        )

    def get(self, request, pk: int):
        return self._page(self._period(), PeriodLockForm(None))

    def post(self, request, pk: int):
        period = self._period()
        form = PeriodLockForm(request.POST or None)
        if form.is_valid():
            try:
                n = services.period_lock(
                    period=period, actor=request.user, confirmed=True, comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                transaction.on_commit(lambda: _enqueue_letters(period.pk))
                messages.success(request, f"{period.label}已锁定（{n} 条数据）；未达序时的单位将收到提示函。")
                return redirect(_back(period.programme_id))
        return self._page(period, form)


def _enqueue_letters(period_id: int) -> None:
    """Queue the lagging-unit letters; a broker outage must not undo the lock (the office can re-run)."""
    try:
        # The letters are the reports app's (a higher layer): its task is looked up by name.
        current_app.tasks["reports.tasks.letters_lagging_task"].delay(period_id)
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).warning("调度月份 %s 的提示函任务未能入队", period_id)
