"""Figures (one per county × indicator × month), their state table, transitions and evidence files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from minsheng.common.files import suffix_for
from projects.models import IndicatorTarget

from .periods import ReportingPeriod

ERR_NEGATIVE = "数值不能为负数。"
ERR_PERCENT_RANGE = "形象进度须在 0 到 100 之间。"


# The organisation a figure belongs to (its programme's): the anchor of the office scope in querysets.
FIGURE_OWNER = "target__indicator__project__matter__programme__organisation"


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
    """Verified value once the office accepted the figure, the reported one while submitted, else None.

    A returned figure has no value: the office sent it back as wrong, so it never counts anywhere. Roll-ups
    (rankings, dashboard, 通报, open data) go further and count accepted values only (rollups.indicators)."""
    if state in ACCEPTED_STATES and verified is not None:
        return verified
    if state == FigureState.SUBMITTED:
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
    # The suffix follows the sniffed type, never the uploader's file name.
    return f"progress/evidence/{instance.figure.period.programme.year}/{uuid.uuid4().hex}{suffix_for(instance.mime)}"


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
    # A photo's EXIF position, read before the stored copy was re-encoded without it: shown to the office
    # reviewer only (the file itself, which the county and everyone else download, carries no position).
    latitude = models.DecimalField("拍摄位置纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("拍摄位置经度", max_digits=9, decimal_places=6, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["figure", "id"]

    def __str__(self) -> str:
        return self.original_name
