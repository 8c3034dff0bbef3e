"""Public intake: campaigns (征集活动), proposals (项目建议), their history, attachments and unit 汇总表."""
from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.common.files import suffix_for
from projects.models import Domain

ERR_WINDOW = "征集截止时间必须晚于开始时间。"
ERR_PHONE = "请填写有效的联系电话：11 位手机号码，或带区号的固定电话（如 0739-5026059）。"
ERR_LEVEL_NOT_ALLOWED = "本次征集不接受该项目级别。"
ERR_MERGED_NEEDS_TARGET = "已归并的建议必须指明归并到哪一条建议。"
ERR_REJECT_NEEDS_REASON = "不予受理必须填写理由。"

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?[1-9]\d{6,7}(?:转\d{1,6})?$")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def normalise_phone(raw: str) -> str:
    """Strip spaces and full-width characters; mobiles become 11 digits, landlines 0739-5026059."""
    text = (raw or "").strip().translate(str.maketrans("０１２３４５６７８９－（）", "0123456789-()"))
    text = re.sub(r"[\s()]", "", text)
    text = text.removeprefix("+86").removeprefix("86-")
    if MOBILE_RE.match(text):
        return text
    if LANDLINE_RE.match(text):
        number, _, ext = text.partition("转")
        digits = number.replace("-", "")
        # Area codes: 010, 02x are 3 digits; everything else 4.
        cut = 3 if digits[:2] in ("01", "02") else 4
        return f"{digits[:cut]}-{digits[cut:]}" + (f"转{ext}" if ext else "")
    raise ValidationError(ERR_PHONE, code="bad_phone")


def validate_phone(value: str) -> None:
    normalise_phone(value)


class Channel(models.TextChoices):
    PUBLIC = "public", "公开征集"
    DIRECTED = "directed", "定向征集"
    THEMATIC = "thematic", "专题征集"
    ROUTINE = "routine", "常态化收集"


class ProposalLevel(models.TextChoices):
    """Same values as projects.Level so a campaign's `levels` list serves both."""

    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


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

    @property
    def level_choices(self) -> list[tuple[str, str]]:
        allowed = self.levels or [c.value for c in ProposalLevel]
        return [(c.value, c.label) for c in ProposalLevel if c.value in allowed]


