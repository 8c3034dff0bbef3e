"""Generated documents: 通报 / 专报 / letters / 旬简报 / 季总结, their versions, files and history.

A Document is generated from a JSON snapshot of exactly the data used (so it can be reproduced), its
text sections are editable until it is issued; an issued document is numbered and immutable, and a new
version supersedes it (never overwrites). Files are served only through a permission-checked view.
"""

from __future__ import annotations

import json
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from minsheng.accounts.models import Organisation
from minsheng.common.files import suffix_for
from projects.models import Programme

ERR_ISSUED_LOCKED = "已印发的文件不可修改；如需更正，请生成新版本。"


class Kind(models.TextChoices):
    BULLETIN = "bulletin", "通报"
    NEWSLETTER = "newsletter", "专报"
    GENTLE = "gentle", "温馨提示函"
    WORK = "work", "工作提示函"
    ASSIGN = "assign", "工作交办函"
    REMINDER = "reminder", "提醒函"
    TENDAY = "tenday", "旬简报"
    QUARTERLY = "quarterly", "季总结"


LETTER_KINDS = (Kind.GENTLE, Kind.WORK, Kind.ASSIGN, Kind.REMINDER)
SUMMARY_KINDS = (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY)


class DocState(models.TextChoices):
    DRAFT = "draft", "草稿"
    EDITED = "edited", "已编辑"
    ISSUED = "issued", "已印发"
    SUPERSEDED = "superseded", "已被新版本替代"


# The allowed-transitions table: state → states a service may move it to.
TRANSITIONS: dict[str, set[str]] = {
    DocState.DRAFT: {DocState.EDITED, DocState.ISSUED},
    DocState.EDITED: {DocState.EDITED, DocState.ISSUED},
    DocState.ISSUED: {DocState.SUPERSEDED},
    DocState.SUPERSEDED: set(),
}
OPEN_STATES = (DocState.DRAFT, DocState.EDITED)


class ReplyState(models.TextChoices):
    """Reply tracking of an issued letter (the addressed unit replies, the office accepts or returns)."""

    NONE = "", "—"
    AWAITING = "awaiting", "待回复"
    REPLIED = "replied", "已回复待审核"
    ACCEPTED = "accepted", "已采纳"
    RETURNED = "returned", "已退回重新回复"


REPLY_TRANSITIONS: dict[str, set[str]] = {
    ReplyState.NONE: {ReplyState.AWAITING},
    ReplyState.AWAITING: {ReplyState.REPLIED},
    ReplyState.REPLIED: {ReplyState.ACCEPTED, ReplyState.RETURNED},
    ReplyState.RETURNED: {ReplyState.REPLIED},
    ReplyState.ACCEPTED: set(),
}
OPEN_REPLY_STATES = (ReplyState.AWAITING, ReplyState.RETURNED)


class RenderState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RENDERING = "rendering", "正在生成"
    READY = "ready", "已生成"
    FAILED = "failed", "生成失败"


