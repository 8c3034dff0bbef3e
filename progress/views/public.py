"""Public pages (no log-in): project progress, updates, policies, 意见建议, QR codes, poster, open data."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import cache_control, never_cache

from minsheng.common import abuse
from projects.records import project_record_panels

from .. import qr, selectors, services
from ..forms import OpinionForm, OpinionStatusForm
from ..models import PublicOpinion
from ..selectors.investment import INVESTMENT_RULE, project_investment
from .common import pick_month, pick_programme

MSG_OPINION_THANKS = "感谢您的意见建议，我们会尽快处理。"
MSG_OPINION_CODE = (
    "您的查询码：{code}（请记下）。{unit}将在 {due} 前答复，凭查询码和所留电话的后四位可在“查询答复”中查看。"
)
MSG_OPINION_CODE_NO_PHONE = (
    "您的查询码：{code}。{unit}将在 {due} 前答复；您没有留电话，答复公开后可在本页“意见建议”中查看。"
)
ERR_OPINION_STATUS_NOT_FOUND = "没有找到这条意见建议：请核对查询码和所留电话的后四位。"
MSG_OPINION_DUPLICATE = "您在 24 小时内已提交过相同的意见建议，无需重复提交，我们会尽快处理。"
ERR_OPINION_PROJECT_BUSY = "本项目近期收到的意见建议较多，请 {wait}后再试。"


def _project(code: str):
    project = selectors.public_project(code=code)
    if project is None:
        raise Http404("未找到该项目")
    return project


def public_url(project) -> str:
    """The project's public address from settings.SITE_URL (never the request host: a code printed behind
    a proxy or from an internal address must still open the public site)."""
    return settings.SITE_URL.rstrip("/") + reverse(
        "progress:public_project", kwargs={"code": project.public_code}
    )


def _public_url(request, project) -> str:
    return public_url(project)


def _receipt_message(opinion) -> str:
    unit = opinion.unit.name if opinion.unit else "专班办公室"
    due = f"{opinion.reply_due.month}月{opinion.reply_due.day}日" if opinion.reply_due else "近期"
    template = MSG_OPINION_CODE if opinion.contact_phone else MSG_OPINION_CODE_NO_PHONE
    return template.format(code=opinion.code, unit=unit, due=due)


def _project_page(request, project, *, form: OpinionForm | None = None, status: int = 200):
    """A project's public page: rolled-up progress, updates, policies and the 意见建议 form (bound after a
    refusal, so the typed text survives)."""
    programme = project.matter.programme
    request.page_owner = programme.organisation  # the page carries the name of the project's government
    month = pick_month(request, programme)
    rollups = selectors.public_project_progress(project=project, month=month)
    standing, rate = selectors.project_standing(rollups)
    counties: dict = {}
    for r in rollups:
        for c in r.cells:
            counties.setdefault(c.county.pk, c.county)
    county_list = sorted(counties.values(), key=lambda o: (o.sort_order, o.pk))
    dues = [r.indicator.due_date for r in rollups if r.indicator.due_date]
    lead = project.lead_unit or project.matter.lead_unit
    responsible = [u for u in project.responsible_units.all() if u != lead] or [
        u for u in project.matter.responsible_units.all() if u != lead
    ]
    replies = PublicOpinion.objects.filter(
        project=project, publish_reply=True, state=PublicOpinion.State.HANDLED
    ).select_related("unit")
    return render(
        request,
        "progress/public_project.html",
        {
            "project": project,
            "programme": programme,
            "month": month,
            "rollups": rollups,
            "standing": standing,
            "rate_percent": rate,
            "bar_value": int(rate) if rate is not None else 0,
            "counties": county_list,
            "due": max(dues) if dues else None,
            "lead": lead,
            "responsible": responsible,
            "summary": project.description or project.matter.description,
            "timeline": selectors.public_timeline(project=project),
            "replies": replies.only("content", "reply", "replied_at", "unit__name")[:20],
            "stats": selectors.opinion_stats(project=project),
            "overall": selectors.opinion_stats(programme=programme),
            "form": form or OpinionForm(counties=county_list),
            "public_url": _public_url(request, project),
            "record_panels": project_record_panels(project=project),
            "poster_posted": selectors.poster_is_posted(project=project),
            "investment": project_investment(project=project, month=month),
            "investment_rule": INVESTMENT_RULE,
        },
        status=status,
    )


class PublicProjectView(View):
    """A project's public page (what its QR code opens)."""

    def get(self, request, code: str):
        return _project_page(request, _project(code))

    post = get  # the page answered any method alike


