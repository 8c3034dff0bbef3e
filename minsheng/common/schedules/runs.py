"""Running: 立即运行 and the record of every run (by beat or by hand) in ScheduleRun."""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import timedelta
from importlib import import_module

from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from ..models import ScheduleRun

MSG_RUN_QUEUE_DOWN = "任务队列暂时不可用，未能提交运行，请稍后再试。"
RUN_LOG_DAYS = 90  # runs older than this are deleted as new runs of the same task are recorded
logger = logging.getLogger(__name__)

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
