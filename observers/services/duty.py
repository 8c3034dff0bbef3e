"""The monthly '四个一' reminder: one notification per observer and month, whatever the retries."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse

from minsheng.accounts.selectors import office_users_for
from minsheng.common.schedules import OfficeShare, share_filter
from minsheng.common.services import notification_send, notification_send_once

from ..duty import MISSING_INFO, MISSING_SUGGESTION
from ..models import DutyReminder, Observer
from ..selectors import duty_statuses, observers_term_expiring


def duty_reminders_send(*, year: int, month: int, share: OfficeShare | None = None) -> int:
    """Remind each active observer short of this month's information or suggestion; returns the count. With a
    `share` (an office's entry of the scheduled job), only the observers that office appointed."""
    observers = Observer.objects.filter(status=Observer.Status.ACTIVE).select_related("user", "organisation")
    observers = share_filter(observers, share=share, org_of=lambda o: o.organisation)
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


def term_expiry_notices_send(*, as_of: date, share: OfficeShare | None = None) -> int:
    """Tell each observer whose term ends within 30 days, and the office, once per term; returns observers told."""
    told = 0
    expiring = observers_term_expiring(as_of=as_of).select_related("user", "organisation")
    for observer in share_filter(expiring, share=share, org_of=lambda o: o.organisation):
        ends = f"{observer.term_ends_on.year}年{observer.term_ends_on.month}月{observer.term_ends_on.day}日"
        key = f"observers.term:{observer.pk}:{observer.term_ends_on:%Y%m%d}"
        sent = notification_send_once(
            key=key,
            recipients=[observer.user],
            title=f"您的观察员聘期将于{ends}届满",
            body="聘期届满后不再计入履职统计。续聘事宜请联系专班办公室。",
            url=reverse("observers:home"),
            kind="observers.term",
        )
        notification_send_once(
            key=key,
            recipients=office_users_for(org=observer.organisation),
            title=f"观察员{observer.name}的聘期将于{ends}届满",
            body="请办理续聘或解聘。",
            url=reverse("observers:roster") + "?term=expiring",
            kind="observers.term",
        )
        told += bool(sent)
    return told
