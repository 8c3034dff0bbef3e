"""信息公开 computed, not typed (issue 17 §7): the estimate per county beside the office's typed score, what
each county is missing, and the office's weights page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import county_id_of, is_office

from .. import services
from ..forms import DisclosureWeightsForm
from ..selectors.disclosure import disclosure_estimates, disclosure_settings, disclosure_sources
from .common import pick_month, pick_programme

MSG_WEIGHTS_SAVED = "信息公开估算权重已保存，各县市区的估算分已按新权重计算。"


class DisclosureEstimateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The estimate: the office sees every county with the typed official score beside it; a county's staff see
    their own county, each input with what is missing."""

    permission_required = "progress.view_disclosure_estimate"

    def get(self, request):
        programme = pick_programme(request)
        month = pick_month(request, programme)
        own = None if is_office(request.user) else county_id_of(request.user)
        data = disclosure_estimates(
            programme=programme,
            month=month,
            as_of=timezone.localdate(),
            county_ids=None if own is None else [own],
        )
        return render(
            request,
            "progress/disclosure_estimate.html",
            {"programme": programme, "month": month, "is_office": own is None, **data},
        )


class DisclosureWeightsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Office: the weights of the estimate (audited: each change is in the row's history)."""

    permission_required = "progress.manage"

    def _form(self, request, programme, data=None):
        row = disclosure_settings(programme=programme)
        weights = row.weight_map()
        sources = disclosure_sources()
        initial = {"items_per_month": row.items_per_month, "max_score": row.max_score}
        initial.update({f"w_{s.key}": weights.get(s.key, 0) for s in sources})
        return DisclosureWeightsForm(data, initial=initial, sources=sources), row

    def get(self, request):
        programme = pick_programme(request)
        form, row = self._form(request, programme)
        return self._page(request, programme, form, row)

    def post(self, request):
        programme = pick_programme(request)
        form, row = self._form(request, programme, request.POST)
        if form.is_valid():
            try:
                services.disclosure_weights_set(
                    programme=programme,
                    weights=form.weights(),
                    items_per_month=form.cleaned_data["items_per_month"],
                    max_score=form.cleaned_data["max_score"],
                    actor=request.user,
                )
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, MSG_WEIGHTS_SAVED)
                return redirect(f"{request.path}?programme={programme.pk}")
        return self._page(request, programme, form, row, status=400)

    def _page(self, request, programme, form, row, status=200):
        labels = {s.key: s.label for s in disclosure_sources()}
        history = [
            {
                "at": h.history_date,
                "by": h.history_user,
                "weights": [(labels.get(k, "已停用的组成项"), v) for k, v in (h.weights or {}).items()],
                "items_per_month": h.items_per_month,
                "max_score": h.max_score,
            }
            for h in (row.history.select_related("history_user")[:10] if row.pk else [])
        ]
        return render(
            request,
            "progress/disclosure_weights.html",
            {"programme": programme, "form": form, "history": history},
            status=status,
        )
