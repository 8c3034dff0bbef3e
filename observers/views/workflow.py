"""Office triage and hand-off, the unit's rectification reply, the office's review, public list."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.common.downloads import serve_stored_file

from .. import selectors
from ..forms import DecideForm, HandOffForm, RateForm, ReopenForm, ReplyForm, ReviewForm, TriageForm
from ..models import Finding, HandOff, HandOffEvidence, WorkflowEvent
from ..services import (
    finding_decide,
    finding_publish,
    finding_triage,
    handoff_accept,
    handoff_issue,
    handoff_rate,
    handoff_reopen,
    handoff_reopen_open,
    handoff_reply,
    handoff_return,
)
from .common import add_errors, person


class FindingListView(LoginRequiredMixin, TemplateView):
    """The office's triage queue (others see the findings visible to them)."""

    template_name = "observers/finding_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.findings_visible_to(self.request.user)
        state = self.request.GET.get("state", "")
        if state in Finding.State.values:
            qs = qs.filter(state=state)
        ctx.update(
            page=Paginator(qs, 50).get_page(self.request.GET.get("page")),
            state=state,
            states=Finding.State.choices,
        )
        return ctx


def _finding(pk) -> Finding:
    events = WorkflowEvent.objects.select_related("actor").order_by("at", "id")
    return get_object_or_404(
        Finding.objects.select_related(
            "report__observer", "report__project", "hand_off__unit", "duplicate_of"
        ).prefetch_related(Prefetch("events", queryset=events), "report__photos"),
        pk=pk,
    )


class FindingDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    template_name = "observers/finding_detail.html"
    permission_required = "observers.view_finding"

    def get_permission_object(self):
        self.finding = _finding(self.kwargs["pk"])
        return self.finding

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        f = self.finding
        user = self.request.user
        hand_off = getattr(f, "hand_off", None)
        ctx.update(
            finding=f,
            hand_off=hand_off,
            events=list(f.events.all()),
            observer_name=person(user, f.report.observer.name),
            today=timezone.localdate(),
        )
        if user.is_office:
            ctx.update(
                triage_form=kwargs.get("triage_form")
                or TriageForm(
                    initial={"category": f.category, "severity": f.severity, "comment": f.office_comment}
                ),
                decide_form=kwargs.get("decide_form") or DecideForm(finding=f),
                handoff_form=kwargs.get("handoff_form")
                or HandOffForm(
                    # The report's county (chosen or inferred) is the default responsible unit: routed, not guessed.
                    initial={"deadline": timezone.localdate() + timedelta(days=15), "unit": f.report.county_id}
                ),
            )
        return ctx


