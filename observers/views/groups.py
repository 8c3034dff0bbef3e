"""Office views: 小组管理 (groups, the projects they follow, their members) and 花名册导出."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from minsheng.common.context_processors import site_names
from minsheng.common.params import is_id

from .. import selectors
from ..exports import roster_xlsx
from ..forms import GroupForm, GroupMemberForm
from ..models import Observer, ObserverGroup
from ..services import group_create, group_delete, group_member_add, group_member_remove, group_update
from .common import add_errors
from .roster import OfficeOnly

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class GroupListView(OfficeOnly, TemplateView):
    template_name = "observers/group_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            groups=list(selectors.groups_visible_to(self.request.user)),
            ungrouped=Observer.objects.filter(group__isnull=True)
            .exclude(status=Observer.Status.ENDED)
            .count(),
        )
        return ctx


def _group_or_404(request, pk: int) -> ObserverGroup:
    return get_object_or_404(selectors.groups_visible_to(request.user), pk=pk)


def _render_form(request, form: GroupForm, *, group: ObserverGroup | None = None, status: int = 200):
    selected = form.selected_project_ids()
    return render(
        request,
        "observers/group_form.html",
        {
            "form": form,
            "group": group,
            "programmes": selectors.projects_by_programme(selected=selected, user=request.user),
            "selected": selected,
        },
        status=status,
    )


class GroupCreateView(OfficeOnly, View):
    def get(self, request):
        return _render_form(request, GroupForm())

    def post(self, request):
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = group_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已新建小组“{group.name}”，可以在本页调入成员。")
                return redirect("observers:group_detail", pk=group.pk)
        return _render_form(request, form, status=400)


class GroupEditView(OfficeOnly, View):
    def get(self, request, pk):
        group = _group_or_404(request, pk)
        form = GroupForm(
            initial={
                "name": group.name,
                "field": group.field,
                "sort_order": group.sort_order,
                "projects": list(group.projects.values_list("pk", flat=True)),
            }
        )
        return _render_form(request, form, group=group)

    def post(self, request, pk):
        group = _group_or_404(request, pk)
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = group_update(group=group, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"小组“{group.name}”已保存。")
                return redirect("observers:group_detail", pk=group.pk)
        return _render_form(request, form, group=group, status=400)


def _render_detail(request, group: ObserverGroup, *, form: GroupMemberForm | None = None, status: int = 200):
    members = list(group.members.select_related("organisation").order_by("certificate_no"))
    candidates = selectors.group_candidates(group=group, user=request.user)
    return render(
        request,
        "observers/group_detail.html",
        {
            "group": group,
            "members": members,
            "projects": list(
                group.projects.select_related("matter__programme").order_by(
                    "-matter__programme__year", "matter__level_order", "matter__seq", "seq"
                )
            ),
            "form": form or GroupMemberForm(queryset=candidates),
        },
        status=status,
    )


class GroupDetailView(OfficeOnly, View):
    def get(self, request, pk):
        return _render_detail(request, _group_or_404(request, pk))


class GroupMemberAddView(OfficeOnly, View):
    """调入本组: an observer of another group (or none) joins this one."""

    def post(self, request, pk):
        group = _group_or_404(request, pk)
        form = GroupMemberForm(
            request.POST, queryset=selectors.group_candidates(group=group, user=request.user)
        )
        if form.is_valid():
            observer = form.cleaned_data["observer"]
            previous = observer.group.name if observer.group_id else None
            try:
                group_member_add(group=group, observer=observer, by=request.user)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                moved = f"（原属“{previous}”）" if previous else ""
                messages.success(request, f"已将{observer.name}调入本组{moved}。")
                return redirect("observers:group_detail", pk=group.pk)
        return _render_detail(request, group, form=form, status=400)


class GroupMemberRemoveView(OfficeOnly, View):
    """移出本组: the observer stays on the roster without a group."""

    def post(self, request, pk):
        group = _group_or_404(request, pk)
        observer_id = request.POST.get("observer", "")
        observer = get_object_or_404(Observer, pk=observer_id) if is_id(observer_id) else None
        if observer is None:
            messages.error(request, "请选择要移出的观察员。")
            return redirect("observers:group_detail", pk=group.pk)
        try:
            group_member_remove(group=group, observer=observer, by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已将{observer.name}移出本组（仍在花名册中，显示为未分组）。")
        return redirect("observers:group_detail", pk=group.pk)


class GroupDeleteView(OfficeOnly, View):
    """Delete an empty group; a group with members is refused with the reason."""

    def post(self, request, pk):
        group = _group_or_404(request, pk)
        try:
            group_delete(group=group, by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("observers:group_detail", pk=group.pk)
        messages.success(request, f"已删除小组“{group.name}”。")
        return redirect("observers:group_list")


class RosterExportView(OfficeOnly, View):
    """花名册导出 (.xlsx): the roster the office sees; phones in full only for the office."""

    def get(self, request):
        user = request.user
        observers = selectors.observers_visible_to(user).order_by(
            F("group__sort_order").asc(nulls_last=True), F("group_id").asc(nulls_last=True), "certificate_no"
        )
        today = timezone.localdate()
        data = roster_xlsx(
            observers=observers,
            city=site_names(user)["CITY_NAME"],
            as_of=today,
            full_phone=user.is_office,
        )
        response = HttpResponse(data, content_type=XLSX)
        filename = f"观察员花名册（导出{today:%Y%m%d}）.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        response["Cache-Control"] = "private, no-store"
        return response
