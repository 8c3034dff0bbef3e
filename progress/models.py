"""Monthly progress: periods, figures (one per county × indicator × month), their history and evidence,
plus the public side of a project (updates, policy documents, 意见建议) and the office's letters."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from minsheng.accounts.models import Organisation
from projects.models import IndicatorTarget, Programme, Project

ERR_NEGATIVE = "数值不能为负数。"
ERR_PERCENT_RANGE = "形象进度须在 0 到 100 之间。"
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


class FigureState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    VERIFIED = "verified", "已审核"
    DEDUCTED = "deducted", "已核减"
    LOCKED = "locked", "已锁定"


# The allowed-transitions table: state → states a service may move it to.
TRANSITIONS: dict[str, set[str]] = {
    FigureState.DRAFT: {FigureState.SUBMITTED},
    FigureState.SUBMITTED: {FigureState.VERIFIED, FigureState.RETURNED, FigureState.DEDUCTED},
    FigureState.RETURNED: {FigureState.SUBMITTED},
    FigureState.VERIFIED: {FigureState.LOCKED, FigureState.DEDUCTED, FigureState.RETURNED},
    FigureState.DEDUCTED: {FigureState.LOCKED, FigureState.RETURNED},
    FigureState.LOCKED: set(),
}
EDITABLE_STATES = {FigureState.DRAFT, FigureState.RETURNED}
ACCEPTED_STATES = {FigureState.VERIFIED, FigureState.DEDUCTED, FigureState.LOCKED}


def effective_value(state: str, value, verified):
    """Verified value once the office accepted the figure, the reported one while submitted, else None."""
    if state in ACCEPTED_STATES and verified is not None:
        return verified
    if state in (FigureState.SUBMITTED, FigureState.RETURNED):
        return value
    return None


def _decimal(label: str, **kw) -> models.DecimalField:
    return models.DecimalField(label, max_digits=16, decimal_places=4, null=True, blank=True, **kw)


class Figure(models.Model):
    """A county's cumulative figure for one indicator and month (累计完成), and its verification."""

    target = models.ForeignKey(
        IndicatorTarget, verbose_name="任务", on_delete=models.PROTECT, related_name="figures"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="调度月份", on_delete=models.PROTECT, related_name="figures"
    )
    value = _decimal("累计完成（报送）")
    progress_percent = models.DecimalField(
        "形象进度（%）", max_digits=6, decimal_places=2, null=True, blank=True
    )
    planned_investment = _decimal("计划投资（万元）")
    completed_investment = _decimal("完成投资（万元）")
    narrative = models.TextField("进展情况", blank=True)
    fall_reason = models.CharField("低于上月核定值的原因", max_length=300, blank=True)
    verified_value = _decimal("核定值")
    deduction_reason = models.CharField("核减原因", max_length=300, blank=True)
    review_comment = models.CharField("审核意见", max_length=300, blank=True)
    state = models.CharField("状态", max_length=12, choices=FigureState.choices, default=FigureState.DRAFT)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    verified_at = models.DateTimeField("审核时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_demo = models.BooleanField("演示数据", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度数据"
        verbose_name_plural = "月度数据"
        ordering = ["period", "target"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="figure_one_per_target_month"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="figure_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(verified_value__isnull=True) | Q(verified_value__gte=0),
                name="figure_verified_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self) -> str:
        return f"{self.target} · {self.period}"

    def clean(self) -> None:
        errors = {}
        for name in ("value", "verified_value", "planned_investment", "completed_investment"):
            v = getattr(self, name)
            if v is not None and v < 0:
                errors[name] = ERR_NEGATIVE
        if self.progress_percent is not None and not (0 <= self.progress_percent <= 100):
            errors["progress_percent"] = ERR_PERCENT_RANGE
        if errors:
            raise ValidationError(errors)

    @property
    def effective_value(self):
        """The value the status is computed from: the verified one once accepted, else the reported one."""
        return effective_value(self.state, self.value, self.verified_value)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class FigureTransition(models.Model):
    """The audit row of every state change, value change or 核减 (who, when, from, to, old, new, why)."""

    class Source(models.TextChoices):
        WEB = "web", "网页填报"
        IMPORT = "import", "表格导入"
        REVIEW = "review", "审核"
        SYSTEM = "system", "系统"
        DEMO = "demo", "演示数据"

    figure = models.ForeignKey(
        Figure, verbose_name="月度数据", on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    from_state = models.CharField("原状态", max_length=12, choices=FigureState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=12, choices=FigureState.choices)
    old_value = _decimal("原值")
    new_value = _decimal("新值")
    comment = models.CharField("说明", max_length=300, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.WEB)

    class Meta:
        verbose_name = "状态变更记录"
        verbose_name_plural = "状态变更记录"
        ordering = ["figure", "at", "id"]

    def __str__(self) -> str:
        return f"{self.figure_id}: {self.from_state}→{self.to_state}"


def evidence_path(instance, filename: str) -> str:
    # Random names: the original name is kept in a column, never in the path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"progress/evidence/{instance.figure.period.programme.year}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A 佐证材料 file of one figure; served only through a permission-checked view."""

    figure = models.ForeignKey(
        Figure, verbose_name="月度数据", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    mime = models.CharField("类型", max_length=120)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["figure", "id"]

    def __str__(self) -> str:
        return self.original_name


class DisclosureScore(models.Model):
    """信息公开 score of a county for a month, entered by the office (max from settings, 6 in 2024)."""

    programme = models.ForeignKey(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="+"
    )
    county = models.ForeignKey(
        Organisation, verbose_name="县市区", on_delete=models.PROTECT, related_name="+"
    )
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    score = models.DecimalField("得分", max_digits=7, decimal_places=4, validators=[MinValueValidator(0)])
    max_score = models.DecimalField("满分", max_digits=5, decimal_places=2, default=6)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信息公开得分"
        verbose_name_plural = "信息公开得分"
        constraints = [
            models.UniqueConstraint(fields=["programme", "county", "month"], name="disclosure_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.month} 月 {self.score}"

    def clean(self) -> None:
        if self.score is not None and self.max_score is not None and self.score > self.max_score:
            raise ValidationError({"score": ERR_SCORE_OVER_MAX})


ERR_SCORE_OVER_MAX = "得分不能超过满分。"


class PublicUpdate(models.Model):
    """工作动态 shown on a project's public page."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="public_updates"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    published_on = models.DateField("发布日期")
    is_published = models.BooleanField("公开", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作动态"
        verbose_name_plural = "工作动态"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


def policy_path(instance, filename: str) -> str:
    return f"progress/policy/{uuid.uuid4().hex}.pdf"


class PolicyDocument(models.Model):
    """A policy document published with a project (码上通 政策文件)."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="policy_documents"
    )
    title = models.CharField("文件标题", max_length=200)
    issuer = models.CharField("发文单位", max_length=100, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    summary = models.TextField("内容摘要", blank=True)
    published_on = models.DateField("发布日期")
    file = models.FileField("PDF 文件", upload_to=policy_path, max_length=200, blank=True)
    is_published = models.BooleanField("公开", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class PublicOpinion(models.Model):
    """An 意见建议 from the public page; the office replies. Contact data never appears publicly."""

    class State(models.TextChoices):
        RECEIVED = "received", "待处理"
        HANDLED = "handled", "已办结"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="opinions"
    )
    content = models.TextField("意见建议", max_length=2000)
    contact_name = models.CharField("姓名", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RECEIVED)
    reply = models.TextField("答复", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish_reply = models.BooleanField("公开答复", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.content[:30]


class Letter(models.Model):
    """A 温馨提示函 / 工作提示函 / 工作交办函 record with its reply deadline and the unit's reply."""

    class Kind(models.TextChoices):
        GENTLE = "gentle", "温馨提示函"
        WORK = "work", "工作提示函"
        ASSIGN = "assign", "工作交办函"

    class State(models.TextChoices):
        ISSUED = "issued", "待回复"
        REPLIED = "replied", "已回复"

    programme = models.ForeignKey(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="+"
    )
    month = models.PositiveSmallIntegerField("针对月份", null=True, blank=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(
        Organisation, verbose_name="收函单位", on_delete=models.PROTECT, related_name="+"
    )
    indicators = models.ManyToManyField(
        "projects.Indicator", verbose_name="涉及指标", blank=True, related_name="+"
    )
    subject = models.CharField("事由", max_length=200)
    body = models.TextField("内容", blank=True)
    issued_at = models.DateTimeField("发函时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发函人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_deadline = models.DateField("回复期限")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.ISSUED)
    reply_text = models.TextField("回复内容", blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_auto = models.BooleanField("系统按月自动登记", default=False)
    history = HistoricalRecords(excluded_fields=["indicators"])

    class Meta:
        verbose_name = "提示函"
        verbose_name_plural = "提示函"
        ordering = ["-issued_at", "-id"]
        constraints = [
            # the monthly lagging-unit letters are issued once per unit and month (idempotent task)
            models.UniqueConstraint(
                fields=["programme", "month", "recipient"],
                condition=Q(is_auto=True),
                name="letter_auto_once_per_unit_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.recipient}"

    def is_overdue(self, on) -> bool:
        return self.state == self.State.ISSUED and on > self.reply_deadline


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
