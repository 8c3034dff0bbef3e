"""The office's own records: each county's 信息公开 score (letters are the reports app's documents)."""

from __future__ import annotations

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
