"""Scheduled work of the observers app (thin: one service call, idempotent per observer and month)."""

from celery import shared_task
from django.utils import timezone

from minsheng.common.schedules import office_share

from .services.duty import duty_reminders_send, term_expiry_notices_send
from .services.urging import handoffs_remind_overdue


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def duty_remind_month(
    self, year: int | None = None, month: int | None = None, job: str = "", office_root: int | None = None
) -> int:
    """On the 25th: remind observers still short of this month's '四个一' duty (those the entry's office appointed:
    minsheng.common.schedules.office_share)."""
    today = timezone.localdate()
    share = office_share(job=job, office_root=office_root)
    return duty_reminders_send(year=year or today.year, month=month or today.month, share=share)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def handoffs_overdue_remind(job: str = "", office_root: int | None = None) -> int:
    """Daily: tell units and observers once that a hand-off passed its deadline without a reply (per office)."""
    return handoffs_remind_overdue(
        today=timezone.localdate(), share=office_share(job=job, office_root=office_root)
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def term_expiry_notify(job: str = "", office_root: int | None = None) -> int:
    """Daily: observers whose term ends within 30 days, and the office, are told once per term (per office)."""
    return term_expiry_notices_send(
        as_of=timezone.localdate(), share=office_share(job=job, office_root=office_root)
    )
