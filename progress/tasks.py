"""Celery tasks of monthly progress (thin: each calls one service and is idempotent)."""

from celery import shared_task
from django.utils import timezone

from .reminders import deadline_reminders_send
from .services import periods_open_month


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_deadline_reminders() -> int:
    """Remind counties that have not submitted: 2 days before the deadline, on the day, after it (once each)."""
    return deadline_reminders_send(now=timezone.now())


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_open_month() -> int:
    """On the 1st: open this month's reporting period of every programme of the year (idempotent)."""
    return len(periods_open_month(today=timezone.localdate()))
