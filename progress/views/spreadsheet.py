"""Spreadsheet path views: download the month's sheet, upload → preview → commit (all or nothing)."""

from __future__ import annotations

import secrets
from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import is_county_staff

from .. import selectors
from ..exports import XLSX
from ..forms import ImportForm
from ..importers import ERR_PERIOD_CLOSED, sheet_build, sheet_commit, sheet_parse, submit_count
from ..models import ReportingPeriod

SESSION_KEY = "progress_import"
MSG_IMPORTED = "已导入 {n} 条数据：报送 {submitted} 条，保存为草稿 {drafts} 条。"
MSG_IMPORTED_DRAFT = "已导入 {n} 条数据，全部保存为草稿（尚未报送）。"


def _county(request):
    user = request.user
    if is_county_staff(user):
        pk = request.GET.get("county", "")
        if pk and pk != str(user.county.pk):
            raise Http404("无权下载其他县市区的填报表")
        return user.county
    if user.has_perm("progress.manage"):
        county = selectors.county_by_id(request.GET.get("county"))
        if county is None:
            raise Http404("请选择县市区")
        return county
    raise PermissionDenied


class SheetDownloadView(LoginRequiredMixin, View):
    """The county's pre-filled xlsx for the month."""

    def get(self, request, period_id: int):
        period = get_object_or_404(ReportingPeriod.objects.select_related("programme"), pk=period_id)
        county = _county(request)
        resp = HttpResponse(sheet_build(period=period, county=county), content_type=XLSX)
        name = f"{county.name}_{period.programme.year}年{period.month}月填报表.xlsx"
        resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return resp

    post = get  # the download answered any method alike


class SheetUploadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Upload shows a preview (errors by row and column); confirming commits everything or nothing."""

    def has_permission(self) -> bool:
        # a county's own sheet: only its clerk uploads (not even a superuser, who has no county)
        self.period = get_object_or_404(
            ReportingPeriod.objects.select_related("programme"), pk=self.kwargs["period_id"]
        )
        return is_county_staff(self.request.user)

    def get(self, request, period_id: int):
        period = self.period
        user = request.user
        if period.state != ReportingPeriod.State.OPEN:
            messages.error(request, ERR_PERIOD_CLOSED)
            return redirect("progress:county_month", period_id=period.pk)
        if request.method == "POST" and request.POST.get("token"):
            stash = request.session.get(SESSION_KEY) or {}
            if stash.get("token") != request.POST["token"] or stash.get("period") != period.pk:
                messages.error(request, "导入预览已过期，请重新上传。")
                return redirect("progress:sheet_upload", period_id=period.pk)
            rows = [
                {
                    k: (
                        Decimal(v)
                        if k in ("value", "progress_percent", "planned_investment", "completed_investment")
                        and v is not None
                        else v
                    )
                    for k, v in r.items()
                }
                for r in stash["rows"]
            ]
            submit = request.POST.get("submit") == "1"
            try:
                n = sheet_commit(rows=rows, period=period, actor=user, submit=submit)
            except ValueError as exc:
                messages.error(request, f"导入失败，未保存任何数据：{exc}")
                return redirect("progress:sheet_upload", period_id=period.pk)
            request.session.pop(SESSION_KEY, None)
            submitted = submit_count(rows) if submit else 0
            messages.success(
                request,
                MSG_IMPORTED.format(n=n, submitted=submitted, drafts=n - submitted)
                if submit
                else MSG_IMPORTED_DRAFT.format(n=n),
            )
            return redirect("progress:county_month", period_id=period.pk)
        form = ImportForm(request.POST or None, request.FILES or None)
        parsed = None
        token = None
        if request.method == "POST" and form.is_valid():
            try:
                parsed = sheet_parse(uploaded=form.cleaned_data["file"], period=period, county=user.county)
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                if parsed.ok:
                    token = secrets.token_urlsafe(16)
                    request.session[SESSION_KEY] = {
                        "token": token,
                        "period": period.pk,
                        "rows": [
                            {
                                k: (
                                    str(v)
                                    if v is not None
                                    and k not in ("target_id", "row", "narrative", "fall_reason")
                                    else v
                                )
                                for k, v in r.items()
                            }
                            for r in parsed.rows
                        ],
                    }
        return render(
            request,
            "progress/sheet_upload.html",
            {
                "period": period,
                "form": form,
                "parsed": parsed,
                "token": token,
                "county": user.county,
                "submittable": submit_count(parsed.rows) if parsed and parsed.ok else 0,
            },
        )

    post = get  # one flow: the method and the token say which step this is
