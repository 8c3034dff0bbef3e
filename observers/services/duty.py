"""The monthly '四个一' reminder: one notification per observer and month, whatever the retries."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse

from minsheng.common.services import notification_send

from ..duty import MISSING_INFO, MISSING_SUGGESTION
from ..models import DutyReminder, Observer
from ..selectors import duty_statuses


def duty_reminders_send(*, year: int, month: int) -> int:
    """Remind each active observer short of this month's information or suggestion; returns the count."""
    observers = Observer.objects.filter(status=Observer.Status.ACTIVE).select_related("user")
    statuses = duty_statuses(observers=observers, year=year, month=month)
    already = set(DutyReminder.objects.filter(year=year, month=month).values_list("observer_id", flat=True))
    sent = 0
    for observer in observers:
        status = statuses[observer.pk]
        if status.monthly_ok or observer.pk in already:
            continue
        missing = "、".join(status.missing)
        try:
            with transaction.atomic():
                DutyReminder.objects.create(observer=observer, year=year, month=month, missing=missing[:200])
                monthly = [m for m in status.missing if m in (MISSING_INFO, MISSING_SUGGESTION)]
                notification_send(
                    recipients=[observer.user],
                    title=f"“四个一”履职提醒：{year}年{month}月尚缺{'、'.join(monthly)}",
                    body=f"截至目前，您本月尚缺：{missing}。请在月底前通过“报送观察信息”补报。",
                    url=reverse("observers:report_create"),
                    kind="observers.duty",
                )
        except IntegrityError:
            continue  # a parallel run already reminded this observer for this month
        sent += 1
    return sent
