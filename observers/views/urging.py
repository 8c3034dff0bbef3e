"""The office's 催办 button on an overdue hand-off (POST only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.common.mixins import PostOnlyMixin

from .. import selectors
from ..services import handoff_urge

URGE_DONE = "已向{unit}催办，{n} 人收到通知。"


class HandOffUrgeView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    permission_required = "observers.manage"

    def post(self, request, pk: int):
        hand_off = get_object_or_404(
            selectors.handoffs_visible_to(request.user).select_related("unit"), pk=pk
        )
        try:
            urge = handoff_urge(hand_off=hand_off, by=request.user)
            messages.success(request, URGE_DONE.format(unit=hand_off.unit.name, n=urge.recipients))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("observers:handoff_detail", pk=pk)
