"""Office views: roster and 聘书, the 四个一 duty table, 信息采集卡 editing, inspections."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import is_office, office_scope_q
from minsheng.accounts.selectors import area_of, office_of
from projects.models import Project

from .. import selectors
from ..duty import term_state
from ..forms import CardItemFormSet, InspectionForm, ObserverCreateForm
from ..models import InfoCard, Inspection, Observer
from ..services import card_version_publish, inspection_record, inspection_sign_up, observer_create
from .common import add_errors, phone


class OfficeOnly(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "observers.manage"


class RosterView(OfficeOnly, TemplateView):
    template_name = "observers/roster.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.observers_visible_to(self.request.user)
        today = timezone.localdate()
        expiring_only = self.request.GET.get("term") == "expiring"
        if expiring_only:
            qs = qs.filter(pk__in=selectors.observers_term_expiring(as_of=today).values("pk"))
        observers = list(qs)
        for o in observers:
            o.term = term_state(term_ends_on=o.term_ends_on, as_of=today)
        ctx.update(
            observers=observers,
            by_kind=Observer._meta.get_field("kind").choices,
            expiring_only=expiring_only,
        )
        return ctx


class ObserverCreateView(OfficeOnly, View):
    def get(self, request):
        return render(
            request, "observers/observer_form.html", {"form": ObserverCreateForm(user=request.user)}
        )

    def post(self, request):
        form = ObserverCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                observer, password = observer_create(**form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"已聘任{observer.name}，登录名 {observer.user.username}，"
                    f"初始密码 {password}（仅显示一次，请转告本人并提醒修改）。",
                )
                return redirect("observers:observer_detail", pk=observer.pk)
        return render(request, "observers/observer_form.html", {"form": form}, status=400)


class ObserverDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    template_name = "observers/observer_detail.html"
    permission_required = "observers.view_observer"

    def get_permission_object(self):
        self.observer = get_object_or_404(
            selectors.observers_visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        return self.observer

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        o = self.observer
        today = timezone.localdate()
        rows = selectors.duty_table(year=today.year, as_of=today, observers=Observer.objects.filter(pk=o.pk))
        ctx.update(
            observer=o,
            phone=phone(self.request.user, o.phone),
            duty_row=rows[0] if rows else None,
            months=range(1, 13),
        )
        return ctx


def _certificate_context(observer: Observer) -> dict:
    # The 聘书 is issued by the 专班 of the government that appointed the observer (隆回县's own, or the city's).
    area = area_of(observer.organisation)
    city = area.name if area is not None else settings.MINSHENG["CITY_NAME"]
    office = office_of(area)
    issuer = office.name.removesuffix("办公室") if office is not None else f"{city}重点民生实事工作专班"
    return {"observer": observer, "city": city, "issuer": issuer}


class CertificateView(ObserverDetailView):
    """A printable 聘书 (HTML with print CSS)."""

    template_name = "observers/certificate.html"

    def get_context_data(self, **kwargs):
        return {**_certificate_context(self.observer), "printable": True}


def static_only_fetcher(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher: data: URIs and our own static files only; nothing from the network."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    prefix = settings.STATIC_URL
    path = url.split("://", 1)[-1]
    path = "/" + path.split("/", 1)[1] if "://" in url and "/" in path else url
    if path.startswith(prefix):
        found = finders.find(path[len(prefix) :].split("?")[0])
        if found:
            return {"string": Path(found).read_bytes(), "mime_type": None}
    raise ValueError(f"拒绝加载外部资源：{url[:100]}")


class CertificatePdfView(ObserverDetailView):
    """The same 聘书 as a PDF rendered by WeasyPrint."""

    def get(self, request, *args, **kwargs):
        from weasyprint import HTML

        html = render_to_string(
            "observers/certificate.html",
            {**_certificate_context(self.observer), "pdf": True},
            request=request,
        )
        pdf = HTML(
            string=html, base_url=request.build_absolute_uri("/"), url_fetcher=static_only_fetcher
        ).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="certificate-{self.observer.certificate_no}.pdf"'
        return response


class DutyTableView(OfficeOnly, TemplateView):
    template_name = "observers/duty.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year", today.year))
        except ValueError:
            year = today.year
        # Expired terms (ended before the year) and appointments yet to start leave the counts.
        rows = selectors.duty_table(
            year=year, as_of=today, observers=selectors.observers_in_counts(year=year, as_of=today)
        )
        ctx.update(
            year=year,
            rows=rows,
            groups=selectors.group_duty_table(rows=rows),
            months=range(1, 13),
            years=range(today.year, today.year - 4, -1),
            today=today,
        )
        return ctx


class CardListView(OfficeOnly, TemplateView):
    template_name = "observers/card_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cards = {c.project_id: c for c in InfoCard.objects.annotate(n_versions=Count("versions"))}
        projects = Project.objects.select_related("matter__programme")
        if is_office(self.request.user):  # the projects whose cards it may edit (CardEditView), not another
            # level's (the province's, 宁川市's)
            projects = projects.filter(
                office_scope_q(self.request.user, "matter__programme__organisation", manage=True)
            )
        projects = list(
            projects.order_by(
                "-matter__programme__year", "matter__programme_id", "matter__level", "matter__seq", "seq"
            )
        )
        ctx["rows"] = [(p, cards.get(p.pk)) for p in projects]
        return ctx


class CardEditView(OfficeOnly, View):
    def dispatch(self, request, *args, **kwargs):
        # Only the cards of the projects of the office's own level (宁川市's office never edits 邵阳市's).
        projects = Project.objects.select_related("matter__programme")
        if is_office(request.user):  # everyone else is refused by OfficeOnly below, as before
            projects = projects.filter(
                office_scope_q(request.user, "matter__programme__organisation", manage=True)
            )
        self.project = get_object_or_404(projects, pk=kwargs["project_pk"])
        self.card = InfoCard.objects.filter(project=self.project).first()
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, formset, status=200):
        version = self.card.current_version if self.card else None
        return render(
            self.request,
            "observers/card_edit.html",
            {
                "project": self.project,
                "card": self.card,
                "version": version,
                "formset": formset,
                "versions": list(self.card.versions.all()) if self.card else [],
            },
            status=status,
        )

    def get(self, request, project_pk):
        version = self.card.current_version if self.card else None
        initial = (
            [{"text": i.text, "kind": i.kind, "unit": i.unit} for i in version.items.all()] if version else []
        )
        return self.render_page(CardItemFormSet(initial=initial))

    def post(self, request, project_pk):
        formset = CardItemFormSet(request.POST)
        if formset.is_valid():
            items = [(f["text"], f["kind"], f["unit"]) for f in formset.cleaned_data if f and f.get("text")]
            try:
                version = card_version_publish(
                    project=self.project,
                    items=items,
                    by=request.user,
                    note=request.POST.get("note", "")[:200],
                )
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(request, f"采集卡已保存（第 {version.number} 版）。")
                return redirect("observers:card_edit", project_pk=project_pk)
        return self.render_page(formset, status=400)


class InspectionListView(OfficeOnly, View):
    def render_page(self, form, status=200):
        inspections = Inspection.objects.prefetch_related("participants", "projects", "registrants").order_by(
            "-date"
        )[:100]
        return render(
            self.request,
            "observers/inspections.html",
            {"form": form, "inspections": inspections},
            status=status,
        )

    def get(self, request):
        return self.render_page(InspectionForm())

    def post(self, request):
        form = InspectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection_record(
                    by=request.user,
                    title=data["title"],
                    kind=data["kind"],
                    date=data["date"],
                    end_date=data["end_date"],
                    places=data["places"],
                    summary=data["summary"],
                    participants=data["participants"],
                    projects=data["projects"],
                    as_of=timezone.localdate(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    "活动已登记，参加人员的年度检查活动已计入。"
                    if data["participants"]
                    else "活动已发布，相关观察员可在“我的履职”中报名。",
                )
                return redirect("observers:inspection_list")
        return self.render_page(form, status=400)


class InspectionSignUpView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """An observer signs up for a planned 集中观察 that concerns them (or withdraws: leave=1)."""

    permission_required = "observers.sign_up_inspection"
    http_method_names = ["post"]

    def get_permission_object(self):
        # Checked against the object, so the office's model-wide permissions do not make it an observer.
        self.inspection = get_object_or_404(Inspection, pk=self.kwargs["pk"])
        return self.inspection

    def post(self, request, pk):
        inspection = self.inspection
        if selectors.observer_for(request.user) is None:
            raise PermissionDenied(
                "只有观察员可以报名参加集中观察。"
            )  # a superuser passes the rule, not this
        join = request.POST.get("leave") != "1"
        try:
            inspection_sign_up(by=request.user, inspection=inspection, as_of=timezone.localdate(), join=join)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(
                request, f"已报名“{inspection.title}”。" if join else f"已取消报名“{inspection.title}”。"
            )
        return redirect("observers:home")
