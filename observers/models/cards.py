"""信息采集卡: one card per project, versioned so old reports keep the questions they answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from projects.models import Project


class ItemKind(models.TextChoices):
    YES_NO = "yesno", "是/否"
    NUMBER = "number", "数值"
    TEXT = "text", "文字"
    PHOTO = "photo", "须拍照"


class InfoCard(models.Model):
    """The check-list of a project, taken from its acceptance standard."""

    project = models.OneToOneField(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="info_card"
    )
    title = models.CharField("采集卡名称", max_length=200)
    standard = models.TextField("建设（验收）标准", blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "信息采集卡"
        verbose_name_plural = "信息采集卡"
        ordering = ["project"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> CardVersion | None:
        return self.versions.order_by("-number").first()


class CardVersion(models.Model):
    """A frozen set of check items; editing a card makes a new version."""

    card = models.ForeignKey(
        InfoCard, verbose_name="采集卡", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本号")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("修订说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "采集卡版本"
        verbose_name_plural = "采集卡版本"
        ordering = ["card", "-number"]
        constraints = [models.UniqueConstraint(fields=["card", "number"], name="card_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.card} 第{self.number}版"


class CardItem(models.Model):
    """One check item (察看要点) of a card version."""

    version = models.ForeignKey(
        CardVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="items"
    )
    seq = models.PositiveSmallIntegerField("序号")
    text = models.CharField("察看要点", max_length=300)
    kind = models.CharField("填写方式", max_length=10, choices=ItemKind.choices, default=ItemKind.YES_NO)
    unit = models.CharField("单位", max_length=20, blank=True)

    class Meta:
        verbose_name = "察看要点"
        verbose_name_plural = "察看要点"
        ordering = ["version", "seq"]
        constraints = [models.UniqueConstraint(fields=["version", "seq"], name="card_item_unique_seq")]

    def __str__(self) -> str:
        return self.text
