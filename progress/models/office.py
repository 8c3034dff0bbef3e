"""The office's own records: each county's 信息公开 score and the letters (提示函) with their replies."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from minsheng.accounts.models import Organisation
from projects.models import Programme


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
