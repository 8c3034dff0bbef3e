"""Deadline reminders: counties that have not submitted everything are notified once per period."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from minsheng.accounts.models import Role, User
from minsheng.common.services import notification_send

from .models import SHANGHAI, ReminderLog, ReportingPeriod
from .selectors import submission_status

REMIND_DAYS_BEFORE = 2
REMINDER_TITLE = "{label}民生实事进度将于 {deadline} 截止报送"
REMINDER_BODY = "贵单位尚有 {missing} 项指标未报送，请于截止时间前完成填报并上传佐证材料。"


def periods_due(*, today: date) -> list[ReportingPeriod]:
    """Open periods whose deadline falls REMIND_DAYS_BEFORE days after `today` (Beijing time)."""
    day = today + timedelta(days=REMIND_DAYS_BEFORE)
    start = datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
    return list(
        ReportingPeriod.objects.filter(
            state=ReportingPeriod.State.OPEN, deadline__gte=start, deadline__lt=start + timedelta(days=1)
        ).select_related("programme")
    )


def period_remind_unsubmitted(*, period: ReportingPeriod, now: datetime) -> int:
    """Notify each county with unsubmitted figures once (ReminderLog makes it idempotent); returns counties."""
    n = 0
    for row in submission_status(period=period, now=now):
        if row["missing"] <= 0:
            continue
        county = row["county"]
        recipients = list(
            User.objects.filter(
                Q(organisation=county) | Q(organisation__parent=county), role=Role.COUNTY, is_active=True
            )
        )
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    period=period, county=county, sent_at=now, recipients=len(recipients)
                )
                notification_send(
                    recipients=recipients,
                    kind="progress_deadline",
                    title=REMINDER_TITLE.format(
                        label=period.label,
                        deadline=period.deadline.astimezone(SHANGHAI).strftime("%m月%d日 %H:%M"),
                    ),
                    body=REMINDER_BODY.format(missing=row["missing"]),
                    url=reverse("progress:county_month", kwargs={"period_id": period.pk}),
                )
        except IntegrityError:
            continue  # already reminded (a concurrent or repeated run)
        n += 1
    return n
