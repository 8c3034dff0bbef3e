"""Celery tasks of monthly progress (thin: each calls one service and is idempotent)."""

from celery import shared_task
from django.utils import timezone

from .models import ReportingPeriod
from .reminders import deadline_reminders_send
from .services import letters_issue_lagging, periods_open_month


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_deadline_reminders() -> int:
    """Remind counties that have not submitted: 2 days before the deadline, on the day, after it (once each)."""
    return deadline_reminders_send(now=timezone.now())


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_open_month() -> int:
    """On the 1st: open this month's reporting period of every programme of the year (idempotent)."""
    return len(periods_open_month(today=timezone.localdate()))


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_lagging_letters(period_id: int) -> int:
    """After a month is locked: one letter per lagging unit and month, and its users notified."""
    period = ReportingPeriod.objects.select_related("programme").filter(pk=period_id).first()
    return len(letters_issue_lagging(period=period)) if period else 0
