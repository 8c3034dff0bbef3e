"""Shared write services: notifications, clearing expired sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import NoticeOnce, Notification, Urge
from .tasks import notification_email_send

logger = logging.getLogger(__name__)


@transaction.atomic
def notification_send(
    *, recipients: Iterable, title: str, body: str = "", url: str = "", kind: str = ""
) -> list[Notification]:
    """Put a message in each recipient's inbox and queue its e-mail after the transaction commits."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        note = Notification(recipient=user, title=title[:200], body=body, url=url, kind=kind)
        note.full_clean()
        note.save()
        created.append(note)
        if user.email:
            transaction.on_commit(lambda pk=note.pk: _enqueue_email(notification_email_send, pk))
    return created


@transaction.atomic
def notification_send_once(
    *, key: str, recipients: Iterable, title: str, body: str = "", url: str = "", kind: str = ""
) -> list[Notification]:
    """notification_send, but each person gets the notice of this key only once, however often it runs."""
    fresh = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                NoticeOnce.objects.create(key=key[:120], recipient=user)
        except IntegrityError:
            continue  # already told (an earlier or concurrent run)
        fresh.append(user)
    return notification_send(recipients=fresh, title=title, body=body, url=url, kind=kind) if fresh else []


@transaction.atomic
def urge_record(
    *, target, unit, by, recipients: Iterable, title: str, body: str = "", url: str = "", kind: str = ""
) -> Urge:
    """催办: notify a unit's people about an overdue item and keep who urged, when and how many were told."""
    notes = notification_send(recipients=recipients, title=title, body=body, url=url, kind=kind)
    urge = Urge(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        unit=unit,
        by=by,
        at=timezone.now(),
        message=title[:300],
        recipients=len(notes),
    )
    urge.full_clean()
    urge.save()
    return urge


def _enqueue_email(task, pk: int) -> None:
    """Queue the e-mail; if the broker is down the periodic retry task picks it up later."""
    try:
        task.delay(pk)
    except Exception:  # noqa: BLE001 - the broker being down must not break the user's request
        logger.warning("通知 %s 的邮件未能入队，将由定时任务补发", pk)


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) as read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
