"""Observer-side views: my work, the phone report form (with autosave), report pages, photos."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import unit_ids_of
from minsheng.common.downloads import serve_stored_file
from minsheng.common.params import id_param, is_id

from .. import selectors
from ..duty import term_state
from ..forms import ReportForm, card_answers
from ..models import CardItem, CardVersion, FieldReport, Finding, ReportPhoto
from ..services import report_save, suggestion_reply
from .common import add_errors

NEW_KEY = "new"
ERR_OTHER_OBSERVER = "这条待发送的观察信息是另一位观察员在本机填写的，不能以您的名义报送。"
ERR_BAD_CLIENT_KEY = "报送标识无效，请重新填写后提交。"
MSG_SUBMITTED = "观察信息已报送专班办公室，感谢您的履职！"
MSG_DRAFT_SAVED = "草稿已保存，可稍后继续填写。"


def wants_json(request) -> bool:
    """The field app (static/observers/field.js and the service worker) posts with this header."""
    return request.headers.get("X-Field-App") == "1"


class MyWorkView(LoginRequiredMixin, TemplateView):
    """The observer's start page: file a report, drafts, outcomes of findings, this month's duty."""

    template_name = "observers/my_work.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_office:
            return redirect("observers:finding_list")
        if user.is_authenticated and unit_ids_of(user):
            return redirect("observers:handoff_list")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        observer = selectors.observer_for(self.request.user)
        if observer is None:
            raise PermissionDenied("您不是观察员。")
        today = timezone.localdate()
        reports = selectors.reports_visible_to(self.request.user)
        ctx.update(
            observer=observer,
            drafts=list(reports.filter(state=FieldReport.State.DRAFT)[:20]),
            recent=list(reports.filter(state=FieldReport.State.SUBMITTED)[:10]),
            findings=list(selectors.findings_visible_to(self.request.user)[:30]),
            duty=selectors.duty_statuses(observers=[observer], year=today.year, month=today.month)[
                observer.pk
            ],
            term=term_state(term_ends_on=observer.term_ends_on, as_of=today),
            suggestions=selectors.suggestion_answers(observer=observer, year=today.year),
            inspections=list(selectors.inspections_open_to(observer=observer, as_of=today)[:20]),
            today=today,
        )
        return ctx


class ReportListView(LoginRequiredMixin, TemplateView):
    template_name = "observers/report_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.reports_visible_to(self.request.user)
        kind = self.request.GET.get("kind")
        if kind:
            qs = qs.filter(kind=kind)
        unanswered = self.request.GET.get("suggestion") == "unanswered"
        if unanswered:
            qs = selectors.suggestions_unanswered(qs)
        ctx["unanswered"] = unanswered
        ctx["page"] = Paginator(qs, 50).get_page(self.request.GET.get("page"))
        ctx["kinds"] = FieldReport._meta.get_field("kind").choices
        return ctx


def _card_items(version: CardVersion | None) -> list[CardItem]:
    return list(version.items.all()) if version else []


def _current_version(project_id) -> CardVersion | None:
    if not project_id:
        return None
    return CardVersion.objects.filter(card__project_id=project_id).order_by("-number").first()


class ReportFormMixin(LoginRequiredMixin):
    template_name = "observers/report_form.html"
    report: FieldReport | None = None

    def observer(self):
        observer = selectors.observer_for(self.request.user)
        if observer is None or not self.request.user.has_perm("observers.file_report"):
            raise PermissionDenied("只有在聘的观察员可以报送观察信息。")
        return observer

    def render_form(self, form, *, version=None, answers=None, problems=None, status=200):
        report = self.report
        if version is None and report is not None:
            version = report.card_version or _current_version(report.project_id)
        ctx = {
            "form": form,
            "report": report,
            "items": _card_items(version),
            "answers": answers if answers is not None else (report.answers if report else {}),
            "problems": problems
            if problems is not None
            else ([f.description for f in report.findings.order_by("seq")] if report else []),
            "photos": list(report.photos.all()) if report else [],
            "autosave_key": f"report-{report.pk}" if report else NEW_KEY,
        }
        for item in ctx["items"]:
            item.value = ctx["answers"].get(str(item.pk), "")
        ctx["problem_boxes"] = ctx["problems"] + [""] * max(1, 2 - len(ctx["problems"]))
        if wants_json(self.request) and status >= 400:
            return JsonResponse(
                {
                    "ok": False,
                    "errors": [str(e) for e in form.non_field_errors()],
                    "fields": {
                        name: {
                            "label": str(form.fields[name].label or name),
                            "errors": [str(e) for e in errs],
                        }
                        for name, errs in form.errors.items()
                        if name != "__all__"
                    },
                },
                status=status,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(self.request, self.template_name, ctx, status=status)

    def done(self, request, report: FieldReport, *, duplicate: bool = False):
        """Where to go after the server stored the report (JSON for the field app, else a redirect)."""
        submitted = report.state == FieldReport.State.SUBMITTED
        if submitted:
            url = reverse("observers:report_detail", args=[report.pk])
            message = MSG_SUBMITTED
        else:
            url = reverse("observers:report_edit", args=[report.pk])
            message = MSG_DRAFT_SAVED
        if wants_json(request):
            if not duplicate:
                messages.success(request, message) if submitted else messages.info(request, message)
            return JsonResponse(
                {"ok": True, "id": report.pk, "url": url, "submitted": submitted, "duplicate": duplicate}
            )
        messages.success(request, message) if submitted else messages.info(request, message)
        return redirect(url)

    def client_key(self, request, form):
        """The phone's idempotency key (a UUID), or None; a malformed one is a form error."""
        raw = request.POST.get("client_key", "").strip()
        if not raw:
            return None
        try:
            return uuid.UUID(raw)
        except ValueError:
            form.add_error(None, ERR_BAD_CLIENT_KEY)
            return None

    def already_filed(self, request):
        """The answer for a 提交 the server has already stored (same client key): sent again, filed once."""
        raw = request.POST.get("client_key", "").strip()
        if not raw or "submit" not in request.POST or not request.user.is_authenticated:
            return None
        try:
            key = uuid.UUID(raw)
        except ValueError:
            return None
        observer = selectors.observer_for(request.user)
        report = FieldReport.objects.filter(
            observer=observer, client_key=key, state=FieldReport.State.SUBMITTED
        ).first()
        return self.done(request, report, duplicate=True) if observer and report else None

    def handle(self, request, observer):
        # An outbox item filled by another observer on this phone must never be filed under this one.
        owner = request.POST.get("client_user", "")
        if owner and owner != str(request.user.pk):
            if wants_json(request):
                return JsonResponse(
                    {"ok": False, "errors": [ERR_OTHER_OBSERVER], "fields": {}, "wrong_user": True},
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            raise PermissionDenied(ERR_OTHER_OBSERVER)
        form = ReportForm(request.POST, request.FILES, observer=observer)
        problems = request.POST.getlist("problem")
        key = self.client_key(request, form)
        if key is not None:
            already = FieldReport.objects.filter(observer=observer, client_key=key).first()
            if already is not None and (
                already.state == FieldReport.State.SUBMITTED or "submit" not in request.POST
            ):
                return self.done(request, already, duplicate=True)
        if not form.is_valid():
            return self.render_form(form, answers=dict(request.POST.items()), problems=problems, status=400)
        data = form.report_data()
        version = (
            self.report.card_version
            if self.report and self.report.project_id == (data["project"] and data["project"].pk)
            else None
        ) or _current_version(data["project"] and data["project"].pk)
        try:
            report = report_save(
                client_key=key,
                observer=observer,
                by=request.user,
                report=self.report,
                data=data,
                answers=card_answers(request.POST, _card_items(version)),
                photos=form.cleaned_data["photos"],
                document=form.cleaned_data["document"],
                remove_photo_ids=[int(i) for i in request.POST.getlist("remove_photo") if is_id(i)],
                problems=problems,
                submit="submit" in request.POST,
            )
        except IntegrityError:
            # The same outbox item arrived twice at once (page and service worker): the other one stored it.
            already = FieldReport.objects.filter(observer=observer, client_key=key).first() if key else None
            if already is None:
                raise
            return self.done(request, already, duplicate=True)
        except ValidationError as exc:
            already = FieldReport.objects.filter(observer=observer, client_key=key).first() if key else None
            if already is not None:  # stored by a concurrent send of the same outbox item
                return self.done(request, already, duplicate=True)
            add_errors(form, exc)
            return self.render_form(
                form,
                version=version,
                problems=problems,
                status=400,
                answers={k.removeprefix("answer_"): v for k, v in request.POST.items()},
            )
        return self.done(request, report)


class ReportCreateView(ReportFormMixin, View):
    def get(self, request):
        observer = self.observer()
        initial = {}
        if project := id_param(request.GET.get("project")):
            initial["project"] = project
        form = ReportForm(observer=observer, initial=initial)
        return self.render_form(form, version=_current_version(initial.get("project")))

    def post(self, request):
        return self.handle(request, self.observer())


class ReportEditView(ReportFormMixin, PermissionRequiredMixin, View):
    permission_required = "observers.change_report"

    def dispatch(self, request, *args, **kwargs):
        # Before the permission check: once submitted the draft is no longer editable, yet a retried 提交 of it
        # must still be answered "stored" rather than refused (the outbox would otherwise keep retrying).
        if request.method == "POST" and (answer := self.already_filed(request)) is not None:
            return answer
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        if self.report is None:
            self.report = get_object_or_404(
                FieldReport.objects.select_related("card_version"), pk=self.kwargs["pk"]
            )
        return self.report

    def get(self, request, pk):
        observer = self.observer()
        r = self.report
        form = ReportForm(
            observer=observer,
            initial={
                "kind": r.kind,
                "project": r.project_id,
                "county": r.county_id,
                "visited_on": r.visited_on,
                "town": r.town,
                "place": r.place,
                "latitude": r.latitude,
                "longitude": r.longitude,
                "content": r.content,
                "suggestions": r.suggestions,
                "residents_said": r.residents_said,
            },
        )
        return self.render_form(form)

    def post(self, request, pk):
        return self.handle(request, self.observer())


class CardFieldsView(LoginRequiredMixin, View):
    """The card's check items for the chosen project (htmx swaps them into the form)."""

    def get(self, request):
        project = request.GET.get("project", "")
        version = _current_version(int(project)) if is_id(project) else None
        return render(request, "observers/_card_fields.html", {"items": _card_items(version), "answers": {}})


class ReportDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    template_name = "observers/report_detail.html"
    permission_required = "observers.view_report"

    def get_permission_object(self):
        findings = Finding.objects.select_related("hand_off__unit").order_by("seq")
        self.report = get_object_or_404(
            FieldReport.objects.select_related("observer", "project", "card_version", "county").prefetch_related(
                "photos", Prefetch("findings", queryset=findings)
            ),
            pk=self.kwargs["pk"],
        )
        return self.report

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        r = self.report
        items = _card_items(r.card_version)
        ctx.update(report=r, answers=[(i, r.answers.get(str(i.pk), "")) for i in items])
        return ctx


class ReportDocumentView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The written report or survey material attached to a field report, for whoever may read the report."""

    permission_required = "observers.view_report"

    def get_permission_object(self):
        self.report = get_object_or_404(FieldReport, pk=self.kwargs["pk"])
        return self.report

    def get(self, request, pk):
        r = self.report
        return serve_stored_file(
            r.document, mime=r.document_mime, filename=f"{r.get_kind_display()}附件-{r.visited_on:%Y%m%d}"
        )


class PhotoView(LoginRequiredMixin, View):
    """A stored photo for the office, its observer, or a unit the report's problem was handed to."""

    def get(self, request, pk):
        photo = get_object_or_404(ReportPhoto.objects.select_related("report"), pk=pk)
        user = request.user
        allowed = user.has_perm("observers.view_report", photo.report) or (
            selectors.handoffs_visible_to(user).filter(finding__report_id=photo.report_id).exists()
        )
        if not allowed:
            raise PermissionDenied
        return serve_stored_file(
            photo.image,
            mime=photo.mime,
            filename=f"现场照片-{photo.pk}",
            cache_control="private, max-age=3600",
        )


class ReportSuggestionReplyView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The office answers the observer's 意见建议 on the report page (the text stays there on refusal)."""

    permission_required = "observers.reply_suggestion"
    http_method_names = ["post"]

    def get_permission_object(self):
        self.report = get_object_or_404(FieldReport, pk=self.kwargs["pk"])
        return self.report

    def post(self, request, pk):
        text = request.POST.get("reply", "")
        try:
            suggestion_reply(report=self.report, by=request.user, text=text)
        except ValidationError as exc:
            page = ReportDetailView()
            page.setup(request, pk=pk)
            page.get_permission_object()
            ctx = page.get_context_data()
            ctx.update(reply_text=text, reply_errors=exc.messages)
            return render(request, page.template_name, ctx, status=400)
        messages.success(request, "答复已发送给观察员。")
        return redirect("observers:report_detail", pk=pk)
