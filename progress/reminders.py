"""Deadline reminders to the clerks of counties that still have unsubmitted figures: two days before the
deadline, on the day, and once it has passed. Each reminder reaches each person once per period and kind
(minsheng.common NoticeOnce), however often the daily task runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse

from minsheng.accounts.selectors import unit_users
from minsheng.common.schedules import OfficeShare, share_filter
from minsheng.common.services import notification_send_once

from .models import SHANGHAI, ReportingPeriod
from .selectors import city_self_missing_by_department, is_city_self, submission_status

REMIND_DAYS_BEFORE = 2
BEFORE, TODAY, OVERDUE = "before", "today", "overdue"
KINDS = (BEFORE, TODAY, OVERDUE)
REMINDER_TITLES = {
    BEFORE: "{label}进度将于 {deadline} 截止报送",
    TODAY: "今天截止：{label}进度请于 {time} 前报送",
    OVERDUE: "{label}进度已过报送截止时间，请尽快补报",
}
REMINDER_BODY = "贵单位尚有 {missing} 项指标未报送，请于截止时间前完成填报并上传佐证材料。"
OVERDUE_BODY = "贵单位尚有 {missing} 项指标未报送（截止时间 {deadline}），现在报送将标记为“逾期报送”。"


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def periods_due(*, today: date, kind: str = BEFORE) -> list[ReportingPeriod]:
    """Open periods a reminder of this kind is due for on `today` (Beijing time): the deadline is in
    REMIND_DAYS_BEFORE days, is today, or was before today."""
    qs = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).select_related(
        "programme__organisation"
    )
    if kind == OVERDUE:
        qs = qs.filter(deadline__lt=_day_start(today))
    else:
        start = _day_start(today + timedelta(days=REMIND_DAYS_BEFORE if kind == BEFORE else 0))
        qs = qs.filter(deadline__gte=start, deadline__lt=start + timedelta(days=1))
    return list(qs)


def period_remind_unsubmitted(*, period: ReportingPeriod, now: datetime, kind: str = BEFORE) -> int:
    """Remind the clerks of every county with unsubmitted figures (each person once per period and kind);
    returns how many counties had someone newly reminded."""
    deadline = period.deadline.astimezone(SHANGHAI)
    title = REMINDER_TITLES[kind].format(
        label=period.label, deadline=deadline.strftime("%-m月%-d日 %H:%M"), time=deadline.strftime("%H:%M")
    )
    body = OVERDUE_BODY if kind == OVERDUE else REMINDER_BODY
    url = reverse("progress:county_month", kwargs={"period_id": period.pk})
    # The city's own rows (市本级) have no clerks: each lead department is reminded of its own ones.
    reached = [
        (unit_users(unit=row["county"]), row["missing"], url)
        for row in submission_status(period=period, now=now)
        if row["missing"] > 0 and not is_city_self(row["county"])
    ]
    own_url = reverse("progress:department_month", kwargs={"period_id": period.pk})
    reached += [
        (unit_users(unit=dept), missing, own_url)
        for dept, missing in city_self_missing_by_department(period=period)
    ]
    n = 0
    for recipients, missing, link in reached:
        with transaction.atomic():
            sent = notification_send_once(
                key=f"progress.deadline.{kind}:{period.pk}",
                recipients=recipients,
                kind="progress_deadline",
                title=title,
                body=body.format(missing=missing, deadline=deadline.strftime("%-m月%-d日 %H:%M")),
                url=link,
            )
        n += bool(sent)
    return n


def deadline_reminders_send(*, now: datetime, share: OfficeShare | None = None) -> int:
    """All three kinds for today (the daily task): how many county reminders went out. With a `share` (an office's
    entry of the scheduled job), only that office's programmes."""
    today = now.astimezone(SHANGHAI).date()
    return sum(
        period_remind_unsubmitted(period=p, now=now, kind=kind)
        for kind in KINDS
        for p in share_filter(
            periods_due(today=today, kind=kind), share=share, org_of=lambda p: p.programme.organisation
        )
    )
