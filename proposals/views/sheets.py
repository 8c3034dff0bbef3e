"""The 征集汇总表: template download, import (preview → commit), export, and units below the minimum."""
from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.common.mixins import PostOnlyMixin

from .. import exports, importers, selectors
from ..forms import ImportForm
from ..models import UnitSheet
from .staff import campaign_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERR_SHEET_GONE = "该汇总表已导入或已失效，请重新上传。"
MSG_IMPORTED = "已从汇总表导入 {n} 条建议。"


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class TemplateDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.enter_proposals"

    def get(self, request, campaign_pk: int):
        campaign = campaign_or_404(campaign_pk, request.user)
        unit = selectors.user_unit(request.user)
        data = exports.template_xlsx(campaign=campaign, unit_name=unit.name if unit else "")
        return _xlsx_response(data, f"{campaign.year}年重点民生实事项目征集汇总表.xlsx")

    post = get  # the download answered any method alike


class ExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.export_proposals"

    def get(self, request, campaign_pk: int):
        campaign = campaign_or_404(campaign_pk, request.user)
        proposals = list(
            selectors.proposals_visible_to(request.user).filter(campaign=campaign)
            .select_related("unit", "suggested_unit")
            .order_by("unit__kind", "unit__sort_order", "unit_id", "created_at", "id")
        )
        data = exports.export_xlsx(campaign=campaign, proposals=proposals, full_phone=request.user.is_office)
        stamp = timezone.localtime().strftime("%Y%m%d")
        return _xlsx_response(data, f"{campaign.year}年重点民生实事项目征集汇总表（导出{stamp}）.xlsx")

    post = get  # the export answered any method alike


class ImportSheetView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.enter_proposals"

    def get(self, request, campaign_pk: int):
        return self._page(ImportForm())

    def post(self, request, campaign_pk: int):
        form = ImportForm(request.POST, request.FILES)
        return self._page(form, posted=True)

    def _page(self, form, *, posted: bool = False):
        request = self.request
        campaign = campaign_or_404(self.kwargs["campaign_pk"], self.request.user)
        own_unit = None if request.user.is_office else selectors.user_unit(request.user)
        parsed, unit_sheet, file_error = None, None, None
        if posted and form.is_valid():
            try:
                parsed, unit_sheet = importers.unit_sheet_preview(
                    campaign=campaign, uploaded=form.cleaned_data["file"], actor=request.user, own_unit=own_unit,
                    chosen_unit=form.cleaned_data["unit"] if request.user.is_office else None,
                )
            except ValidationError as exc:
                file_error = "；".join(exc.messages)
        if own_unit is not None:
            del form.fields["unit"]
        status = 400 if (file_error or (parsed is not None and not parsed.ok)) else 200
        return render(request, "proposals/staff/import.html", {
            "campaign": campaign, "form": form, "parsed": parsed, "unit_sheet": unit_sheet,
            "file_error": file_error, "own_unit": own_unit, "preview_rows": parsed.rows[:200] if parsed else [],
        }, status=status)


class ImportCommitView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.commit_sheet"

    def get_permission_object(self):
        self.unit_sheet = get_object_or_404(
            UnitSheet.objects.select_related("campaign", "unit"), pk=self.kwargs["pk"], state=UnitSheet.State.PREVIEW
        )
        return self.unit_sheet

    def post(self, request, pk: int):
        unit_sheet = self.unit_sheet
        with unit_sheet.file.open("rb") as fh:
            parsed = importers.unit_sheet_parse(uploaded=fh, campaign=unit_sheet.campaign)
        parsed.unit = unit_sheet.unit
        try:
            created = importers.unit_sheet_commit(unit_sheet=unit_sheet, parsed=parsed, actor=request.user)
        except ValidationError as exc:
            messages.error(request, ERR_SHEET_GONE + "；".join(exc.messages[:5]))
            return redirect("proposals:import", campaign_pk=unit_sheet.campaign_id)
        messages.success(request, MSG_IMPORTED.format(n=len(created)))
        return redirect(f"{reverse('proposals:manage')}?campaign={unit_sheet.campaign_id}")


class UnitCountsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.view_unit_counts"

    def get(self, request, campaign_pk: int):
        campaign = campaign_or_404(campaign_pk, request.user)
        rows = selectors.campaign_unit_counts(campaign=campaign)
        return render(request, "proposals/staff/units.html", {"campaign": campaign, "rows": rows,
                                                              "below": [r for r in rows if r.below]})

    post = get  # the table answered any method alike
