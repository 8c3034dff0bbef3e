"""Field reports from observers, their photos, and the problems (findings) each one raises."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from minsheng.accounts.models import Organisation
from minsheng.common.files import suffix_for
from projects.models import Project

from .cards import CardVersion
from .roster import Observer


class VisitKind(models.TextChoices):
    SURVEY = "survey", "集中调研"
    SNAPSHOT = "snapshot", "随手拍"
    NOTE = "note", "随手记"
    UNANNOUNCED = "unannounced", "明察暗访"
    SPECIAL = "special", "专项检查"
    WRITTEN = "written", "书面报告"


def _photo_path(instance, filename: str) -> str:
    return f"observers/photos/{instance.report_id or 'new'}/{uuid.uuid4().hex}{suffix_for(instance.mime)}"


def _document_path(instance, filename: str) -> str:
    # The suffix follows the sniffed type, never the uploader's file name.
    return f"observers/documents/{uuid.uuid4().hex}{suffix_for(instance.document_mime)}"


class FieldReport(models.Model):
    """What an observer saw on one visit (or a written report); a draft until submitted."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"

    observer = models.ForeignKey(
        Observer, verbose_name="观察员", on_delete=models.PROTECT, related_name="reports"
    )
    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observer_reports",
    )
    card_version = models.ForeignKey(
        CardVersion,
        verbose_name="所用采集卡版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    kind = models.CharField("观察方式", max_length=20, choices=VisitKind.choices, default=VisitKind.SNAPSHOT)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    visited_on = models.DateField("观察日期")
    town = models.CharField("乡镇（街道）", max_length=100, blank=True)
    place = models.CharField("村（社区）/具体地点", max_length=200, blank=True)
    # Which county the report concerns, so the office routes it without guessing: chosen by the observer, or
    # inferred from the project's 任务分解表 rows (one county) or the observer's own county (report_save).
    county = models.ForeignKey(
        Organisation,
        verbose_name="所在县市区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observer_reports",
        limit_choices_to={"kind": Organisation.Kind.COUNTY},
    )
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    answers = models.JSONField("采集卡答案", default=dict, blank=True, help_text="以察看要点 id 为键")
    content = models.TextField("情况记录", blank=True)
    suggestions = models.TextField("意见建议", blank=True)
    residents_said = models.TextField("群众反映", blank=True)
    document = models.FileField("附件（调研报告等）", upload_to=_document_path, blank=True)
    document_mime = models.CharField("附件类型", max_length=100, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_demo = models.BooleanField("演示数据", default=False)
    # Made by the phone when the observer taps 提交; a report sent again from the outbox (lost answer, sync
    # retry) carries the same key and is answered with the report already stored, never filed twice.
    client_key = models.UUIDField("客户端报送标识", null=True, blank=True, editable=False)
    # The office's answer to the observer's 意见建议 (counted on the observer's duty page as answered or not).
    suggestion_reply = models.TextField("意见建议答复", blank=True)
    suggestion_replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    suggestion_replied_by = models.ForeignKey(
        "accounts.User",
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "观察信息"
        verbose_name_plural = "观察信息"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["observer", "state", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False), name="report_submitted_has_time"
            ),
            models.UniqueConstraint(
                fields=["observer", "client_key"],
                condition=Q(client_key__isnull=False),
                name="report_unique_client_key",
                violation_error_message="这条观察信息已经报送过了，不会重复报送。",
            ),
        ]

    def __str__(self) -> str:
        target = self.project.name if self.project_id else "综合"
        return f"{self.get_kind_display()} · {target} · {self.visited_on:%Y-%m-%d}"


class ReportPhoto(models.Model):
    """A re-encoded JPEG (no EXIF, no GPS) attached to a report."""

    report = models.ForeignKey(
        FieldReport, verbose_name="观察信息", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField("照片", upload_to=_photo_path)
    mime = models.CharField("类型", max_length=100)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "现场照片"
        verbose_name_plural = "现场照片"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name or self.image.name


class Finding(models.Model):
    """One problem an observer found; the office sorts it and may hand it off."""

    class State(models.TextChoices):
        NEW = "new", "待研判"
        NO_ACTION = "no_action", "无需交办"
        DUPLICATE = "duplicate", "重复问题"
        HANDED_OFF = "handed_off", "已交办"

    class Category(models.TextChoices):
        PROGRESS = "progress", "进度滞后"
        QUALITY = "quality", "质量问题"
        SAFETY = "safety", "安全隐患"
        FACILITY = "facility", "配套不全"
        SERVICE = "service", "管理服务"
        FUNDS = "funds", "资金问题"
        DEMAND = "demand", "群众诉求"
        OTHER = "other", "其他"

    class Severity(models.TextChoices):
        LOW = "low", "一般"
        MEDIUM = "medium", "较重"
        HIGH = "high", "严重"

    report = models.ForeignKey(
        FieldReport, verbose_name="观察信息", on_delete=models.CASCADE, related_name="findings"
    )
    seq = models.PositiveSmallIntegerField("序号", default=1)
    description = models.TextField("问题描述")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.NEW)
    category = models.CharField("问题类别", max_length=20, choices=Category.choices, blank=True)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="重复于",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    office_comment = models.TextField("研判意见", blank=True)
    is_published = models.BooleanField("对公众公开", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "发现问题"
        verbose_name_plural = "发现问题"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "seq"], name="finding_unique_seq"),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("id")), name="finding_not_duplicate_of_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:40]
