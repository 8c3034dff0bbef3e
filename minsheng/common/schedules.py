"""Scheduled work: one declaration, its copy in the database, the office's edits and the record of each run.

* Declared in one place: ``settings.CELERY_BEAT_SCHEDULE`` (task, crontab, Chinese ``description``).
* Copied into django-celery-beat's ``PeriodicTask`` at migrate time (``schedule_sync``, run by a post_migrate
  handler, minsheng/common/apps.py): missing entries are created, entries the office has not touched follow the
  declaration, and an edited schedule or enabled flag is never reset. ``ScheduledJob`` keeps what the
  declaration last wrote; a PeriodicTask that differs from it (or was edited on the 定时任务 page) is the
  office's.
* Beat reads only the database (minsheng/common/beat.py): django-celery-beat's own start-up copy of the settings
  dict, which overwrote every edit, is switched off.
* Each run (by beat or 立即运行) is recorded in ``ScheduleRun`` by the task_prerun/task_postrun handlers below, in
  whichever process runs the task (the worker; the web process itself in eager mode).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .models import ScheduledJob, ScheduleRun

logger = logging.getLogger(__name__)

MSG_RUN_QUEUED = "已提交运行：{label}。运行结果见本页“运行记录”。"
MSG_RUN_QUEUE_DOWN = "任务队列暂时不可用，未能提交运行，请稍后再试。"
MSG_EDIT_SAVED = "已保存：{label}，{when}。"
MSG_TIME_INVALID = "请按“时:分”填写运行时间，例如 00:10。"
MSG_DAYS_INVALID = "请填写每月的第几日（1 到 28，保证每个月都运行），多个日期用逗号分隔，例如 1,11,21。"
MSG_INTERVAL_INVALID = "间隔须为 1 到 59 之间的整数（分钟）。"
MSG_DISABLED = "已停用"
RUN_LOG_DAYS = 90  # runs older than this are deleted as new runs of the same task are recorded
MSG_NO_DESCRIPTION = "（未填写说明）"

OFFICE_ROOT_REST = (
    0  # the instance entry of a per-office job: the work of levels with no office entry of their own
)

CRON_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
WEEKDAYS = "日一二三四五六日"  # celery: 0 and 7 are Sunday


# --- Reading a schedule ----------------------------------------------------------------------------------------


def cron_of_schedule(schedule) -> str:
    """The five crontab fields of a celery ``crontab`` as one string (internal key, never shown to a person)."""
    if not hasattr(schedule, "_orig_minute"):
        raise TypeError(f"CELERY_BEAT_SCHEDULE 只支持 crontab 定时规则，收到 {schedule!r}")
    return " ".join(str(getattr(schedule, f"_orig_{f}")).replace(" ", "") for f in CRON_FIELDS)


def cron_of_task(task: PeriodicTask) -> str:
    """The same string for a PeriodicTask ('' when it is not on a crontab)."""
    c = task.crontab
    return " ".join(str(getattr(c, f)).replace(" ", "") for f in CRON_FIELDS) if c else ""


def _ints(field: str, low: int, high: int) -> list[int] | None:
    """'1,11,21' or '1-5' -> the numbers; None when the field is '*', a step or out of range."""
    out: list[int] = []
    for part in field.split(","):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            return None
        a, b = int(m[1]), int(m[2] or m[1])
        if a > b or a < low or b > high:
            return None
        out.extend(range(a, b + 1))
    return sorted(set(out))


def describe_cron(cron: str) -> str:
    """A crontab in words: '每月1日 00:10', '每天 09:00', '每 15 分钟', '每年1月、4月的8日 08:00'."""
    minute, hour, dom, moy, dow = cron.split()
    step = re.fullmatch(r"\*/(\d+)", minute)
    if step and hour == dom == moy == dow == "*":
        return f"每 {int(step[1])} 分钟"
    if minute == hour == dom == moy == dow == "*":
        return "每分钟"
    minutes, hours = _ints(minute, 0, 59), _ints(hour, 0, 23)
    if minutes and hour == "*" and dom == moy == dow == "*":
        return "每小时第 " + "、".join(str(m) for m in minutes) + " 分"
    days, months, weekdays = _ints(dom, 1, 31), _ints(moy, 1, 12), _ints(dow, 0, 7)
    if not (minutes and hours) or (dom != "*" and not days) or (moy != "*" and not months):
        return _describe_fields(minute, hour, dom, moy, dow)
    if dow != "*" and not weekdays:
        return _describe_fields(minute, hour, dom, moy, dow)
    at = "、".join(f"{h:02d}:{m:02d}" for h in hours for m in minutes)
    on_days = "、".join(f"{d}日" for d in days or [])
    if weekdays and not days and not months:
        return "每周" + "、".join(WEEKDAYS[d] for d in sorted({d % 7 for d in weekdays})) + f" {at}"
    if days and not months and not weekdays:
        return f"每月{on_days} {at}"
    if days and months and not weekdays:
        return "每年" + "、".join(f"{m}月" for m in months) + f"的{on_days} {at}"
    if not days and not months and not weekdays:
        return f"每天 {at}"
    return _describe_fields(minute, hour, dom, moy, dow)


def _describe_fields(minute, hour, dom, moy, dow) -> str:
    def part(value, unit):
        return "每" + unit if value == "*" else f"{value.replace('*/', '每隔 ')}{unit}"

    return "自定义时间：" + "，".join(
        [part(moy, "月"), part(dom, "日"), part(dow, "（星期）"), part(hour, "时"), part(minute, "分")]
    )


def next_run(task: PeriodicTask, now: datetime | None = None) -> datetime | None:
    """When beat will next start this task (None: disabled or not on a crontab)."""
    if not task.enabled or not task.crontab:
        return None
    sched = task.crontab.schedule
    now = now or timezone.now()
    local = now.astimezone(sched.tz) if getattr(sched, "tz", None) else timezone.localtime(now)
    at = now + sched.remaining_estimate(local)
    return (at + timedelta(seconds=30)).replace(second=0, microsecond=0)  # estimates are a few µs short


# --- Jobs each office runs for its own level -------------------------------------------------------------------


def office_entry_name(job: str, root_pk: int) -> str:
    return f"{job}@{root_pk}"


@dataclass(frozen=True)
class OfficeShare:
    """The part of a per-office job one entry runs: the work whose nearest office with its own entry of the job is
    the entry's (`root_path`; "" for the instance entry, which runs the work of levels with none). A level whose
    office stopped its entry is not taken over by the level above: the office chose."""

    root_path: str | None  # None: the entry's office no longer exists, nothing is its
    entry_paths: tuple[str, ...]

    def covers(self, org) -> bool:
        path = getattr(org, "path", "") or ""
        nearest = max((p for p in self.entry_paths if path.startswith(p)), key=len, default="")
        return nearest == self.root_path


def office_share(*, job: str, office_root: int | None) -> OfficeShare | None:
    """What an entry of a per-office job runs (one query). None when called without an office (the shell, a test):
    all the work, as before jobs were per office."""
    if office_root is None or not job:
        return None
    paths = dict(
        ScheduledJob.objects.filter(job=job, organisation__isnull=False).values_list(
            "organisation_id", "organisation__path"
        )
    )
    root_path = "" if office_root == OFFICE_ROOT_REST else paths.get(office_root)
    return OfficeShare(root_path=root_path, entry_paths=tuple(p for p in paths.values() if p))


def share_filter(items, *, share: OfficeShare | None, org_of) -> list:
    """The items (programmes, observers, hand-offs) whose organisation, `org_of(item)`, this entry runs."""
    items = list(items)
    return items if share is None else [i for i in items if share.covers(org_of(i))]


# --- The migrate-time copy -------------------------------------------------------------------------------------


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


# --- The office page -------------------------------------------------------------------------------------------


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


def task_label(task: PeriodicTask) -> str:
    return task.description or MSG_NO_DESCRIPTION


def describe_task(task: PeriodicTask) -> str:
    if task.crontab:
        return describe_cron(cron_of_task(task))
    if task.interval:
        return f"每隔 {task.interval.every} {task.interval.get_period_display()}"
    return "一次性或其他规则"


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
    runs = ScheduleRun.objects.select_related("triggered_by").in_bulk([t.last_run_pk for t in tasks if t.last_run_pk])
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
        edited = marker is not None and is_edited(t, marker, cron=marker.declared_cron, enabled=marker.declared_enabled)
        rows.append(
            ScheduleRow(
                task=t, label=task_label(t), when=describe_task(t), next_run=next_run(t, now),
                last_run=runs.get(t.last_run_pk), edited=edited, marker=marker,
            )
        )
    never = datetime.max.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda r: (r.office, not r.task.enabled, r.next_run or never))
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


# --- Running --------------------------------------------------------------------------------------------------

HEADER_NAME = "periodic_task_name"  # set by django-celery-beat on every task it sends
HEADER_RUN = "schedule_run_id"  # set by 立即运行: the ScheduleRun row the run reports into


def _celery_task(dotted: str):
    """The registered Celery task of that name (its module imported first, as the worker would)."""
    from minsheng.celery import app

    module = dotted.rpartition(".")[0]
    if module:
        with contextlib.suppress(ImportError):
            import_module(module)
    return app.tasks[dotted]


@transaction.atomic
def schedule_run_now(*, task: PeriodicTask, by) -> ScheduleRun:
    """Queue one run of the task now (to the worker; in eager mode it runs here), recorded with who asked."""
    run = ScheduleRun(name=task.name, task=task.task, triggered_by=by, status=ScheduleRun.Status.QUEUED)
    run.full_clean()
    run.save()
    logger.info("定时任务 %s 由 %s 立即运行（记录 %s）", task.name, by, run.pk)
    args, kwargs = json.loads(task.args or "[]"), json.loads(task.kwargs or "{}")
    transaction.on_commit(lambda: _publish(run.pk, task.task, task.name, args, kwargs))
    return run


def _publish(run_pk: int, dotted: str, name: str, args, kwargs) -> None:
    headers = {HEADER_NAME: name, HEADER_RUN: run_pk}
    try:
        celery_task = _celery_task(dotted)
    except KeyError:
        ScheduleRun.objects.filter(pk=run_pk).update(
            status=ScheduleRun.Status.FAILED, finished_at=timezone.now(), result=f"找不到任务 {dotted}"
        )
        return
    if celery_task.app.conf.task_always_eager:
        try:
            celery_task.apply_async(args=args, kwargs=kwargs, headers=headers)
        except Exception as exc:  # noqa: BLE001 - eager errors propagate (no task_failure): record it here
            logger.exception("定时任务 %s 立即运行失败", name)
            ScheduleRun.objects.filter(pk=run_pk).update(
                status=ScheduleRun.Status.FAILED, finished_at=timezone.now(), result=f"出错：{exc}"[:500]
            )
        return
    try:
        celery_task.apply_async(args=args, kwargs=kwargs, headers=headers)
    except Exception as exc:  # noqa: BLE001 - kombu/redis raise several types when the broker is down
        logger.warning("定时任务 %s 未能入队（%s）", name, exc)
        ScheduleRun.objects.filter(pk=run_pk).update(
            status=ScheduleRun.Status.FAILED, finished_at=timezone.now(), result=MSG_RUN_QUEUE_DOWN
        )


_RUNS: dict[str, int] = {}  # celery task id -> ScheduleRun pk, between prerun and postrun in one process
_ERRORS: dict[str, BaseException] = {}  # celery task id -> the exception, from task_failure to task_postrun


def _header(request, key):
    value = (getattr(request, "headers", None) or {}).get(key)
    return value if value is not None else getattr(request, key, None)


def on_task_prerun(sender=None, task_id=None, task=None, **kwargs) -> None:
    """A scheduled task (sent by beat or 立即运行) starts: open or update its ScheduleRun."""
    try:
        name, run_pk = _header(task.request, HEADER_NAME), _header(task.request, HEADER_RUN)
        if not name and not run_pk:
            return
        now = timezone.now()
        if run_pk and ScheduleRun.objects.filter(pk=run_pk).update(
            status=ScheduleRun.Status.RUNNING, started_at=now, task_id=task_id or ""
        ):
            _RUNS[task_id] = int(run_pk)
            return
        run = ScheduleRun.objects.create(
            name=name or task.name,
            task=task.name,
            status=ScheduleRun.Status.RUNNING,
            started_at=now,
            task_id=task_id or "",
        )
        _RUNS[task_id] = run.pk
        # The log keeps RUN_LOG_DAYS: a task every 5 minutes would otherwise add ~100,000 rows a year.
        ScheduleRun.objects.filter(name=run.name, queued_at__lt=now - timedelta(days=RUN_LOG_DAYS)).delete()
    except Exception:  # noqa: BLE001 - the record must never stop the work itself
        logger.exception("定时任务运行记录写入失败")


def _done(retval) -> str:
    """A successful run's result in words: the tasks return how many items they handled, or a short word."""
    if retval is None:
        return "完成"
    if isinstance(retval, int) and not isinstance(retval, bool):
        return f"完成，处理 {retval} 项"
    return f"完成（{str(retval)[:200]}）"


def on_task_failure(sender=None, task_id=None, exception=None, **kwargs) -> None:
    """Keep the exception of a recorded run for on_task_postrun (its retval is not always the exception)."""
    if task_id in _RUNS:
        _ERRORS[task_id] = exception


def on_task_postrun(sender=None, task_id=None, task=None, retval=None, state=None, **kwargs) -> None:
    """The task ended: success, failure or retry, with a short result."""
    run_pk = _RUNS.pop(task_id, None)
    error = _ERRORS.pop(task_id, None)
    if run_pk is None:
        return
    try:
        if state == "SUCCESS":
            status, result = ScheduleRun.Status.SUCCEEDED, _done(retval)
        elif state == "RETRY":
            status, result = ScheduleRun.Status.RETRY, f"稍后重试：{retval}"
        else:
            exc = error or getattr(retval, "exception", retval)
            status, result = ScheduleRun.Status.FAILED, f"出错：{exc}"
        ScheduleRun.objects.filter(pk=run_pk).update(
            status=status, finished_at=timezone.now(), result=result[:500]
        )
    except Exception:  # noqa: BLE001
        logger.exception("定时任务运行记录写入失败")
