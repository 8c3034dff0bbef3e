"""The migrate-time copy of the declaration into django-celery-beat, keeping office edits; each office's entries."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from ..models import ScheduledJob
from .offices import OFFICE_ROOT_REST, office_entry_name
from .words import (
    CRON_FIELDS,
    cron_of_schedule,
    cron_of_task,
)

logger = logging.getLogger(__name__)


def _crontab_for(cron: str) -> CrontabSchedule:
    fields = dict(zip(CRON_FIELDS, cron.split(), strict=True))
    found = CrontabSchedule.objects.filter(timezone=settings.CELERY_TIMEZONE, **fields).order_by("pk").first()
    return found or CrontabSchedule.objects.create(timezone=settings.CELERY_TIMEZONE, **fields)


def is_edited(task: PeriodicTask, marker: ScheduledJob | None, *, cron: str, enabled: bool) -> bool:
    """Whether the office (page or admin) has changed this task's schedule or enabled flag."""
    if marker is None:
        return cron_of_task(task) != cron or task.enabled != enabled
    if marker.edited_at is not None:
        return True
    return cron_of_task(task) != marker.declared_cron or task.enabled != marker.declared_enabled


def _code(name: str, entry: dict, *, office_root: int | None = None) -> dict:
    """The fields of a PeriodicTask that always follow the code (never the office's to change)."""
    kwargs = dict(entry.get("kwargs", {}))
    if entry.get("per_office"):
        kwargs.update(job=name, office_root=office_root or OFFICE_ROOT_REST)
    return {
        "task": entry["task"],
        "description": entry.get("description", ""),
        "args": json.dumps(list(entry.get("args", ()))),
        "kwargs": json.dumps(kwargs),
    }


def _sync_one(
    name: str,
    code: dict,
    cron: str,
    enabled: bool,
    task,
    marker,
    outcome,
    *,
    job: str = "",
    organisation=None,
    start_from: PeriodicTask | None = None,
) -> PeriodicTask:
    """Create or bring one PeriodicTask in line (an office's edit kept); write its marker. A new office entry
    starts from `start_from`, the entry that ran its level's work until now, so an edit made there carries over."""
    if task is None:
        crontab, on = (
            (start_from.crontab, start_from.enabled) if start_from else (_crontab_for(cron), enabled)
        )
        task = PeriodicTask.objects.create(name=name, crontab=crontab, enabled=on, **code)
        outcome["created"].append(name)
    else:
        edited = is_edited(task, marker, cron=cron, enabled=enabled)
        changed = {k: v for k, v in code.items() if getattr(task, k) != v}
        if not edited and (cron_of_task(task) != cron or task.interval_id or task.enabled != enabled):
            changed.update(crontab=_crontab_for(cron), interval=None, enabled=enabled)
        for k, v in changed.items():
            setattr(task, k, v)
        if changed:
            task.save()  # PeriodicTask.save() tells a running beat to reload (PeriodicTasks.changed)
        outcome["kept" if edited else "updated"].append(name)
    if marker is None:
        ScheduledJob.objects.create(name=name, declared_cron=cron, declared_enabled=enabled, job=job,
                                    organisation=organisation)  # fmt: skip
    elif (marker.declared_cron, marker.declared_enabled, marker.job, marker.organisation_id) != (
        cron,
        enabled,
        job,
        getattr(organisation, "pk", None),
    ):
        marker.declared_cron, marker.declared_enabled, marker.job = cron, enabled, job
        marker.organisation = organisation
        marker.save(update_fields=["declared_cron", "declared_enabled", "job", "organisation"])
    return task


def _office_entries(name: str, entry: dict, cron: str, enabled: bool, roots, tasks, markers, outcome) -> None:
    """One entry of a per-office job for each office root, shallowest first: a county's new entry starts from its
    city's, the city's from the instance's."""
    by_path: dict[str, PeriodicTask] = {}
    for root in roots:
        copy = office_entry_name(name, root.pk)
        above = [p for p in by_path if root.path.startswith(p)]
        start_from = by_path[max(above, key=len)] if above else tasks.get(name)
        by_path[root.path] = _sync_one(
            copy,
            _code(name, entry, office_root=root.pk),
            cron,
            enabled,
            tasks.get(copy),
            markers.get(copy),
            outcome,
            job=name,
            organisation=root,
            start_from=start_from,
        )


@transaction.atomic
def schedule_sync(*, declared: dict | None = None, roots=None) -> dict[str, list[str]]:
    """Bring django-celery-beat's PeriodicTask rows in line with the declaration without undoing office edits.

    A job declared "per_office" gets, besides its instance entry, one entry per office root (`roots`; by default
    every government that runs its own office, and every one that had an entry). Returns the names per outcome:
    created, updated (followed the declaration), kept (edited by the office: only task path, arguments and
    description follow the code), removed (no longer declared, never edited)."""
    from minsheng.accounts.selectors import office_roots

    declared = settings.CELERY_BEAT_SCHEDULE if declared is None else declared
    markers = {m.name: m for m in ScheduledJob.objects.select_related("organisation")}
    if roots is None:
        roots = {o.pk: o for o in office_roots()}
        roots.update({m.organisation_id: m.organisation for m in markers.values() if m.organisation_id})
        roots = sorted(roots.values(), key=lambda o: (o.path.count("/"), o.path))
    names = [*declared, *markers]
    names += [office_entry_name(n, r.pk) for n, e in declared.items() if e.get("per_office") for r in roots]
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab").filter(name__in=names)}
    outcome: dict[str, list[str]] = {"created": [], "updated": [], "kept": [], "removed": []}
    for name, entry in declared.items():
        cron = cron_of_schedule(entry["schedule"])
        enabled = bool(entry.get("enabled", True))
        job = name if entry.get("per_office") else ""
        tasks[name] = _sync_one(name, _code(name, entry), cron, enabled, tasks.get(name), markers.get(name),
                                outcome, job=job)  # fmt: skip
        if job:
            _office_entries(name, entry, cron, enabled, roots, tasks, markers, outcome)
    for name, marker in markers.items():
        if name in declared or (
            marker.job and marker.job in declared and declared[marker.job].get("per_office")
        ):
            continue
        task = tasks.get(name)
        if task is None or not is_edited(
            task, marker, cron=marker.declared_cron, enabled=marker.declared_enabled
        ):
            if task is not None:
                task.delete()
            marker.delete()
            outcome["removed"].append(name)
    return outcome


def schedule_office_ensure(*, root) -> list[str]:
    """An office's own entries of every per-office job, created the first time they are needed (its office account
    was just created, or it opens 定时任务): each starts from the entry that ran its level's work until now."""
    if root is None:
        return []
    have = set(ScheduledJob.objects.filter(organisation=root).values_list("job", flat=True))
    wanted = {n for n, e in settings.CELERY_BEAT_SCHEDULE.items() if e.get("per_office")}
    if wanted <= have:
        return []
    return schedule_sync()["created"]


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate handler: copy the declared schedule once the tables exist (not on a partial migrate)."""
    from django.db import connections

    tables = set(connections[using].introspection.table_names())
    if {PeriodicTask._meta.db_table, ScheduledJob._meta.db_table} <= tables:
        outcome = schedule_sync()
        if kwargs.get("verbosity", 1) >= 2:
            logger.info("定时任务同步：%s", outcome)
