"""The public side of a project: 工作动态, policy documents and 意见建议 from the public page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from minsheng.accounts.models import Organisation
from minsheng.common.codes import new_code
from projects.models import Project

OPINION_CODE_PREFIX = "YJ"


def new_opinion_code() -> str:
    return new_code(OPINION_CODE_PREFIX)


class UpdateKind(models.TextChoices):
    """What a unit publishes on a project's page (the activity the 1-9月 通报 counts: 本地化更新 and 工作动态)."""

    NEWS = "news", "工作动态"
    LOCAL = "local", "本地化更新"


class Hideable(models.Model):
    """An item the office can hide from the public with a reason (the publishing unit sees it and why); the
    unit's own 撤回 is `is_published`, kept apart so a unit cannot undo the office's decision."""

    hidden_reason = models.CharField("隐藏原因", max_length=300, blank=True)
    hidden_at = models.DateTimeField("隐藏时间", null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="隐藏人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return self.is_published and self.hidden_at is None


class PublicUpdate(Hideable):
    """工作动态 or 本地化更新 shown on a project's public page, published by the office, a department of the
    project or a county with a target in it (`unit`; empty = 专班办公室)."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="public_updates"
    )
    kind = models.CharField("类别", max_length=10, choices=UpdateKind.choices, default=UpdateKind.NEWS)
    unit = models.ForeignKey(
        Organisation,
        verbose_name="发布单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_updates",
        help_text="为空时为专班办公室发布",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    published_on = models.DateField("发布日期")
    is_published = models.BooleanField("公开", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, null=True)
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
        indexes = [models.Index(fields=["unit", "kind"], name="update_unit_kind")]

    def __str__(self) -> str:
        return self.title


def update_photo_path(instance, filename: str) -> str:
    return f"progress/updates/{uuid.uuid4().hex}.jpg"


class PublicUpdatePhoto(models.Model):
    """A photo of a 工作动态, re-encoded without EXIF (minsheng.common.photos); the position the phone wrote is
    kept on the row for the office only, never in the file."""

    update = models.ForeignKey(
        PublicUpdate, verbose_name="工作动态", on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField("照片", upload_to=update_photo_path, max_length=200)
    mime = models.CharField("类型", max_length=100)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = "动态照片"
        verbose_name_plural = "动态照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name or f"照片 {self.pk}"


def policy_path(instance, filename: str) -> str:
    return f"progress/policy/{uuid.uuid4().hex}.pdf"


class PolicyDocument(Hideable):
    """A policy document published with a project (码上通 政策文件) by the office or a unit of the project."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="policy_documents"
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name="发布单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_documents",
        help_text="为空时为专班办公室发布",
    )
    title = models.CharField("文件标题", max_length=200)
    issuer = models.CharField("发文单位", max_length=100, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    summary = models.TextField("内容摘要", blank=True)
    published_on = models.DateField("发布日期")
    file = models.FileField("PDF 文件", upload_to=policy_path, max_length=200, blank=True)
    mime = models.CharField("类型", max_length=100, blank=True)
    is_published = models.BooleanField("公开", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, null=True)
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
    """An 意见建议 from the public page, with a receipt code (查询码) the resident looks up with the last four
    digits of the phone. It is routed to the unit that answers (the county of the row the resident chose, else
    the lead department) with a reply deadline; that unit or the office replies, or the office marks it as spam
    (not counted in the 处理率). Contact data and the submitting address never appear publicly; the address
    is shown to staff masked."""

    class State(models.TextChoices):
        RECEIVED = "received", "待处理"
        HANDLED = "handled", "已办结"
        SPAM = "spam", "垃圾信息"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="opinions"
    )
    code = models.CharField("查询码", max_length=12, unique=True, null=True, blank=True, editable=False)
    content = models.TextField("意见建议", max_length=2000)
    county = models.ForeignKey(
        Organisation,
        verbose_name="所在县市区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_opinions",
        help_text="负责答复的单位：群众选择的县市区，否则为项目牵头单位；为空时由专班办公室答复",
    )
    reply_due = models.DateField("答复期限", null=True, blank=True)
    contact_name = models.CharField("姓名", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    submitted_from = models.GenericIPAddressField(
        "提交地址", null=True, blank=True, help_text="客户端地址（审计用，页面上只显示掩码）"
    )
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
    # Who marked it as spam and when: the history rows (history_user), written by the services.
    history = HistoricalRecords(excluded_fields=["submitted_from"])

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["project", "submitted_at"], name="opinion_project_time"),
            models.Index(fields=["unit", "state"], name="opinion_unit_state"),
        ]

    def __str__(self) -> str:
        return self.content[:30]

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = new_opinion_code()
        super().save(*args, **kwargs)


# The office's moves on an 意见建议 (services check them): reply (→ 已办结), mark as spam, undo a spam mark.
OPINION_TRANSITIONS: dict[str, set[str]] = {
    PublicOpinion.State.RECEIVED: {PublicOpinion.State.HANDLED, PublicOpinion.State.SPAM},
    PublicOpinion.State.HANDLED: set(),
    PublicOpinion.State.SPAM: {PublicOpinion.State.RECEIVED},
}


class PosterPrint(models.Model):
    """A unit printed a project's A4 亮码 poster from its publishing page (a recorded act, input of the 信息公开
    estimate), then may mark it 已张贴 on site with where. Anonymous downloads of the poster are not recorded.
    Every print and every 已张贴 mark is kept in the history (who, when)."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="poster_prints"
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name="打印单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="poster_prints",
        help_text="为空时为专班办公室打印",
    )
    printed_at = models.DateTimeField("打印时间")
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="打印人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    posted_at = models.DateTimeField("张贴登记时间", null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="张贴登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site = models.CharField("张贴地点", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "公示海报打印"
        verbose_name_plural = "公示海报打印"
        ordering = ["-printed_at", "-id"]
        indexes = [models.Index(fields=["unit", "project"], name="poster_unit_project")]

    def __str__(self) -> str:
        return f"{self.project} 海报"

    @property
    def is_posted(self) -> bool:
        return self.posted_at is not None
