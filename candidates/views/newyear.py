"""下一年度计划: preview and copy last year's programme into next year's draft; fill in the adopted items' indicators
and targets; publish the draft (office only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from minsheng.accounts.rules import office_scope_q
from minsheng.common.setup_views import OfficeOnly
from projects.models import Indicator, IndicatorKind, Programme
from projects.selectors import programme_tree
from projects.services import indicator_define, programme_publish, programme_undefined

from ..newyear import new_year_plan, programme_copy_next_year
from ..newyear_links import (
    gaps_message,
    indicator_lower_gaps,
    indicator_upper_gaps,
    indicator_uppers_carried_count,
    lower_gaps_message,
)
from .common import NS

MSG_COPIED = "已生成 {programme}（草稿）：请补齐票决项目的指标和目标，核对后发布。"
MSG_DEFINED = "已填写“{name}”的指标和年度目标。"
MSG_PUBLISHED = "已发布 {programme}，可以开启调度月份。"


class IndicatorDefineForm(forms.Form):
    name = forms.CharField(label="指标", max_length=300)
    unit = forms.CharField(
        label="单位", max_length=20, required=False, help_text="如 所、人、公里；“累计数量”类必填"
    )
    kind = forms.ChoiceField(
        label="类型", choices=[(k.value, k.label) for k in IndicatorKind if k != IndicatorKind.PENDING]
    )
    target = forms.DecimalField(
        label="年度目标", required=False, max_digits=16, decimal_places=4, min_value=0
    )
    target_text = forms.CharField(
        label="目标说明", max_length=300, required=False, help_text="如“不低于650元/月”"
    )
    due_date = forms.DateField(
        label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _own(user):
    """The programmes of the office's own level (another city's or a lower level's office runs its own)."""
    return Programme.objects.filter(office_scope_q(user, "organisation", manage=True)).select_related(
        "organisation", "copied_from"
    )


def _sources(user):
    return list(_own(user).filter(is_draft=False).order_by("-year", "id"))


class NewYearView(OfficeOnly, View):
    """Choose last year's programme, see what the copy would do (counts and lists), then copy it."""

    def _context(self, request, source_pk: str, error: str = "") -> dict:
        plan = None
        if source_pk.isdigit():
            plan = new_year_plan(source=get_object_or_404(_own(request.user), pk=int(source_pk)))
        drafts = _own(request.user).filter(is_draft=True)
        return {
            "sources": _sources(request.user),
            "plan": plan,
            "source_pk": source_pk,
            "drafts": drafts,
            "error": error,
        }

    def get(self, request):
        return render(
            request, "candidates/new_year.html", self._context(request, request.GET.get("source", ""))
        )

    def post(self, request):
        pk = request.POST.get("source", "")
        source = get_object_or_404(_own(request.user), pk=int(pk)) if pk.isdigit() else None
        if source is None:
            return redirect(NS + "new_year")
        try:
            draft = programme_copy_next_year(source=source, by=request.user)
        except ValidationError as exc:
            ctx = self._context(request, pk, "；".join(exc.messages))
            return render(request, "candidates/new_year.html", ctx)
        messages.success(request, MSG_COPIED.format(programme=draft))
        return redirect(NS + "new_year_draft", draft.pk)


class DraftView(OfficeOnly, View):
    """A next year's programme: the adopted items still waiting for an indicator and target (a form each), the
    whole tree, the workbooks to edit and re-import, and publishing."""

    def _context(self, programme: Programme, bound: dict | None = None) -> dict:
        waiting = programme_undefined(programme=programme)
        bound = bound or {}
        rows = []
        for ind in waiting:
            form = bound.get(ind.pk) or IndicatorDefineForm(
                prefix=f"i{ind.pk}",
                initial={"name": ind.name, "unit": ind.unit, "kind": IndicatorKind.QUANTITY,
                         "due_date": ind.due_date},
            )  # fmt: skip
            rows.append((ind, form))
        setup = reverse("common:setup_template")
        return {
            "programme": programme,
            "upper_gaps": gaps_message(indicator_upper_gaps(programme=programme)),
            "lower_gaps": lower_gaps_message(indicator_lower_gaps(programme=programme)),
            "uppers_linked": indicator_uppers_carried_count(programme=programme),
            "waiting": rows,
            "matters": programme_tree(programme=programme),
            "programme_xlsx": f"{setup}?kind=programme&programme={programme.pk}",
            "targets_xlsx": f"{setup}?kind=targets&programme={programme.pk}",
        }

    def get(self, request, pk: int):
        programme = get_object_or_404(_own(request.user), pk=pk)
        return render(request, "candidates/new_year_draft.html", self._context(programme))

    def post(self, request, pk: int):
        programme = get_object_or_404(_own(request.user), pk=pk)
        if request.POST.get("action") == "publish":
            try:
                programme_publish(programme=programme, actor=request.user)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, MSG_PUBLISHED.format(programme=programme))
            return redirect(NS + "new_year_draft", pk)
        ind_pk = request.POST.get("indicator", "")
        indicator = get_object_or_404(
            Indicator, pk=int(ind_pk) if ind_pk.isdigit() else 0, project__matter__programme=programme
        )
        form = IndicatorDefineForm(request.POST, prefix=f"i{indicator.pk}")
        if form.is_valid():
            try:
                indicator_define(indicator=indicator, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
                ):
                    for e in errors:
                        form.add_error(field, e)
            else:
                messages.success(request, MSG_DEFINED.format(name=indicator.project.name))
                return redirect(NS + "new_year_draft", pk)
        return render(
            request, "candidates/new_year_draft.html", self._context(programme, {indicator.pk: form})
        )