class State(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    FORWARDED = "forwarded", "已转交"
    ADOPTED = "adopted", "已采纳为备选"
    MERGED = "merged", "已归并"
    DECLINED = "declined", "未采纳"


# The only allowed state changes (services check this table; nothing else writes `state`).
TRANSITIONS: dict[str, frozenset[str]] = {
    State.SUBMITTED: frozenset({State.ACCEPTED, State.REJECTED, State.MERGED}),
    State.ACCEPTED: frozenset({State.FORWARDED, State.ADOPTED, State.MERGED, State.DECLINED}),
    State.FORWARDED: frozenset({State.ADOPTED, State.MERGED, State.DECLINED}),
    State.REJECTED: frozenset({State.ACCEPTED}),  # the office may reconsider
    State.ADOPTED: frozenset(),
    State.MERGED: frozenset(),
    State.DECLINED: frozenset(),
}


def new_tracking_code() -> str:
    return "JY" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_tracking_codes(n: int) -> list[str]:
    """`n` distinct codes not used by any stored proposal (one query per round; a clash is ~1 in 10^12)."""
    codes: list[str] = []
    taken: set[str] = set()
    while len(codes) < n:
        want = n - len(codes)
        # 32 symbols: a random byte modulo 32 is uniform, so 8 bytes give one code.
        raw = secrets.token_bytes(8 * want)
        fresh = {"JY" + "".join(CODE_ALPHABET[b % 32] for b in raw[i : i + 8]) for i in range(0, 8 * want, 8)}
        fresh -= taken
        taken |= fresh
        fresh -= set(Proposal.objects.filter(code__in=fresh).values_list("code", flat=True))
        codes.extend(fresh)
    return codes


class Proposal(models.Model):
    """One suggested project (一事一提), from a citizen's form, a unit's entry or a 汇总表 row."""

    campaign = models.ForeignKey(Campaign, verbose_name="征集活动", on_delete=models.PROTECT, related_name="proposals")
    code = models.CharField("查询码", max_length=12, unique=True, editable=False)
    channel = models.CharField("征集渠道", max_length=20, choices=Channel.choices, default=Channel.PUBLIC)
    title = models.CharField("项目名称", max_length=100)
    level = models.CharField("项目级别", max_length=20, choices=ProposalLevel.choices)
    domain = models.CharField("领域", max_length=30, choices=Domain.choices, blank=True)
    domain_suggested = models.CharField(
        "系统建议领域", max_length=30, choices=Domain.choices, blank=True, help_text="建议人未选领域时按文字自动建议"
    )
    proposer_name = models.CharField("建议人姓名", max_length=50, blank=True)
    proposer_phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    suggested_unit = models.ForeignKey(
        Organisation, verbose_name="建议承办单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggested_unit_text = models.CharField("建议承办单位（自填）", max_length=100, blank=True)
    situation = models.TextField("项目现状", max_length=2000, blank=True)
    content = models.TextField("实施内容", max_length=3000)
    effect = models.TextField("预期效果", max_length=2000, blank=True)
    remark = models.CharField("备注", max_length=500, blank=True)
    # What units add (seed 000 六.2).
    responsible_text = models.CharField("责任单位（含协助单位）", max_length=300, blank=True)
    necessity = models.TextField("项目必要性", max_length=2000, blank=True)
    schedule = models.TextField("项目内容及年度进度安排", max_length=2000, blank=True)
    investment = models.TextField("项目总投资及资金筹措", max_length=1000, blank=True)

    unit = models.ForeignKey(
        Organisation, verbose_name="报送单位", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals",
        help_text="县市区或市直单位报送的建议；群众直接提交的为空",
    )
    sheet = models.ForeignKey(
        "UnitSheet", verbose_name="来自汇总表", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    sheet_row = models.PositiveIntegerField("汇总表行号", null=True, blank=True)

    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUBMITTED)
    public_reply = models.TextField("对建议人的答复（公开）", blank=True)
    internal_note = models.TextField("内部备注（不公开）", blank=True)
    reject_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    forwarded_to = models.ManyToManyField(Organisation, verbose_name="转交单位", blank=True, related_name="forwarded_proposals")
    merged_into = models.ForeignKey(
        "self", verbose_name="归并到", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name="采纳为备选项目", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    submitted_from = models.GenericIPAddressField(
        "提交地址", null=True, blank=True, help_text="群众在线提交时的客户端地址（审计用，页面上只显示掩码）"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "项目建议"
        verbose_name_plural = "项目建议"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "state"]),
            models.Index(fields=["campaign", "unit"]),
            models.Index(fields=["proposer_phone", "title"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_into__isnull=False), name="proposal_merged_has_target"
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reject_reason=""), name="proposal_rejected_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = new_tracking_code()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.proposer_phone:
            self.proposer_phone = normalise_phone(self.proposer_phone)
        if self.state == State.MERGED and not self.merged_into_id:
            raise ValidationError(ERR_MERGED_NEEDS_TARGET)
        if self.state == State.REJECTED and not self.reject_reason.strip():
            raise ValidationError({"reject_reason": ERR_REJECT_NEEDS_REASON})
        if self.level and self.campaign_id and self.campaign.levels and self.level not in self.campaign.levels:
            raise ValidationError({"level": ERR_LEVEL_NOT_ALLOWED})

    @property
    def effective_domain(self) -> str:
        return self.domain or self.domain_suggested

    @property
    def suggested_unit_display(self) -> str:
        return self.suggested_unit.name if self.suggested_unit_id else self.suggested_unit_text

    @property
    def full_text(self) -> str:
        """项目现状、实施内容以及预期可达到的效果 as one cell of the 汇总表."""
        parts = [self.situation, self.content, self.effect]
        return "\n".join(p for p in parts if p)


class ProposalEvent(models.Model):
    """One history row: who moved a proposal from which state to which, when, and why."""

    proposal = models.ForeignKey(Proposal, verbose_name="建议", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    from_state = models.CharField("原状态", max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=State.choices)
    comment = models.TextField("内部说明", blank=True)
    public_note = models.TextField("公开说明", blank=True)

    class Meta:
        verbose_name = "建议处理记录"
        verbose_name_plural = "建议处理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal.code}: {self.from_state} → {self.to_state}"


def attachment_path(instance, filename: str) -> str:
    # The suffix follows the sniffed type, never the uploader's file name.
    return f"proposals/attachments/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix_for(instance.mime)}"


class ProposalAttachment(models.Model):
    """An image or PDF attached to a proposal; served only through a permission-checked view."""

    proposal = models.ForeignKey(Proposal, verbose_name="建议", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("原文件名", max_length=200)
    mime = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "建议附件"
        verbose_name_plural = "建议附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


def sheet_path(instance, filename: str) -> str:
    return f"proposals/sheets/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.xlsx"


class UnitSheet(models.Model):
    """A unit's 征集汇总表 upload: held in 预览 until committed, then its rows become proposals."""

    class State(models.TextChoices):
        PREVIEW = "preview", "待确认"
        COMMITTED = "committed", "已导入"

    campaign = models.ForeignKey(Campaign, verbose_name="征集活动", on_delete=models.CASCADE, related_name="sheets")
    unit = models.ForeignKey(Organisation, verbose_name="报送单位", on_delete=models.PROTECT, related_name="proposal_sheets")
    file = models.FileField("汇总表文件", upload_to=sheet_path, blank=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    mime = models.CharField("类型", max_length=100, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系方式", max_length=30, blank=True)
    filled_on = models.CharField("时间", max_length=30, blank=True)
    row_count = models.PositiveIntegerField("行数", default=0)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PREVIEW)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = "单位征集汇总表"
        verbose_name_plural = "单位征集汇总表"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.original_name}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIR = "fair", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class ProposalRating(models.Model):
    """The proposer's rating of the finished project their proposal became (一码到底, the end of the loop): one
    per receipt code, given on the status page with the code and the last four phone digits. It holds no name
    or phone (the proposal already does); the address is kept for the audit of anonymous writes, never shown.
    The project's public page shows only the counts."""

    proposal = models.OneToOneField(
        Proposal, verbose_name="建议", on_delete=models.CASCADE, related_name="rating"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="proposer_ratings"
    )
    value = models.CharField("评价", max_length=20, choices=Satisfaction.choices)
    rated_at = models.DateTimeField("评价时间", default=timezone.now)
    submitted_from = models.GenericIPAddressField(
        "提交地址", null=True, blank=True, help_text="客户端地址（审计用，页面上不显示）"
    )

    class Meta:
        verbose_name = "建议人满意度评价"
        verbose_name_plural = "建议人满意度评价"
        ordering = ["-rated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.get_value_display()}"
