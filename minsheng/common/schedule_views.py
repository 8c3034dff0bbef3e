"""The office's 定时任务 page: what runs when, last and next run, result, 立即运行, and the edit form."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import has_full_scope, office_root_of

from .mixins import PostOnlyMixin
from .schedule_forms import ScheduleEditForm
from .schedules import (
    MSG_EDIT_SAVED,
    MSG_REST_ENTRY,
    MSG_RUN_QUEUED,
    describe_task,
    recent_runs,
    schedule_edit,
    schedule_office_ensure,
    schedule_rows,
    schedule_run_now,
    schedules_visible_to,
    task_label,
)

MSG_OFFICE_ONLY = "该页面仅限专班办公室"


class OfficeOnly(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "common.manage_schedules"
    permission_denied_message = MSG_OFFICE_ONLY


class ScheduleListView(OfficeOnly, TemplateView):
    template_name = "common/schedules.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        root = office_root_of(user)
        schedule_office_ensure(root=root)  # an office opening the page for the first time gets its own entries
        tasks = schedules_visible_to(user)
        ctx.update(rows=schedule_rows(tasks=tasks), runs=recent_runs(tasks=tasks), office_root=root,
                   full_scope=has_full_scope(user), rest_entry=MSG_REST_ENTRY)  # fmt: skip
        return ctx


class ScheduleRunNowView(OfficeOnly, PostOnlyMixin, View):
    def post(self, request, pk):
        task = get_object_or_404(schedules_visible_to(request.user), pk=pk)
        schedule_run_now(task=task, by=request.user)
        messages.success(request, MSG_RUN_QUEUED.format(label=task_label(task)))
        return redirect("common:schedules")


class ScheduleEditView(OfficeOnly, View):
    template_name = "common/schedule_edit.html"

    def get(self, request, pk):
        task = get_object_or_404(schedules_visible_to(request.user).select_related("crontab", "interval"), pk=pk)
        return self._render(request, task, ScheduleEditForm(task=task))

    def post(self, request, pk):
        task = get_object_or_404(schedules_visible_to(request.user).select_related("crontab", "interval"), pk=pk)
        form = ScheduleEditForm(request.POST, task=task)
        if not form.is_valid():
            return self._render(request, task, form, status=400)
        task = schedule_edit(task=task, by=request.user, **form.changes())
        when = describe_task(task) if task.enabled else "已停用"
        messages.success(request, MSG_EDIT_SAVED.format(label=task_label(task), when=when))
        return redirect("common:schedules")

    def _render(self, request, task, form, status=200):
        context = {"task": task, "label": task_label(task), "when": describe_task(task), "form": form}
        return render(request, self.template_name, context, status=status)
