"""A schedule in words: the crontab of a celery schedule or a PeriodicTask, described in Chinese, and its next run."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.utils import timezone
from django_celery_beat.models import PeriodicTask

MSG_TIME_INVALID = "请按“时:分”填写运行时间，例如 00:10。"
MSG_DAYS_INVALID = "请填写每月的第几日（1 到 28，保证每个月都运行），多个日期用逗号分隔，例如 1,11,21。"
MSG_INTERVAL_INVALID = "间隔须为 1 到 59 之间的整数（分钟）。"
MSG_DISABLED = "已停用"
MSG_NO_DESCRIPTION = "（未填写说明）"

CRON_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
WEEKDAYS = "日一二三四五六日"  # celery: 0 and 7 are Sunday


def cron_of_schedule(schedule) -> str:
    """The five crontab fields of a celery ``crontab`` as one string (internal key, never shown to a person)."""
    if not hasattr(schedule, "_orig_minute"):
        raise TypeError(f"CELERY_BEAT_SCHEDULE 只支持 crontab 定时规则，收到 {schedule!r}")
    return " ".join(str(getattr(schedule, f"_orig_{f}")).replace(" ", "") for f in CRON_FIELDS)


def cron_of_task(task: PeriodicTask) -> str:
    """The same string for a PeriodicTask ('' when it is not on a crontab)."""
    c = task.crontab
    return " ".join(str(getattr(c, f)).replace(" ", "") for f in CRON_FIELDS) if c else ""


def _ints(field: str, low: int, high: int) -> list[int] | None:
    """'1,11,21' or '1-5' -> the numbers; None when the field is '*', a step or out of range."""
    out: list[int] = []
    for part in field.split(","):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            return None
        a, b = int(m[1]), int(m[2] or m[1])
        if a > b or a < low or b > high:
            return None
        out.extend(range(a, b + 1))
    return sorted(set(out))


def describe_cron(cron: str) -> str:
    """A crontab in words: '每月1日 00:10', '每天 09:00', '每 15 分钟', '每年1月、4月的8日 08:00'."""
    minute, hour, dom, moy, dow = cron.split()
    step = re.fullmatch(r"\*/(\d+)", minute)
    if step and hour == dom == moy == dow == "*":
        return f"每 {int(step[1])} 分钟"
    if minute == hour == dom == moy == dow == "*":
        return "每分钟"
    minutes, hours = _ints(minute, 0, 59), _ints(hour, 0, 23)
    if minutes and hour == "*" and dom == moy == dow == "*":
        return "每小时第 " + "、".join(str(m) for m in minutes) + " 分"
    days, months, weekdays = _ints(dom, 1, 31), _ints(moy, 1, 12), _ints(dow, 0, 7)
    if not (minutes and hours) or (dom != "*" and not days) or (moy != "*" and not months):
        return _describe_fields(minute, hour, dom, moy, dow)
    if dow != "*" and not weekdays:
        return _describe_fields(minute, hour, dom, moy, dow)
    at = "、".join(f"{h:02d}:{m:02d}" for h in hours for m in minutes)
    on_days = "、".join(f"{d}日" for d in days or [])
    if weekdays and not days and not months:
        return "每周" + "、".join(WEEKDAYS[d] for d in sorted({d % 7 for d in weekdays})) + f" {at}"
    if days and not months and not weekdays:
        return f"每月{on_days} {at}"
    if days and months and not weekdays:
        return "每年" + "、".join(f"{m}月" for m in months) + f"的{on_days} {at}"
    if not days and not months and not weekdays:
        return f"每天 {at}"
    return _describe_fields(minute, hour, dom, moy, dow)


def _describe_fields(minute, hour, dom, moy, dow) -> str:
    def part(value, unit):
        return "每" + unit if value == "*" else f"{value.replace('*/', '每隔 ')}{unit}"

    return "自定义时间：" + "，".join(
        [part(moy, "月"), part(dom, "日"), part(dow, "（星期）"), part(hour, "时"), part(minute, "分")]
    )


def next_run(task: PeriodicTask, now: datetime | None = None) -> datetime | None:
    """When beat will next start this task (None: disabled or not on a crontab)."""
    if not task.enabled or not task.crontab:
        return None
    sched = task.crontab.schedule
    now = now or timezone.now()
    local = now.astimezone(sched.tz) if getattr(sched, "tz", None) else timezone.localtime(now)
    at = now + sched.remaining_estimate(local)
    return (at + timedelta(seconds=30)).replace(second=0, microsecond=0)  # estimates are a few µs short


def task_label(task: PeriodicTask) -> str:
    return task.description or MSG_NO_DESCRIPTION


def describe_task(task: PeriodicTask) -> str:
    if task.crontab:
        return describe_cron(cron_of_task(task))
    if task.interval:
        return f"每隔 {task.interval.every} {task.interval.get_period_display()}"
    return "一次性或其他规则"
