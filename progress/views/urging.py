"""The office's 催办 button for a county's overdue figures (POST only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.models import Organisation
from minsheng.common.mixins import PostOnlyMixin

from ..models import ReportingPeriod
from ..services import figures_urge_county

URGE_DONE = "已向{county}催办，{n} 人收到通知。"


class CountyUrgeView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    permission_required = "progress.manage"

    def post(self, request, period_id: int, county_id: int):
        period = get_object_or_404(ReportingPeriod, pk=period_id)
        county = get_object_or_404(Organisation, pk=county_id, kind=Organisation.Kind.COUNTY)
        try:
            urge = figures_urge_county(period=period, county=county, by=request.user)
            messages.success(request, URGE_DONE.format(county=county.name, n=urge.recipients))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(f"{reverse('progress:county_month', args=[period.pk])}?county={county.pk}")
