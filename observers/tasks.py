"""Scheduled work of the observers app (thin: one service call, idempotent per observer and month)."""

from celery import shared_task
from django.utils import timezone

from .services.duty import duty_reminders_send, term_expiry_notices_send
from .services.urging import handoffs_remind_overdue


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def duty_remind_month(self, year: int | None = None, month: int | None = None) -> int:
    """On the 25th: remind observers still short of this month's '四个一' duty."""
    today = timezone.localdate()
    return duty_reminders_send(year=year or today.year, month=month or today.month)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def handoffs_overdue_remind() -> int:
    """Daily: tell units and observers once that a hand-off passed its deadline without a reply."""
    return handoffs_remind_overdue(today=timezone.localdate())


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def term_expiry_notify() -> int:
    """Daily: observers whose term ends within 30 days, and the office, are told once per term."""
    return term_expiry_notices_send(as_of=timezone.localdate())