def _opinion_wait(address: str, project) -> tuple[int | None, str]:
    """(seconds to wait, message) when the address's or the project's limit is used up; (None, "") otherwise."""
    wait = abuse.rate_limit_wait(scope="opinion", subject=address)
    if wait:
        return wait, abuse.rate_limit_message(wait)
    wait = abuse.rate_limit_wait(scope="opinion_project", subject=f"project-{project.pk}")
    if wait:
        return wait, ERR_OPINION_PROJECT_BUSY.format(wait=abuse.wait_text(wait))
    return None, ""


def _focus_first_error(form: OpinionForm) -> None:
    for name, field in form.fields.items():
        if name in form.errors:
            field.widget.attrs["autofocus"] = True
            return


@method_decorator(never_cache, name="dispatch")
class PublicOpinionView(View):
    """Receive an 意见建议 (no account needed): CAPTCHA, honeypot, limits per address and per project (counting
    accepted ones), a repeat folded into the earlier one; the address is kept for the audit, never shown."""

    http_method_names = ["post"]

    def post(self, request, code: str):
        project = _project(code)
        form = OpinionForm(request.POST, counties=services.project_counties(project=project))
        address = abuse.address_of(request)
        status = 400
        wait, refusal = _opinion_wait(address, project)
        if wait:
            form.is_valid()
            form.errors.clear()
            form.add_error(None, refusal)
            status = 429
        elif request.POST.get("website"):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, abuse.ERR_HONEYPOT)
        else:
            captcha_error = abuse.captcha_check(request, request.POST.get("captcha", ""))
            if form.is_valid() and captcha_error is None:
                try:
                    opinion, created = services.opinion_submit(
                        project=project,
                        content=form.cleaned_data["content"],
                        contact_name=form.cleaned_data["contact_name"],
                        contact_phone=form.cleaned_data["contact_phone"],
                        address=address,
                        county=form.chosen_county(),
                    )
                except ValidationError as exc:
                    for msg in exc.messages:
                        form.add_error(None, msg)
                else:
                    if created:
                        abuse.rate_limit_count(scope="opinion", subject=address)
                        abuse.rate_limit_count(scope="opinion_project", subject=f"project-{project.pk}")
                        messages.success(request, MSG_OPINION_THANKS)
                    else:
                        messages.info(request, MSG_OPINION_DUPLICATE)
                    messages.info(request, _receipt_message(opinion))
                    return redirect("progress:public_project", code=project.public_code)
            if captcha_error:
                form.add_error("captcha", captcha_error)
        _focus_first_error(form)
        abuse.captcha_new(request)
        return _project_page(request, project, form=form, status=status)


@method_decorator(never_cache, name="dispatch")
class OpinionStatusView(View):
    """查询答复: a resident types the receipt code and the last four digits of their phone and reads where their
    意见建议 went, by when it is due and the answer (their name and phone are never shown). Look-ups are
    limited per address like the proposals' status look-up, counted whatever the answer (it stops guessing)."""

    def get(self, request):
        return self._page(OpinionStatusForm())

    def post(self, request):
        form = OpinionStatusForm(request.POST)
        address = abuse.address_of(request)
        wait = abuse.rate_limit_wait(scope="status", subject=address)
        if wait:
            form.is_valid()
            form.add_error(None, abuse.rate_limit_message(wait))
            return self._page(form, status=429)
        if not form.is_valid():
            return self._page(form, status=400)
        abuse.rate_limit_count(scope="status", subject=address)
        opinion = selectors.opinion_lookup(
            code=form.cleaned_data["code"], phone_last4=form.cleaned_data["last4"]
        )
        if opinion is None:
            form.add_error(None, ERR_OPINION_STATUS_NOT_FOUND)
            return self._page(form, status=404)
        return self._page(form, opinion=opinion)

    def _page(self, form, *, opinion=None, status: int = 200):
        return render(
            self.request,
            "progress/opinion_status.html",
            {"form": form, "opinion": opinion, "today": timezone.localdate()},
            status=status,
        )