def document_file_path(instance, filename: str) -> str:
    # Random names: files are never reachable by a guessable path (and MEDIA is not served for them).
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"reports/{instance.year}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    """One version of a generated document for a kind, scope (city or county) and period."""

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme, verbose_name="年度计划", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope = models.ForeignKey(
        Organisation, verbose_name="范围", on_delete=models.PROTECT, related_name="report_documents"
    )
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField(
        "期间", max_length=12, help_text="M09（1-9 月）、T09-2（9 月中旬）、Q3、N14（专报期）"
    )
    month = models.PositiveSmallIntegerField("截至月份", null=True, blank=True)
    # Letters: one per addressee and cause within a period (part of the one-draft constraint).
    key = models.CharField("区分键", max_length=40, blank=True, default="")
    addressee = models.ForeignKey(
        Organisation,
        verbose_name="收文单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_letters",
    )
    reply_deadline = models.DateField("回复期限", null=True, blank=True)
    reply_state = models.CharField(
        "回复状态", max_length=10, choices=ReplyState.choices, default=ReplyState.NONE, blank=True
    )
    title = models.CharField("标题", max_length=200)
    doc_date = models.DateField("成文日期")
    sections = models.JSONField("正文各部分", default=dict, blank=True, encoder=DjangoJSONEncoder)
    edited_sections = models.JSONField("已人工编辑的部分", default=list, blank=True)
    snapshot = models.JSONField("数据快照", default=dict, blank=True, encoder=DjangoJSONEncoder)
    state = models.CharField("状态", max_length=12, choices=DocState.choices, default=DocState.DRAFT)
    version = models.PositiveSmallIntegerField("版本", default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="替代的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    render_state = models.CharField(
        "生成状态", max_length=10, choices=RenderState.choices, default=RenderState.QUEUED
    )
    render_error = models.CharField("失败原因", max_length=500, blank=True)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)
    pdf = models.FileField("PDF 文件", upload_to=document_file_path, blank=True, max_length=200)
    docx = models.FileField("Word 文件", upload_to=document_file_path, blank=True, max_length=200)
    xlsx = models.FileField("Excel 附件", upload_to=document_file_path, blank=True, max_length=200)
    is_public = models.BooleanField("向公众公开", default=False)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="印发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "生成文件"
        verbose_name_plural = "生成文件"
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            # One open draft per kind, scope and period: a repeated scheduled run refreshes it.
            models.UniqueConstraint(
                fields=["kind", "scope", "year", "period", "key"],
                condition=Q(state__in=["draft", "edited"]),
                name="reports_one_open_draft",
            ),
            # Numbered per kind, scope and year; a 通报 / 旬简报 / 季总结 also per key: a county-level government's
            # own programme (key "计划<pk>") numbers its own series beside the city's 通报 for that county.
            models.UniqueConstraint(
                fields=["kind", "scope", "year", "number"],
                condition=Q(state="issued") & ~Q(kind__in=["bulletin", "tenday", "quarterly"]),
                name="reports_number_unique_issued",
            ),
            models.UniqueConstraint(
                fields=["kind", "scope", "year", "key", "number"],
                condition=Q(state="issued", kind__in=["bulletin", "tenday", "quarterly"]),
                name="reports_summary_number_unique_issued",
            ),
        ]
        indexes = [models.Index(fields=["kind", "scope", "year", "period"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.state in (DocState.ISSUED, DocState.SUPERSEDED)

    @property
    def is_letter(self) -> bool:
        return self.kind in LETTER_KINDS

    @property
    def is_overdue(self) -> bool:
        """An issued letter still waiting for (a new) reply after its deadline."""
        return bool(
            self.reply_deadline
            and self.reply_state in OPEN_REPLY_STATES
            and self.reply_deadline < timezone.localdate()
        )

    @property
    def number_label(self) -> str:
        return f"{self.year} 年第 {self.number} 期" if self.number else "（未编号）"

    def clean(self) -> None:
        if self.pk and self.is_locked:
            old = Document.objects.filter(pk=self.pk).values("sections", "snapshot", "title").first()
            if old and (
                old["sections"] != self.sections
                or old["title"] != self.title
                or old["snapshot"] != _roundtrip(self.snapshot)
            ):
                raise ValidationError(ERR_ISSUED_LOCKED)


def _roundtrip(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class DocumentTransition(models.Model):
    """History row of a document's workflow (who, when, from, to, comment)."""

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    from_state = models.CharField("原状态", max_length=12, blank=True)
    to_state = models.CharField("新状态", max_length=12)
    comment = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "文件流转记录"
        verbose_name_plural = "文件流转记录"
        ordering = ["document", "at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.from_state}→{self.to_state}"


def reply_file_path(instance, filename: str) -> str:
    # The suffix follows the sniffed type, never the uploader's file name.
    return f"reports/replies/{uuid.uuid4().hex}{suffix_for(instance.file_mime)}"


class LetterReply(models.Model):
    """A reply of the addressed unit to a letter (text and an optional PDF)."""

    document = models.ForeignKey(
        Document, verbose_name="函件", on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField("回复内容", max_length=10000)
    file = models.FileField("回复附件（PDF）", upload_to=reply_file_path, blank=True, max_length=200)
    file_name = models.CharField("原文件名", max_length=200, blank=True)
    file_mime = models.CharField("附件类型", max_length=100, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField("回复时间", auto_now_add=True)

    class Meta:
        verbose_name = "函件回复"
        verbose_name_plural = "函件回复"
        ordering = ["document", "replied_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} 回复 {self.replied_at:%Y-%m-%d}"


class Section(models.TextChoices):
    NEWS = "news", "重要新闻"
    COUNTY = "county", "区县动态"
    EXPERIENCE = "experience", "经验交流"
    BRIEF = "brief", "工作简讯"


class Article(models.Model):
    """A 专报 article: submitted by a county (or written by the office), picked and edited by the office."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "已投稿"
        PICKED = "picked", "已采用"
        DECLINED = "declined", "未采用"

    author_org = models.ForeignKey(
        Organisation, verbose_name="投稿单位", on_delete=models.PROTECT, related_name="+"
    )
    section = models.CharField("栏目", max_length=12, choices=Section.choices, default=Section.COUNTY)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文", max_length=20000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="投稿人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("投稿时间", auto_now_add=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUBMITTED)
    newsletter = models.ForeignKey(
        Document,
        verbose_name="采用于专报",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "专报稿件"
        verbose_name_plural = "专报稿件"
        ordering = ["position", "submitted_at", "id"]

    def __str__(self) -> str:
        return self.title


class Letterhead(models.Model):
    """An office's 发文机关标志 (GB/T 9704 §7.2.2): what its 通报, 专报 and letters print in red at the top.

    Set once by the office on the 发文设置 page; each new document starts from it (and can still be edited on
    the document itself before issue). Without a row the office's full name is printed."""

    office = models.OneToOneField(
        Organisation, verbose_name="专班办公室", on_delete=models.CASCADE, related_name="letterhead"
    )
    bulletin_masthead = models.CharField(
        "通报的发文机关标志", max_length=40, blank=True,
        help_text="红色套印在通报首页，如：邵阳市重点民生实事工作专班。留空则用专班办公室全称。",
    )
    newsletter_masthead = models.CharField(
        "专报报头", max_length=60, blank=True,
        help_text="专报首页的红色报头，可分两行（第二行如“工作专报”）。留空则用默认报头。",
    )
    letter_masthead = models.CharField(
        "函件的发文机关标志", max_length=40, blank=True,
        help_text="提示函、交办函等信函格式文件首页的发文机关标志。留空则用专班办公室全称。",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "发文机关标志"
        verbose_name_plural = "发文机关标志"

    def __str__(self) -> str:
        return self.bulletin_masthead or str(self.office)
