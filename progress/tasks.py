"""Celery tasks of monthly progress (thin: each calls one service and is idempotent)."""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from minsheng.common.schedules import office_share

from .reminders import deadline_reminders_send
from .selectors.index import public_index_warm
from .services import periods_open_month


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_deadline_reminders(job: str = "", office_root: int | None = None) -> int:
    """Remind counties that have not submitted: 2 days before the deadline, on the day, after it (once each); for
    the programmes of the office whose entry this is (minsheng.common.schedules.office_share)."""
    return deadline_reminders_send(now=timezone.now(), share=office_share(job=job, office_root=office_root))


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def progress_open_month(job: str = "", office_root: int | None = None) -> int:
    """On the 1st: open this month's reporting period of every programme of the year (idempotent), per office."""
    share = office_share(job=job, office_root=office_root)
    return len(periods_open_month(today=timezone.localdate(), share=share))


@shared_task(autoretry_for=(OSError, DatabaseError), retry_backoff=5, max_retries=3)
def progress_public_index_warm(programme_id: int, token: str) -> str:
    """After a programme's change stamp is renewed: compute the public index's standings into the cache (idempotent:
    nothing to do when the stamp has moved on or the standings are already cached)."""
    return public_index_warm(programme_id=programme_id, token=token)


@shared_task(autoretry_for=(OSError, DatabaseError), retry_backoff=5, max_retries=3)
def progress_cities_warm(programme_id: int, token: str) -> str:
    """After a programme's change stamp is renewed: compute the 各市（州）汇总 parts its readers open on (idempotent:
    nothing to do when the stamp has moved on or the parts are cached)."""
    from .cities_cache import cities_warm

    return cities_warm(programme_id=programme_id, token=token)
