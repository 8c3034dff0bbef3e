"""E-mail delivery of inbox notifications, used by the tasks that send and resend them (services.py
queues those tasks, so delivery lives below both)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .context_processors import site_names
from .models import Notification

MAX_EMAIL_ATTEMPTS = 5


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
    # Signed, and titled, with the names of the recipient's own government and office (from the tree).
    names = site_names(note.recipient)
    body = f"{body}\n\n{names['OFFICE_NAME']}"
    subject = f"【{names['CITY_NAME']}{settings.MINSHENG['PLATFORM_NAME']}】{note.title}"
    send_mail(subject, body, None, [note.recipient.email])
    Notification.objects.filter(pk=note.pk).update(email_sent_at=timezone.now())
    return True
