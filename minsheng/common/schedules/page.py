"""The 定时任务 page: who sees which entries, each in words with its last run, and the office's edit."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from ..models import ScheduledJob, ScheduleRun
from .sync import _crontab_for, is_edited
from .words import (
    CRON_FIELDS,
    cron_of_task,
    describe_task,
    next_run,
    task_label,
)

MSG_RUN_QUEUED = "已提交运行：{label}。运行结果见本页“运行记录”。"
MSG_EDIT_SAVED = "已保存：{label}，{when}。"
logger = logging.getLogger(__name__)


@dataclass
class ScheduleRow:
    task: PeriodicTask
    label: str
    when: str
    next_run: datetime | None
    last_run: ScheduleRun | None
    edited: bool
    marker: ScheduledJob | None

    @property
    def office(self) -> str:
        """Whose entry this is, for the administrator's page: the office's government, the instance's entry of a
        per-office job, or "" for the system's own jobs."""
        if self.marker is None or not self.marker.job:
            return ""
        return self.marker.organisation.name if self.marker.organisation_id else MSG_REST_ENTRY


MSG_REST_ENTRY = "未设专班办公室的层级"


def schedules_visible_to(user):
    """The entries a user sees and may change on 定时任务: everything for the system administrator (and an office
    account tied to no unit, the instance's own office); for an office, its own entries of the per-office jobs
    (the system's jobs and other offices' entries are not its own)."""
    from minsheng.accounts.rules import has_full_scope, office_root_of

    tasks = PeriodicTask.objects.all()
    if has_full_scope(user):
        return tasks
    root = office_root_of(user)
    if root is None:
        return tasks.none()
    return tasks.filter(name__in=ScheduledJob.objects.filter(organisation=root).values("name"))


def schedule_rows(now: datetime | None = None, *, tasks=None) -> list[ScheduleRow]:
    """The entries (`tasks`, a PeriodicTask queryset; all by default) in words, with their last recorded run: three
    queries whatever the number of runs."""
    latest = ScheduleRun.objects.filter(name=OuterRef("name")).order_by("-queued_at", "-id").values("pk")[:1]
    tasks = list(
        (PeriodicTask.objects.all() if tasks is None else tasks)
        .select_related("crontab", "interval")
        .annotate(last_run_pk=Subquery(latest))
        .order_by("name")
    )
    runs = ScheduleRun.objects.select_related("triggered_by").in_bulk(
        [t.last_run_pk for t in tasks if t.last_run_pk]
    )
    markers = {
        m.name: m
        for m in ScheduledJob.objects.select_related("organisation", "edited_by").filter(
            name__in=[t.name for t in tasks]
        )
    }
    now = now or timezone.now()
    rows = []
    for t in tasks:
        marker = markers.get(t.name)
        edited = marker is not None and is_edited(
            t, marker, cron=marker.declared_cron, enabled=marker.declared_enabled
        )
        rows.append(
            ScheduleRow(
                task=t,
                label=task_label(t),
                when=describe_task(t),
                next_run=next_run(t, now),
                last_run=runs.get(t.last_run_pk),
                edited=edited,
                marker=marker,
            )
        )
    never = datetime.max.replace(tzinfo=now.tzinfo)
    def place(r: ScheduleRow) -> tuple:  # the system's jobs, then each office down the tree, then the instance entry
        if not r.office:
            return (0, "")
        return (2, "") if r.marker.organisation_id is None else (1, r.marker.organisation.path)

    rows.sort(key=lambda r: (place(r), not r.task.enabled, r.next_run or never))
    return rows


def recent_runs(limit: int = 20, *, tasks=None) -> list[ScheduleRun]:
    """The latest runs of these entries (all by default), each with its entry's description as `label`."""
    label = PeriodicTask.objects.filter(name=OuterRef("name")).values("description")[:1]
    runs = ScheduleRun.objects.select_related("triggered_by").annotate(label=Subquery(label))
    if tasks is not None:
        runs = runs.filter(name__in=tasks.values("name"))
    return list(runs[:limit])


@transaction.atomic
def schedule_edit(
    *,
    task: PeriodicTask,
    by,
    enabled: bool,
    minute: str | None = None,
    hour: str | None = None,
    day_of_month: str | None = None,
) -> PeriodicTask:
    """The office changes a task's time and/or enabled flag; kept across restarts and re-migrations."""
    task = PeriodicTask.objects.select_for_update().get(pk=task.pk)
    if task.crontab and (minute is not None or hour is not None or day_of_month is not None):
        fields = dict(zip(CRON_FIELDS, cron_of_task(task).split(), strict=True))
        for key, value in (("minute", minute), ("hour", hour), ("day_of_month", day_of_month)):
            if value is not None:
                fields[key] = value
        task.crontab = _crontab_for(" ".join(fields[f] for f in CRON_FIELDS))
    task.enabled = enabled
    task.full_clean()
    task.save()
    ScheduledJob.objects.filter(name=task.name).update(edited_by=by, edited_at=timezone.now())
    logger.info(
        "定时任务 %s 由 %s 修改为：%s，%s", task.name, by, describe_task(task), "启用" if enabled else "停用"
    )
    return task