class _OfficeFindingAction(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "observers.triage_finding"
    form_class = None
    context_name = ""

    def get_permission_object(self):
        self.finding = _finding(self.kwargs["pk"])
        return self.finding

    def form(self, data):
        return self.form_class(data)

    def post(self, request, pk):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                message = self.act(form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("observers:finding_detail", pk=pk)
        view = FindingDetailView()
        view.setup(request, pk=pk)
        view.finding = self.finding
        ctx = view.get_context_data(**{self.context_name: form})
        return view.render_to_response(ctx, status=400)


class FindingTriageView(_OfficeFindingAction):
    form_class, context_name = TriageForm, "triage_form"

    def act(self, data):
        finding_triage(
            finding=self.finding,
            by=self.request.user,
            category=data["category"],
            severity=data["severity"],
            comment=data["comment"],
        )
        return "已保存研判分类。"


class FindingDecideView(_OfficeFindingAction):
    context_name = "decide_form"

    def form(self, data):
        return DecideForm(data, finding=self.finding)

    def act(self, data):
        f = finding_decide(
            finding=self.finding,
            by=self.request.user,
            to=data["to"],
            comment=data["comment"],
            duplicate_of=data["duplicate_of"],
        )
        return f"已更新为“{f.get_state_display()}”。"


class HandOffIssueView(_OfficeFindingAction):
    form_class, context_name = HandOffForm, "handoff_form"

    def act(self, data):
        h = handoff_issue(
            finding=self.finding,
            by=self.request.user,
            kind=data["kind"],
            unit=data["unit"],
            deadline=data["deadline"],
            number=data["number"],
            instructions=data["instructions"],
        )
        return f"已以{h.get_kind_display()}交办{h.unit.display_name}，整改时限 {h.deadline:%Y-%m-%d}。"


class FindingPublishView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "observers.triage_finding"

    def get_permission_object(self):
        self.finding = _finding(self.kwargs["pk"])
        return self.finding

    def post(self, request, pk):
        published = request.POST.get("published") == "1"
        finding_publish(finding=self.finding, by=request.user, published=published)
        messages.success(request, "已向公众公开。" if published else "已取消公开。")
        return redirect("observers:finding_detail", pk=pk)


class HandOffListView(LoginRequiredMixin, TemplateView):
    """Hand-offs: the office sees all (overdue first on request); a unit sees only its own."""

    template_name = "observers/handoff_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        qs = selectors.handoffs_visible_to(self.request.user)
        state = self.request.GET.get("state", "")
        if self.request.GET.get("overdue"):
            qs = selectors.handoffs_overdue(as_of=today, qs=qs)
        elif state in HandOff.State.values:
            qs = qs.filter(state=state)
        ctx.update(
            page=Paginator(qs, 50).get_page(self.request.GET.get("page")),
            today=today,
            state=state,
            states=HandOff.State.choices,
            overdue=bool(self.request.GET.get("overdue")),
        )
        return ctx


def _hand_off(pk) -> HandOff:
    return get_object_or_404(
        HandOff.objects.select_related(
            "finding__report__observer", "finding__report__project", "unit", "issued_by"
        ).prefetch_related(
            "evidence",
            "finding__report__photos",
            Prefetch("events", queryset=WorkflowEvent.objects.select_related("actor")),
        ),
        pk=pk,
    )


class HandOffDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    template_name = "observers/handoff_detail.html"
    permission_required = "observers.view_handoff"

    def get_permission_object(self):
        self.hand_off = _hand_off(self.kwargs["pk"])
        return self.hand_off

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        h, user = self.hand_off, self.request.user
        ctx.update(
            hand_off=h,
            finding=h.finding,
            events=list(h.events.all()),
            today=timezone.localdate(),
            observer_name=person(user, h.finding.report.observer.name),
            can_reply=user.has_perm("observers.reply_handoff", h),
            can_review=user.has_perm("observers.review_handoff", h),
            can_follow_up=user.has_perm("observers.follow_up_handoff", h),
        )
        if ctx["can_follow_up"]:
            ctx["rate_form"] = kwargs.get("rate_form") or RateForm(initial={"satisfaction": h.satisfaction})
            ctx["can_reopen"] = handoff_reopen_open(hand_off=h, as_of=ctx["today"])
            if ctx["can_reopen"]:
                ctx["reopen_form"] = kwargs.get("reopen_form") or ReopenForm()
        if ctx["can_reply"]:
            ctx["reply_form"] = kwargs.get("reply_form") or ReplyForm()
        if ctx["can_review"]:
            ctx["review_form"] = kwargs.get("review_form") or ReviewForm()
        return ctx


class _HandOffAction(LoginRequiredMixin, PermissionRequiredMixin, View):
    def get_permission_object(self):
        self.hand_off = _hand_off(self.kwargs["pk"])
        return self.hand_off

    def rerender(self, request, pk, **forms):
        view = HandOffDetailView()
        view.setup(request, pk=pk)
        view.hand_off = self.hand_off
        return view.render_to_response(view.get_context_data(**forms), status=400)


class HandOffReplyView(_HandOffAction):
    permission_required = "observers.reply_handoff"

    def post(self, request, pk):
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                handoff_reply(
                    hand_off=self.hand_off,
                    by=request.user,
                    text=form.cleaned_data["reply_text"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "整改情况已反馈，等待专班办公室审核。")
                return redirect("observers:handoff_detail", pk=pk)
        return self.rerender(request, pk, reply_form=form)


class HandOffRateView(_HandOffAction):
    """回访满意度: the observer rates the closed rectification."""

    permission_required = "observers.follow_up_handoff"

    def post(self, request, pk):
        form = RateForm(request.POST)
        if form.is_valid():
            try:
                handoff_rate(
                    hand_off=self.hand_off, by=request.user, satisfaction=form.cleaned_data["satisfaction"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "感谢您的回访评价。")
                return redirect("observers:handoff_detail", pk=pk)
        return self.rerender(request, pk, rate_form=form)


class HandOffReopenView(_HandOffAction):
    """仍未解决: the observer reopens a hand-off closed within 14 days, with new photos."""

    permission_required = "observers.follow_up_handoff"

    def post(self, request, pk):
        form = ReopenForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                handoff_reopen(
                    hand_off=self.hand_off,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    photos=form.cleaned_data["photos"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "已重新提出，专班办公室和责任单位会收到通知。")
                return redirect("observers:handoff_detail", pk=pk)
        return self.rerender(request, pk, reopen_form=form)


class HandOffReviewView(_HandOffAction):
    permission_required = "observers.review_handoff"

    def post(self, request, pk):
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "accept":
                    handoff_accept(hand_off=self.hand_off, by=request.user, comment=data["comment"])
                    message = "已审核通过，问题办结。"
                else:
                    handoff_return(hand_off=self.hand_off, by=request.user, comment=data["comment"])
                    message = "已退回责任单位重新整改。"
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("observers:handoff_detail", pk=pk)
        return self.rerender(request, pk, review_form=form)


class EvidenceView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "observers.view_handoff"

    def get_permission_object(self):
        self.evidence = get_object_or_404(
            HandOffEvidence.objects.select_related("hand_off__finding__report"), pk=self.kwargs["pk"]
        )
        return self.evidence.hand_off

    def get(self, request, pk):
        ev = self.evidence
        return serve_stored_file(ev.file, mime=ev.mime, filename=ev.original_name)


class PublicFindingListView(TemplateView):
    """What the office chose to publish: the problem, the project, what became of it — no names."""

    template_name = "observers/public_findings.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.findings_visible_to(None).filter(is_published=True)
        ctx["page"] = Paginator(qs, 30).get_page(self.request.GET.get("page"))
        return ctx
