"""Pages of the documents: list + generate, detail with live state, edit, issue, versions, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.selectors import public_scope_q
from minsheng.common.downloads import serve_stored_file

from .. import compose
from ..checks import font_warnings, issue_problems
from ..forms import GenerateForm, ReplyForm, ReviewForm, SectionsForm
from ..models import Document, Kind, RenderState
from ..render.letter import full_addressee
from ..scheduling import month_before
from ..selectors import documents_public, documents_visible_to
from ..services import (
    document_edit,
    document_issue,
    document_new_version,
    document_set_public,
    summary_generate,
)
from ..tasks import MSG_QUEUE_DOWN, enqueue_render, render_not_queued

FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
MSG_QUEUED = "已提交生成，页面将自动显示进度。"


class DocumentMixin(PermissionRequiredMixin):
    permission_required = "reports.view_document"

    def get_document(self) -> Document:
        if not hasattr(self, "_doc"):
            self._doc = get_object_or_404(
                Document.objects.select_related("scope", "programme", "addressee", "supersedes"),
                pk=self.kwargs["pk"],
            )
        return self._doc

    def get_permission_object(self):
        return self.get_document()

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()


class DocumentListView(LoginRequiredMixin, TemplateView):
    template_name = "reports/document_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = documents_visible_to(self.request.user)
        kind = self.request.GET.get("kind")
        if kind in Kind.values:
            qs = qs.filter(kind=kind)
        ctx["page"] = Paginator(qs, 30).get_page(self.request.GET.get("page"))
        ctx["kinds"] = Kind.choices
        ctx["kind"] = kind
        if self.request.user.is_office:
            ctx["form"] = kwargs.get("form") or GenerateForm(initial=self._initial(), user=self.request.user)
        return ctx

    def _initial(self) -> dict:
        """The programme being implemented (this year's, else the latest past one with figures; never a
        future year's draft) and its last complete month."""
        form = GenerateForm(user=self.request.user)
        today = timezone.localdate()
        last_year, last_month = month_before(today)
        current = form.fields["programme"].queryset.filter(year__lte=today.year)
        programme = (
            current.filter(periods__figures__isnull=False).distinct().first() or current.first()
        )
        initial = {"month": last_month}
        if programme is not None:
            initial["programme"] = programme.pk
            initial["scope"] = programme.organisation_id
            if programme.year != last_year:
                last = (
                    programme.periods.filter(figures__isnull=False)
                    .order_by("-month")
                    .values_list("month", flat=True)
                )
                initial["month"] = last[0] if last else 12
        return initial


class DocumentGenerateView(PermissionRequiredMixin, View):
    permission_required = "reports.manage_document"

    def post(self, request):
        form = GenerateForm(request.POST, user=request.user)
        if not form.is_valid():
            view = DocumentListView()
            view.setup(request)
            return view.render_to_response(view.get_context_data(form=form))
        d = form.cleaned_data
        try:
            with transaction.atomic():
                doc, _ = summary_generate(
                    kind=d["kind"],
                    programme=d["programme"],
                    scope=d["scope"],
                    month=d["month"],
                    dekad=d.get("dekad") if d["kind"] == Kind.TENDAY else None,
                    actor=request.user,
                )
                if not doc.is_locked:
                    enqueue_render(doc.pk)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("reports:list")
        if doc.is_locked:
            messages.info(request, "该期文件已印发；如需更正请生成新版本。")
        else:
            messages.info(request, MSG_QUEUE_DOWN if render_not_queued(doc.pk) else MSG_QUEUED)
        return redirect("reports:detail", pk=doc.pk)


BULLETIN_KINDS = (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY)


def form_keys(doc) -> tuple:
    """The fields of a document's edit form, in the order the document prints them."""
    if doc.kind in BULLETIN_KINDS:
        return compose.BULLETIN_FORM
    if doc.is_letter:
        ends = (*compose.LETTER_FORM_EXTRA, *compose.LETTER_FORM_TAIL)
        return (*compose.LETTER_FORM_EXTRA, *(k for k in doc.sections if k not in ends), *compose.LETTER_FORM_TAIL)
    return tuple(doc.sections)


def form_annex(doc) -> dict:
    """{sections key: label} of the annex rows' 进展情况 (通报 only)."""
    if doc.kind in BULLETIN_KINDS and doc.snapshot.get("levels") is not None:
        return {k: label for k, (label, _text) in compose.annex_defaults(doc.snapshot).items()}
    return {}


def form_defaults(doc) -> dict:
    """What the document prints for a field the office has not set (shown in the form, not stored)."""
    if doc.kind in BULLETIN_KINDS and doc.snapshot.get("levels") is not None:
        return compose.printed_defaults(doc.snapshot)
    if doc.is_letter:
        return {"addressee": full_addressee(doc.addressee), "signature": doc.snapshot.get("office", "")}
    return {}


def _same(a, b) -> bool:
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


class DocumentDetailView(DocumentMixin, TemplateView):
    template_name = "reports/document_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        doc = self.get_document()
        ctx["doc"] = doc
        can_manage = self.request.user.has_perm("reports.manage_document", doc)
        ctx["can_manage"] = can_manage
        if can_manage and not doc.is_locked:
            ctx["form"] = kwargs.get("form") or SectionsForm(
                initial={
                    "title": doc.title,
                    "doc_date": doc.doc_date,
                    **{f"s_{k}": v for k, v in {**form_defaults(doc), **doc.sections}.items()},
                },
                keys=form_keys(doc),
                annex=form_annex(doc),
            )
        if (
            doc.kind in (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY)
            and doc.snapshot.get("levels") is not None
        ):
            ctx["progress"] = compose.progress_paragraphs(doc.snapshot)
        if can_manage and not doc.is_locked:
            ctx["issue_problems"] = issue_problems(doc)
            ctx["font_warnings"] = font_warnings()
        ctx["transitions"] = doc.transitions.select_related("actor").all()
        ctx.update(_reply_context(self.request, doc))
        ctx["newer"] = Document.objects.filter(supersedes=doc).first()
        return ctx


class DocumentStatusView(DocumentMixin, TemplateView):
    """The live generation state (htmx polls it until the files are ready or it failed)."""

    template_name = "reports/_status.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["doc"] = self.get_document()
        return ctx


class _ManageView(DocumentMixin, View):
    permission_required = "reports.manage_document"

    def fail(self, exc: ValidationError):
        messages.error(self.request, "；".join(exc.messages))
        return redirect("reports:detail", pk=self.get_document().pk)


class DocumentEditView(_ManageView):
    def post(self, request, pk):
        doc = self.get_document()
        form = SectionsForm(request.POST, keys=form_keys(doc), annex=form_annex(doc))
        if not form.is_valid():
            view = DocumentDetailView()
            view.setup(request, pk=pk)
            return view.render_to_response(view.get_context_data(form=form))
        try:
            with transaction.atomic():
                sections = form.sections()
                # A printed field left as the default stays unset: it follows the data when refreshed.
                for key, default in form_defaults(doc).items():
                    if key not in doc.sections and _same(sections.get(key), default):
                        sections.pop(key, None)
                for key in [k for k, v in sections.items() if k not in doc.sections and not v]:
                    if key not in form_defaults(doc):
                        sections.pop(key)  # an optional field (份号, 密级 …) left empty
                doc = document_edit(
                    document=doc,
                    actor=request.user,
                    sections=sections,
                    title=form.cleaned_data["title"],
                    doc_date=form.cleaned_data["doc_date"],
                )
                if doc.render_state == RenderState.QUEUED:
                    enqueue_render(doc.pk)
        except ValidationError as exc:
            return self.fail(exc)
        messages.success(request, "已保存修改，正在重新生成文件。")
        return redirect("reports:detail", pk=doc.pk)


class DocumentRegenerateView(_ManageView):
    """Refresh the draft's data from the latest figures (edited sections are kept)."""

    def post(self, request, pk):
        doc = self.get_document()
        if (
            doc.is_locked
            or doc.programme is None
            or doc.kind not in (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY)
        ):
            return self.fail(ValidationError("只有通报类草稿可以刷新数据。"))
        dekad = int(doc.period.split("-")[1]) if doc.kind == Kind.TENDAY else None
        with transaction.atomic():
            doc, _ = summary_generate(
                kind=doc.kind,
                programme=doc.programme,
                scope=doc.scope,
                month=doc.month,
                dekad=dekad,
                actor=request.user,
                discard_edits=request.POST.get("discard_edits") == "1",
            )
            enqueue_render(doc.pk)
        messages.info(request, MSG_QUEUE_DOWN if render_not_queued(doc.pk) else MSG_QUEUED)
        return redirect("reports:detail", pk=doc.pk)


class DocumentRenderView(_ManageView):
    """Render a queued document now (the demo leaves all but the issued 通报 queued)."""

    def post(self, request, pk):
        doc = self.get_document()
        with transaction.atomic():
            Document.objects.filter(pk=doc.pk).update(render_state=RenderState.QUEUED, render_error="")
            enqueue_render(doc.pk)
        messages.info(request, MSG_QUEUE_DOWN if render_not_queued(doc.pk) else MSG_QUEUED)
        return redirect("reports:detail", pk=doc.pk)


class DocumentIssueView(_ManageView):
    def post(self, request, pk):
        try:
            with transaction.atomic():
                doc = document_issue(document=self.get_document(), actor=request.user)
                enqueue_render(doc.pk)
        except ValidationError as exc:
            return self.fail(exc)
        messages.success(request, f"已印发（{doc.number_label}），正文已锁定。")
        return redirect("reports:detail", pk=doc.pk)


class DocumentNewVersionView(_ManageView):
    def post(self, request, pk):
        try:
            with transaction.atomic():
                doc = document_new_version(document=self.get_document(), actor=request.user)
                enqueue_render(doc.pk)
        except ValidationError as exc:
            return self.fail(exc)
        messages.info(request, "已生成新版本草稿；原印发版本保持不变，直至新版本印发。")
        return redirect("reports:detail", pk=doc.pk)


class DocumentPublicToggleView(_ManageView):
    def post(self, request, pk):
        try:
            doc = document_set_public(
                document=self.get_document(), actor=request.user, public=request.POST.get("public") == "1"
            )
        except ValidationError as exc:
            return self.fail(exc)
        messages.success(request, "已向公众公开。" if doc.is_public else "已取消公开。")
        return redirect("reports:detail", pk=doc.pk)


class DocumentDownloadView(DocumentMixin, View):
    """Files only through here: the permission is checked on the document; MEDIA is never served."""

    def get(self, request, pk, fmt):
        if fmt not in FORMATS:
            raise Http404
        doc = self.get_document()
        field, mime = FORMATS[fmt]
        f = getattr(doc, field)
        if not f or doc.render_state != RenderState.READY:
            raise Http404
        # Our own generated file: its type is the one we wrote, served like every stored file.
        name = f"{doc.title}{'' if doc.is_locked else '（草稿）'}.{fmt}"
        return serve_stored_file(f, mime=mime, filename=name, inline=request.GET.get("preview") == "1")


class PublicDocumentListView(TemplateView):
    template_name = "reports/public_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        docs = documents_public().filter(public_scope_q(self.request, "scope"))  # a mapped host: its own
        ctx["page"] = Paginator(docs, 30).get_page(self.request.GET.get("page"))
        return ctx


def detail_url(doc: Document) -> str:
    return reverse("reports:detail", kwargs={"pk": doc.pk})


def _reply_context(request, doc) -> dict:
    """What the detail page shows of a letter's replies (and the forms the user may use)."""
    if not doc.is_letter:
        return {}
    ctx = {"replies": list(doc.replies.select_related("replied_by")), "letter": True}
    if request.user.has_perm("reports.reply_letter", doc) and doc.reply_state in ("awaiting", "returned"):
        ctx["reply_form"] = ReplyForm()
    if request.user.has_perm("reports.manage_document", doc) and doc.reply_state == "replied":
        ctx["review_form"] = ReviewForm()
    return ctx