@method_decorator(cache_control(public=True, max_age=3600), name="dispatch")
class ProjectQrView(View):
    """The project's QR code as SVG or PNG."""

    def get(self, request, code: str, fmt: str):
        if fmt not in ("svg", "png"):
            raise Http404
        project = _project(code)
        url = _public_url(request, project)
        if fmt == "svg":
            return HttpResponse(qr.qr_svg(url), content_type="image/svg+xml")
        resp = HttpResponse(qr.qr_png(url), content_type="image/png")
        if request.GET.get("download"):
            resp["Content-Disposition"] = f'attachment; filename="qr-{project.public_code}.png"'
        return resp

    post = get  # the page answered any method alike


class ProjectPosterView(View):
    """A printable A4 poster PDF for 现场亮码 (rendered once per project and version, see qr.poster_pdf_cached);
    refused with a message for the office where production has no public SITE_URL to print in the QR code."""

    def get(self, request, code: str):
        project = _project(code)
        refusal = qr.poster_print_refusal()
        if refusal:
            resp = render(
                request, "progress/poster_refused.html", {"project": project, "message": refusal}, status=503
            )
            resp["Cache-Control"] = "no-store"
            return resp
        pdf, version = qr.poster_pdf_cached(
            project=project, url=_public_url(request, project), base_url=settings.SITE_URL.rstrip("/") + "/"
        )
        etag = f'"{version}"'
        if request.headers.get("If-None-Match") == etag:
            resp = HttpResponseNotModified()
        else:
            resp = HttpResponse(pdf, content_type="application/pdf")
            resp["Content-Disposition"] = f'inline; filename="poster-{project.public_code}.pdf"'
        resp["ETag"] = etag
        patch_cache_control(resp, public=True, max_age=3600)
        return resp

    post = get  # the page answered any method alike


class OpenDataView(View):
    """The open-data page: what the CSV/JSON contain, field by field."""

    def get(self, request):
        programme = pick_programme(request)
        return render(
            request,
            "progress/open_data.html",
            {
                "programme": programme,
                "month": pick_month(request, programme),
                "fields": selectors.OPEN_DATA_FIELDS,
            },
        )

    post = get  # the page answered any method alike


class OpenDataFileView(View):
    """Public progress as CSV (UTF-8 with BOM, for Excel/WPS) or JSON."""

    def get(self, request, fmt: str):
        if fmt not in ("csv", "json"):
            raise Http404
        programme = pick_programme(request)
        if not programme.is_public:
            raise Http404
        month = pick_month(request, programme)
        rows = selectors.open_data_rows(programme=programme, month=month)
        fields = [f for f, _ in selectors.OPEN_DATA_FIELDS]
        name = f"minsheng-progress-{programme.year}-{month:02d}"
        if fmt == "json":
            resp = JsonResponse(
                {"fields": dict(selectors.OPEN_DATA_FIELDS), "rows": rows},
                json_dumps_params={"ensure_ascii": False},
            )
            resp["Content-Disposition"] = f'inline; filename="{name}.json"'
            return resp
        buf = io.StringIO()
        buf.write("\ufeff")
        writer = csv.DictWriter(buf, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: (("'" + v) if isinstance(v, str) and v and v[0] in "=+-@" else v) for k, v in row.items()}
            )
        resp = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return resp

    post = get  # the page answered any method alike
