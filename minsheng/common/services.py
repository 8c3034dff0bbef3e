"""Shared write services: notifications, clearing expired sessions."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

MAX_EMAIL_ATTEMPTS = 5


@transaction.atomic
def notification_send(
    *, recipients: Iterable, title: str, body: str = "", url: str = "", kind: str = ""
) -> list[Notification]:
    """Put a message in each recipient's inbox and queue its e-mail after the transaction commits."""
    from .tasks import notification_email_send

    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        note = Notification(recipient=user, title=title[:200], body=body, url=url, kind=kind)
        note.full_clean()
        note.save()
        created.append(note)
        if user.email:
            transaction.on_commit(lambda pk=note.pk: _enqueue_email(notification_email_send, pk))
    return created


def _enqueue_email(task, pk: int) -> None:
    """Queue the e-mail; if the broker is down the periodic retry task picks it up later."""
    try:
        task.delay(pk)
    except Exception:  # noqa: BLE001 - the broker being down must not break the user's request
        import logging

        logging.getLogger(__name__).warning("通知 %s 的邮件未能入队，将由定时任务补发", pk)


def notification_email_deliver(*, notification_id: int) -> bool:
    """Send one notification's e-mail once; returns True when it is (or already was) sent."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if note is None or note.email_sent_at is not None or not note.recipient.email:
            return note is not None and note.email_sent_at is not None
        note.email_attempts += 1
        note.save(update_fields=["email_attempts"])
    body = note.body
    if note.url:
        body = f"{body}\n\n查看：{settings.SITE_URL}{note.url}"
    send_mail(f"【{settings.MINSHENG['PLATFORM_NAME']}】{note.title}", body, None, [note.recipient.email])
    Notification.objects.filter(pk=note.pk).update(email_sent_at=timezone.now())
    return True


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) as read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def session_clear_expired() -> int:
    """Delete expired sessions (every cookieless visit to a public form starts one); returns how many were
    deleted (0 for a session store without a table, whose own clear_expired() is run instead)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):
        return store.get_model_class().objects.filter(expire_date__lt=timezone.now()).delete()[0]
    store.clear_expired()
    return 0
