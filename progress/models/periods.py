"""Reporting periods (one programme month), their lifecycle audit, the roll-up change stamp, and the
reminder log that keeps the deadline reminders idempotent."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from minsheng.accounts.models import Organisation
from projects.models import Programme

ERR_MONTH_RANGE = "月份须在 1 到 12 之间。"

SHANGHAI = ZoneInfo("Asia/Shanghai")


def default_deadline(year: int, month: int) -> datetime:
    """The 5th of the next month at 18:00 Beijing time (day/hour configurable in settings)."""
    day = getattr(settings, "PROGRESS_DEADLINE_DAY", 5)
    hour = getattr(settings, "PROGRESS_DEADLINE_HOUR", 18)
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime.combine(datetime(y, m, day).date(), time(hour), tzinfo=SHANGHAI)


class ReportingPeriod(models.Model):
    """One month of one programme: counties report cumulative values up to its end."""

    class State(models.TextChoices):
        OPEN = "open", "填报中"
        CLOSED = "closed", "已截止"

    programme = models.ForeignKey(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="periods"
    )
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    deadline = models.DateTimeField("报送截止时间")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)

    class Meta:
        verbose_name = "调度月份"
        verbose_name_plural = "调度月份"
        ordering = ["-programme__year", "programme_id", "month"]
        constraints = [models.UniqueConstraint(fields=["programme", "month"], name="period_one_per_month")]

    def __str__(self) -> str:
        return f"{self.programme.year} 年 1-{self.month} 月"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def is_late(self, at) -> bool:
        """Whether something done at `at` (a submission) is past this period's deadline."""
        return at is not None and at > self.deadline

    @property
    def year(self) -> int:
        return self.programme.year

    @property
    def label(self) -> str:
        return f"{self.programme.year} 年 1-{self.month} 月"


class PeriodEvent(models.Model):
    """The audit row of a period's lifecycle: opened, deadline extended, locked (who, when, old, new, why)."""

    class Action(models.TextChoices):
        OPEN = "open", "开启填报"
        EXTEND = "extend", "延长截止时间"
        LOCK = "lock", "锁定"

    period = models.ForeignKey(
        ReportingPeriod, verbose_name="调度月份", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    old_deadline = models.DateTimeField("原截止时间", null=True, blank=True)
    new_deadline = models.DateTimeField("新截止时间", null=True, blank=True)
    comment = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "调度月份操作记录"
        verbose_name_plural = "调度月份操作记录"
        ordering = ["period", "at", "id"]

    def __str__(self) -> str:
        return f"{self.period} · {self.get_action_display()}"


class RollupStamp(models.Model):
    """A random token per programme, renewed by every service that changes its figures or periods.

    The cached roll-ups are keyed by it; it lives in the database so that a rolled-back transaction (or
    test) rolls the stamp back together with the data it describes."""

    programme = models.OneToOneField(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField("版本", max_length=32)
    changed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "汇总版本"
        verbose_name_plural = "汇总版本"

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.token}"


class ReminderLog(models.Model):
    """One row per (period, county): makes the deadline reminder task idempotent."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name="调度月份", on_delete=models.CASCADE, related_name="+"
    )
    county = models.ForeignKey(
        Organisation, verbose_name="县市区", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField("提醒时间")
    recipients = models.PositiveSmallIntegerField("人数", default=0)

    class Meta:
        verbose_name = "报送提醒记录"
        verbose_name_plural = "报送提醒记录"
        constraints = [models.UniqueConstraint(fields=["period", "county"], name="reminder_once_per_county")]

    def __str__(self) -> str:
        return f"{self.period} · {self.county}"
