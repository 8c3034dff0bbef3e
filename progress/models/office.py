"""The office's own records: each county's 信息公开 score (letters are the reports app's documents)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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


# The estimate's components and their default weights (the office changes them on the weights page).
DISCLOSURE_DEFAULT_WEIGHTS = {"figures": 3, "opinions": 2, "publishing": 1, "posters": 1}
ERR_WEIGHT_NEGATIVE = "权重不能为负数。"
ERR_WEIGHTS_ALL_ZERO = "至少有一项的权重须大于 0。"


class DisclosureWeights(models.Model):
    """How the office weighs the inputs of a programme's 信息公开 estimate (progress.disclosure), with the
    number of 工作动态 / 政策文件 a county is expected to publish each month. Audited (history)."""

    programme = models.OneToOneField(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="+"
    )
    weights = models.JSONField("各项权重", default=dict, help_text="{组成项: 权重}，权重为 0 的项不计入")
    items_per_month = models.PositiveSmallIntegerField("每月应发布工作动态和政策文件（条）", default=1)
    max_score = models.DecimalField(
        "满分", max_digits=5, decimal_places=2, default=6, validators=[MinValueValidator(0)]
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信息公开估算权重"
        verbose_name_plural = "信息公开估算权重"

    def __str__(self) -> str:
        return f"{self.programme} 信息公开估算权重"

    def clean(self) -> None:
        values = [Decimal(str(v)) for v in (self.weights or {}).values()]
        if any(v < 0 for v in values):
            raise ValidationError({"weights": ERR_WEIGHT_NEGATIVE})
        if values and not any(v > 0 for v in values):
            raise ValidationError({"weights": ERR_WEIGHTS_ALL_ZERO})

    def weight_map(self) -> dict[str, Decimal]:
        """Every known component's weight: the stored one, else the default."""
        stored = self.weights or {}
        keys = {*DISCLOSURE_DEFAULT_WEIGHTS, *stored}
        return {k: Decimal(str(stored.get(k, DISCLOSURE_DEFAULT_WEIGHTS.get(k, 0)))) for k in keys}
