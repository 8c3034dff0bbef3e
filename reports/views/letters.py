"""Letters from the UI: lagging rows and hand-offs without a letter, the letter form, replies, review."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import letter_unit_ids_of, office_scope_q
from minsheng.common.downloads import serve_stored_file
from minsheng.common.params import is_id
from projects.models import Programme

from ..forms import LetterForm, ReplyForm, ReviewForm
from ..models import OPEN_REPLY_STATES, DocState, Kind, LetterReply, ReplyState
from ..selectors import (
    LAGGING_PREFIXES,
    handoffs_without_letter,
    lagging_units,
    letters_default_month,
    letters_default_programme,
    letters_visible_to,
)
from ..services import letter_create, letter_reply, letter_review
from ..services.letters import DEFAULT_REQUIREMENT, HANDOFF_KINDS, REPLY_DAYS
from ..tasks import enqueue_render
from .documents import DocumentMixin


def _programme(request) -> Programme | None:
    """?programme=<id> among the office's own level's programmes (a city's, or a county-level city's such as
    邵东市's own plan), else its newest."""
    pk = request.GET.get("programme") or request.POST.get("programme")
    if is_id(pk):
        return (
            Programme.objects.filter(office_scope_q(request.user, "organisation", manage=True), pk=pk)
            .select_related("organisation", "office")
            .first()
        )
    return letters_default_programme(request.user)


def _month(request, programme) -> int:
    raw = request.GET.get("month") or request.POST.get("month") or ""
    if is_id(raw) and 1 <= int(raw) <= 12:
        return int(raw)
    return letters_default_month(programme)


class LetterListView(LoginRequiredMixin, TemplateView):
    """The office: every letter with its reply state; a unit: the letters addressed to it."""

    template_name = "reports/letters/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = letters_visible_to(user)
        incoming = user.is_office and self.request.GET.get("to") == "me"
        if (
            incoming
        ):  # an office's own mail: letters addressed to its government (a province's 督办函 to a city)
            qs = qs.filter(addressee_id__in=letter_unit_ids_of(user), state=DocState.ISSUED)
        if self.request.GET.get("overdue") == "1":
            qs = qs.filter(reply_state__in=OPEN_REPLY_STATES, reply_deadline__lt=timezone.localdate())
        state = self.request.GET.get("state")
        if state == "open":
            qs = qs.filter(reply_state__in=OPEN_REPLY_STATES)
        elif state == "replied":
            qs = qs.filter(reply_state=ReplyState.REPLIED)
        else:
            state = ""
        ctx["page"] = Paginator(qs, 30).get_page(self.request.GET.get("page"))
        ctx["overdue_only"] = self.request.GET.get("overdue") == "1"
        ctx["state"] = state
        ctx["is_office"] = user.is_office
        ctx["incoming"] = incoming
        ctx["my_units"] = letter_unit_ids_of(user)
        ctx["has_incoming"] = (
            user.is_office
            and letters_visible_to(user)
            .filter(addressee_id__in=letter_unit_ids_of(user), state=DocState.ISSUED)
            .exists()
        )
        return ctx


class LaggingView(PermissionRequiredMixin, TemplateView):
    permission_required = "reports.manage_document"
    template_name = "reports/letters/lagging.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        programme = _programme(self.request)
        month = _month(self.request, programme)
        ctx.update(programme=programme, month=month, months=range(1, 13))
        ctx["programmes"] = Programme.objects.filter(
            office_scope_q(self.request.user, "organisation", manage=True)
        ).select_related("organisation")
        rows = lagging_units(programme=programme, month=month) if programme else []
        if rows:
            open_letters = {
                d.addressee_id: d
                for d in letters_visible_to(self.request.user)
                .filter(programme=programme, addressee_id__in=[r["unit"].pk for r in rows])
                .exclude(state=DocState.SUPERSEDED)
                .exclude(reply_state=ReplyState.ACCEPTED)
                .order_by("-reply_deadline")
                if d.key.startswith(LAGGING_PREFIXES)
            }
            for r in rows:
                r["open_letter"] = open_letters.get(r["unit"].pk)
        ctx["rows"] = rows
        return ctx


class HandOffPendingView(PermissionRequiredMixin, TemplateView):
    permission_required = "reports.manage_document"
    template_name = "reports/letters/handoffs.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["handoffs"] = list(handoffs_without_letter(self.request.user)[:200])
        return ctx


class LetterCreateView(PermissionRequiredMixin, TemplateView):
    """The letter form, pre-filled from ?county=&month= (a lagging row) or ?handoff= (a hand-off)."""

    permission_required = "reports.manage_document"
    template_name = "reports/letters/form.html"

    def _source(self, data) -> dict:
        today = timezone.localdate()
        src = {"programme": _programme(self.request), "key": "", "month": None}
        initial = {
            "kind": Kind.WORK,
            "requirement": DEFAULT_REQUIREMENT,
            "reply_deadline": today + timedelta(days=REPLY_DAYS),
        }
        handoff = data.get("handoff")
        county = data.get("county")
        if is_id(handoff):
            h = get_object_or_404(handoffs_without_letter(self.request.user), pk=handoff)
            what = getattr(h.finding, "description", "") or str(h.finding)
            project = getattr(getattr(h.finding, "report", None), "project", None)
            initial.update(
                kind=HANDOFF_KINDS.get(h.kind, Kind.WORK),
                addressee=h.unit_id,
                facts=(
                    f"民生实事观察员在“{project.name}”观察中反映：{what}"
                    if project
                    else f"民生实事观察员反映：{what}"
                ),
                requirement=h.instructions or DEFAULT_REQUIREMENT,
                reply_deadline=max(h.deadline, today),
            )
            src.update(
                key=f"handoff-{h.pk}", programme=project.matter.programme if project else None, handoff=h
            )
        elif is_id(county) and src["programme"] is not None:
            month = _month(self.request, src["programme"])
            row = next(
                (
                    r
                    for r in lagging_units(programme=src["programme"], month=month)
                    if r["county"].pk == int(county)
                ),
                None,
            )
            if row is None:
                raise Http404
            initial.update(addressee=row["county"].pk, facts=row["facts"])
            src.update(key=f"lag-{month:02d}-{row['county'].pk}", month=month)
        src["initial"] = initial
        return src

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        src = kwargs.get("src") or self._source(self.request.GET)
        ctx["src"] = src
        ctx["form"] = kwargs.get("form") or LetterForm(
            initial=src["initial"], programme=src["programme"], user=self.request.user
        )
        return ctx

    def post(self, request):
        src = self._source(request.POST)
        form = LetterForm(request.POST, programme=src["programme"], user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            key = src["key"] and f"{src['key']}-{d['kind']}" if src["key"].startswith("lag-") else src["key"]
            try:
                with transaction.atomic():
                    doc = letter_create(
                        kind=d["kind"],
                        addressee=d["addressee"],
                        facts=d["facts"],
                        requirement=d["requirement"],
                        reply_deadline=d["reply_deadline"],
                        actor=request.user,
                        programme=src["programme"],
                        source_key=key,
                        month=src["month"],
                        doc_date=timezone.localdate(),
                    )
                    enqueue_render(doc.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "函件草稿已生成，请预览后印发。")
                return redirect("reports:detail", pk=doc.pk)
        return self.render_to_response(self.get_context_data(form=form, src=src))


class LetterReplyView(DocumentMixin, View):
    permission_required = "reports.reply_letter"

    def post(self, request, pk):
        doc = self.get_document()
        form = ReplyForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
            return redirect("reports:detail", pk=doc.pk)
        try:
            letter_reply(
                document=doc,
                actor=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "回复已提交，等待专班办公室审核。")
        return redirect("reports:detail", pk=doc.pk)


class LetterReviewView(DocumentMixin, View):
    permission_required = "reports.manage_document"

    def post(self, request, pk):
        doc = self.get_document()
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                letter_review(
                    document=doc,
                    actor=request.user,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
        return redirect("reports:detail", pk=doc.pk)


class ReplyFileView(DocumentMixin, View):
    """A reply's PDF, after the permission check on its letter."""

    def get_document(self):
        if not hasattr(self, "_doc"):
            self._reply = get_object_or_404(
                LetterReply.objects.select_related("document"), pk=self.kwargs["pk"]
            )
            self._doc = self._reply.document
        return self._doc

    def get(self, request, pk):
        self.get_document()
        if not self._reply.file:
            raise Http404
        reply = self._reply
        return serve_stored_file(
            reply.file, mime=reply.file_mime, filename=reply.file_name or "回复", inline=False
        )
