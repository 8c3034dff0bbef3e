"""Public intake: solicitation campaigns (征集活动). Proposals themselves arrive with the intake issue."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from minsheng.accounts.models import Organisation

ERR_WINDOW = "征集截止时间必须晚于开始时间。"


class Channel(models.TextChoices):
    PUBLIC = "public", "公开征集"
    DIRECTED = "directed", "定向征集"
    THEMATIC = "thematic", "专题征集"
    ROUTINE = "routine", "常态化收集"


class Campaign(models.Model):
    """A solicitation window for next year's projects (e.g. 2023-10-20 → 2023-11-20)."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        ARCHIVED = "archived", "已归档"

    organisation = models.ForeignKey(Organisation, verbose_name="征集单位", on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField("征集年度", help_text="征集的是哪一年的实事项目")
    title = models.CharField("标题", max_length=200)
    announcement = models.TextField("公告", blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("截止时间")
    levels = models.JSONField("可建议的项目级别", default=list, blank=True)
    channels = models.JSONField("征集渠道", default=list, blank=True)
    min_per_unit = models.PositiveSmallIntegerField("每单位最少报送数", default=2)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "征集活动"
        verbose_name_plural = "征集活动"
        ordering = ["-starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="campaign_window_order")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": ERR_WINDOW})

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.state == self.State.PUBLISHED and self.starts_at <= at < self.ends_at
