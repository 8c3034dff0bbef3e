"""Scheduled work: one declaration, its copy in the database, the office's edits and the record of each run.

* Declared in one place: ``settings.CELERY_BEAT_SCHEDULE`` (task, crontab, Chinese ``description``).
* Copied into django-celery-beat's ``PeriodicTask`` at migrate time (``schedule_sync``, run by a post_migrate
  handler, minsheng/common/apps.py): missing entries are created, entries the office has not touched follow the
  declaration, and an edited schedule or enabled flag is never reset. ``ScheduledJob`` keeps what the
  declaration last wrote; a PeriodicTask that differs from it (or was edited on the 定时任务 page) is the
  office's.
* Beat reads only the database (minsheng/common/beat.py): django-celery-beat's own start-up copy of the settings
  dict, which overwrote every edit, is switched off.
* A job declared ``per_office`` has one entry per office root, each running its level's work (offices.py).
* Each run (by beat or 立即运行) is recorded in ``ScheduleRun`` by the task_prerun/task_postrun handlers (runs.py), in
  whichever process runs the task (the worker; the web process itself in eager mode).

Modules: words (a schedule in words), offices (per-office jobs), sync (the migrate-time copy), page (定时任务),
runs (立即运行 and the run record). Everything is importable from here.
"""

from .offices import OFFICE_ROOT_REST, OfficeShare, office_entry_name, office_share, share_filter
from .page import (
    MSG_EDIT_SAVED,
    MSG_REST_ENTRY,
    MSG_RUN_QUEUED,
    ScheduleRow,
    recent_runs,
    schedule_edit,
    schedule_rows,
    schedules_visible_to,
)
from .runs import (
    HEADER_NAME,
    HEADER_RUN,
    MSG_RUN_QUEUE_DOWN,
    RUN_LOG_DAYS,
    on_task_failure,
    on_task_postrun,
    on_task_prerun,
    schedule_run_now,
)
from .sync import is_edited, schedule_office_ensure, schedule_sync, sync_after_migrate
from .words import (
    CRON_FIELDS,
    MSG_DAYS_INVALID,
    MSG_DISABLED,
    MSG_INTERVAL_INVALID,
    MSG_NO_DESCRIPTION,
    MSG_TIME_INVALID,
    _ints,
    cron_of_schedule,
    cron_of_task,
    describe_cron,
    describe_task,
    next_run,
    task_label,
)

__all__ = [
    "CRON_FIELDS", "HEADER_NAME", "HEADER_RUN", "MSG_DAYS_INVALID", "MSG_DISABLED", "MSG_EDIT_SAVED",
    "MSG_INTERVAL_INVALID", "MSG_NO_DESCRIPTION", "MSG_REST_ENTRY", "MSG_RUN_QUEUED", "MSG_RUN_QUEUE_DOWN",
    "MSG_TIME_INVALID", "OFFICE_ROOT_REST", "RUN_LOG_DAYS", "OfficeShare", "ScheduleRow", "_ints", "cron_of_schedule",
    "cron_of_task", "describe_cron", "describe_task", "is_edited", "next_run", "office_entry_name", "office_share",
    "on_task_failure", "on_task_postrun", "on_task_prerun", "recent_runs", "schedule_edit", "schedule_office_ensure",
    "schedule_rows", "schedule_run_now", "schedule_sync", "schedules_visible_to", "share_filter", "sync_after_migrate",
    "task_label",
]  # fmt: skip
