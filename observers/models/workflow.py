"""Hand-offs (提示函/提醒函/交办函) with their rectification, the event history, inspections, reminders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from minsheng.accounts.models import Organisation
from minsheng.common.files import suffix_for
from projects.models import Project

from .reports import Finding
from .roster import Observer


def _evidence_path(instance, filename: str) -> str:
    # The suffix follows the sniffed type, never the uploader's file name.
    return f"observers/evidence/{uuid.uuid4().hex}{suffix_for(instance.mime)}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIR = "fair", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class HandOff(models.Model):
    """A finding sent to the responsible county or department with a deadline; tracked until closed."""

    class Kind(models.TextChoices):
        TIP = "tip", "提示函"
        REMINDER = "reminder", "提醒函"
        ASSIGN = "assign", "交办函"

    class State(models.TextChoices):
        ISSUED = "issued", "已交办待整改"
        REPLIED = "replied", "已反馈待审核"
        RETURNED = "returned", "退回重新整改"
        CLOSED = "closed", "已办结"

    finding = models.OneToOneField(
        Finding, verbose_name="问题", on_delete=models.PROTECT, related_name="hand_off"
    )
    kind = models.CharField("交办方式", max_length=20, choices=Kind.choices)
    number = models.CharField("文号", max_length=60, blank=True)
    unit = models.ForeignKey(
        Organisation, verbose_name="责任单位", on_delete=models.PROTECT, related_name="hand_offs"
    )
    deadline = models.DateField("整改时限")
    instructions = models.TextField("交办要求", blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.ISSUED)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="交办人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("交办时间", auto_now_add=True)
    reply_text = models.TextField("整改情况", blank=True)
    replied_at = models.DateTimeField("反馈时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # The observer's follow-up visit (回访) after closure: a rating of the fix, or "仍未解决" which reopens it.
    satisfaction = models.CharField("回访满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("观察员重新提出次数", default=0)
    is_demo = models.BooleanField("演示数据", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题交办"
        verbose_name_plural = "问题交办"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.number and ' ' + self.number} → {self.unit}"

    def is_overdue(self, as_of) -> bool:
        return self.state in (self.State.ISSUED, self.State.RETURNED) and self.deadline < as_of


class HandOffEvidence(models.Model):
    """A rectification proof (photo, PDF, document) uploaded by the unit."""

    hand_off = models.ForeignKey(
        HandOff, verbose_name="交办", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("佐证材料", upload_to=_evidence_path)
    original_name = models.CharField("原文件名", max_length=200)
    mime = models.CharField("类型", max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改佐证"
        verbose_name_plural = "整改佐证"
        ordering = ["hand_off", "id"]

    def __str__(self) -> str:
        return self.original_name


class WorkflowEvent(models.Model):
    """History of a finding and its hand-off: who moved it, when, from what to what, and why."""

    finding = models.ForeignKey(Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="events")
    hand_off = models.ForeignKey(
        HandOff, verbose_name="交办", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20)
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_label or '—'} → {self.to_label}"

    def _label(self, value: str) -> str:
        """The Chinese name of a stored state: a hand-off's when the event is one, else the finding's."""
        states = HandOff.State if self.hand_off_id else Finding.State
        return dict(states.choices).get(value, value) if value else ""

    @property
    def from_label(self) -> str:
        return self._label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._label(self.to_state)


class Inspection(models.Model):
    """An organised visit (集中观察 / 专项检查): who went, which projects; counts toward the duty."""

    class Kind(models.TextChoices):
        CONCENTRATED = "concentrated", "集中观察"
        SPECIAL = "special", "专项检查"

    title = models.CharField("活动名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    places = models.CharField("地点（县市区）", max_length=300, blank=True)
    participants = models.ManyToManyField(
        Observer, verbose_name="参加人员", blank=True, related_name="inspections"
    )
    # Observers who signed up for a planned activity; only participants (who went) count toward the duty.
    registrants = models.ManyToManyField(
        Observer, verbose_name="报名人员", blank=True, related_name="inspection_sign_ups"
    )
    projects = models.ManyToManyField(
        Project, verbose_name="察看项目", blank=True, related_name="inspections"
    )
    summary = models.TextField("活动情况", blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "集中观察/专项检查"
        verbose_name_plural = "集中观察/专项检查"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class DutyReminder(models.Model):
    """A '四个一' reminder sent to one observer for one month (unique: the task is idempotent)."""

    observer = models.ForeignKey(
        Observer, verbose_name="观察员", on_delete=models.CASCADE, related_name="reminders"
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    sent_at = models.DateTimeField("提醒时间", auto_now_add=True)
    missing = models.CharField("欠缺事项", max_length=200, blank=True)

    class Meta:
        verbose_name = "履职提醒"
        verbose_name_plural = "履职提醒"
        constraints = [
            models.UniqueConstraint(fields=["observer", "year", "month"], name="duty_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.observer} {self.year}-{self.month:02d}"
