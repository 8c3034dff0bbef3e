"""Celery tasks of the shared services: thin wrappers around one service each."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .audit import audit_purge_expired
from .delivery import MAX_EMAIL_ATTEMPTS, notification_email_deliver
from .housekeeping import session_clear_expired
from .models import Notification


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def notification_email_send(self, notification_id: int) -> bool:
    """E-mail one notification (idempotent: a sent one is not sent again)."""
    return notification_email_deliver(notification_id=notification_id)


@shared_task
def notification_email_retry_unsent() -> int:
    """Send the e-mails that could not be queued or failed earlier."""
    # Leave fresh ones to their own queued task so that one message is not sent twice.
    settled = timezone.now() - timedelta(minutes=10)
    ids = list(
        Notification.objects.filter(
            created_at__lt=settled,
            email_sent_at__isnull=True,
            email_attempts__lt=MAX_EMAIL_ATTEMPTS,
            recipient__email__gt="",
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        notification_email_deliver(notification_id=pk)
    return len(ids)


@shared_task
def audit_purge_expired_task() -> int:
    """Monthly: delete log-in audit records past their retention (≥ 180 days; see common/audit.py)."""
    return audit_purge_expired()


@shared_task
def session_clear_expired_task() -> int:
    """Daily: delete expired sessions (the public forms start one per cookieless visitor)."""
    return session_clear_expired()
