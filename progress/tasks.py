"""Celery tasks of monthly progress (thin: each calls one service and is idempotent)."""

from celery import shared_task
from django.utils import timezone

from .reminders import period_remind_unsubmitted, periods_due
from .services import periods_open_month


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_deadline_reminders() -> int:
    """Two days before a month's deadline, remind counties that have not submitted (once per county)."""
    now = timezone.now()
    return sum(
        period_remind_unsubmitted(period=p, now=now) for p in periods_due(today=timezone.localdate(now))
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_open_month() -> int:
    """On the 1st: open this month's reporting period of every programme of the year (idempotent)."""
    return len(periods_open_month(today=timezone.localdate()))
