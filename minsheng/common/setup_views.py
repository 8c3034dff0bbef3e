"""The office's set-up pages: choose a kind, download its template, upload, preview, confirm; and the checklist."""

from __future__ import annotations

import base64
import io
import secrets
from urllib.parse import quote

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from .workbook import (
    ACTION_LABELS,
    ERR_STALE,
    setup_checklist,
    template_build,
    workbook_commit,
    workbook_kind,
    workbook_kinds,
    workbook_preview,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "setup_import"
MSG_OFFICE_ONLY = "该页面仅限专班办公室"
MAX_STASH_BYTES = (
    3 * 1024 * 1024
)  # a preview kept in the session for its confirm: larger files are re-uploaded


class SetupImportForm(forms.Form):
    kind = forms.ChoiceField(label="工作簿类型")
    file = forms.FileField(label="填好的 Excel 文件（.xlsx）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择")] + [(k.key, k.title) for k in workbook_kinds()]


class OfficeOnly(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "common.setup"
    permission_denied_message = MSG_OFFICE_ONLY


def _programme_choices(user):
    """Programmes of the office's own level offered for a pre-filled 任务分解表 template (the lowest app cannot
    import projects)."""
    from django.apps import apps

    from minsheng.accounts.rules import office_scope_q

    Programme = apps.get_model("projects", "Programme")  # noqa: N806 - a model class
    return list(
        Programme.objects.filter(office_scope_q(user, "organisation", manage=True))
        .select_related("organisation")
        .order_by("-year", "organisation__sort_order")[:50]
    )


class SetupView(OfficeOnly, TemplateView):
    """建账导入: the kinds in set-up order, each with its template, and the upload form."""

    template_name = "common/setup.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        ctx["kinds"] = workbook_kinds()
        ctx["form"] = SetupImportForm(initial={"kind": kind if workbook_kind(kind) else ""})
        ctx["programmes"] = _programme_choices(self.request.user)
        ctx["open_items"] = sum(1 for i in setup_checklist(self.request.user) if not i.ok)
        return ctx


class TemplateDownloadView(OfficeOnly, View):
    """A kind's template (?kind=…; the 任务分解表 pre-filled for ?programme=…)."""

    def get(self, request):
        kind = workbook_kind(request.GET.get("kind", ""))
        if kind is None:
            raise Http404("没有这种工作簿")
        options = {}
        pk = request.GET.get("programme", "")
        if kind.key in ("targets", "programme") and pk.isdigit():
            options["programme"] = next((p for p in _programme_choices(request.user) if p.pk == int(pk)), None)
        resp = HttpResponse(template_build(kind=kind, **options), content_type=XLSX)
        name = f"{kind.title}模板.xlsx"
        if options.get("programme"):
            name = f"{options['programme'].organisation.name}{options['programme'].year}年{kind.title}.xlsx"
        resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return resp


class ImportView(OfficeOnly, View):
    """Upload → preview (errors by row and column, nothing stored); confirm → everything in one transaction."""

    def post(self, request):
        if request.POST.get("token"):
            return self._commit(request)
        form = SetupImportForm(request.POST, request.FILES)
        ctx = {"form": form, "kinds": workbook_kinds(), "programmes": _programme_choices(request.user)}
        if not form.is_valid():
            return render(request, "common/setup.html", ctx)
        uploaded = form.cleaned_data["file"]
        try:
            preview = workbook_preview(uploaded=uploaded, expected=form.cleaned_data["kind"], actor=request.user)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return render(request, "common/setup.html", ctx)
        token = None
        if preview.ok and preview.has_work:
            uploaded.seek(0)
            data = uploaded.read(MAX_STASH_BYTES + 1)
            if len(data) <= MAX_STASH_BYTES:
                token = secrets.token_urlsafe(16)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "kind": preview.kind.key,
                    "name": uploaded.name,
                    "data": base64.b64encode(data).decode(),
                }
        ctx.update({"preview": preview, "token": token, "labels": ACTION_LABELS, "file_name": uploaded.name})
        return render(request, "common/setup_preview.html", ctx)

    def _commit(self, request):
        stash = request.session.get(SESSION_KEY) or {}
        ctx = {"form": SetupImportForm(), "kinds": workbook_kinds(), "programmes": _programme_choices(request.user)}
        if stash.get("token") != request.POST["token"]:
            ctx["refusal"] = [ERR_STALE]
            return render(request, "common/setup.html", ctx)
        uploaded = io.BytesIO(base64.b64decode(stash["data"]))
        uploaded.name = stash["name"]
        try:
            result = workbook_commit(uploaded=uploaded, expected=stash["kind"], actor=request.user)
        except ValidationError as exc:
            ctx["form"] = SetupImportForm(initial={"kind": stash["kind"]})
            ctx["refusal"] = exc.messages
            return render(request, "common/setup.html", ctx)
        finally:
            request.session.pop(SESSION_KEY, None)
        kind = workbook_kind(stash["kind"])
        response = render(request, "common/setup_result.html", {"result": result, "kind": kind})
        if result.sheet:  # initial passwords: shown once, never cached
            response["Cache-Control"] = "no-store"
        return response


class ChecklistView(OfficeOnly, TemplateView):
    """What is missing before the first month can open, each item with a link to fix it."""

    template_name = "common/setup_checklist.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["items"] = setup_checklist(self.request.user)
        return ctx
