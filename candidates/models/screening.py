"""Screening: rounds, candidates (备选项目) and their stages, reviews, opinions, approvals (seed 002)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from minsheng.accounts.models import Organisation
from projects.models import Domain, Project


class ScreeningRound(models.Model):
    """One government's production of candidates for one programme year (e.g. 北塔区 2023 年)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="本级政府", on_delete=models.PROTECT, related_name="screening_rounds"
    )
    year = models.PositiveSmallIntegerField("实施年度", help_text="候选项目入选后列入哪一年度的民生实事计划")
    name = models.CharField("名称", max_length=100, default="民生实事候选项目产生")
    work_group = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="工作组成员", blank=True, related_name="screening_work_groups"
    )
    programme_name = models.CharField("计划名称", max_length=100, default="重点民生实事")
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        db_table = "projects_screeninground"  # the table it had when the app lived in projects
        verbose_name = "候选项目产生年度"
        verbose_name_plural = "候选项目产生年度"
        ordering = ["-year", "organisation__sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="round_one_per_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} 年{self.name}"


class CandidateStage(models.TextChoices):
    COLLECTED = "collected", "征集项目"
    DECLARED = "declared", "初选申报"
    REVIEW = "review", "审核论证"
    CONSULTATION = "consultation", "征求意见"
    CONFIRMED = "confirmed", "确定候选"
    VOTING = "voting", "票决"
    CHOSEN = "chosen", "入选"
    NOT_CHOSEN = "not_chosen", "未入选"
    MERGED = "merged", "已归并"


class Candidate(models.Model):
    """A 备选项目 with the six required elements of 第十条 and the three declarations of 第十一条."""

    round = models.ForeignKey(
        ScreeningRound, verbose_name="产生年度", on_delete=models.PROTECT, related_name="candidates"
    )
    name = models.CharField("项目名称", max_length=200)
    content = models.TextField("主要内容", blank=True)
    responsible_unit = models.ForeignKey(
        Organisation,
        verbose_name="责任主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    co_units = models.ManyToManyField(Organisation, verbose_name="协同单位", blank=True, related_name="+")
    investment = models.DecimalField(
        "投资额度（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField("资金来源", max_length=200, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    domain = models.CharField("领域", max_length=30, choices=Domain.choices, blank=True)
    is_multi_year = models.BooleanField("跨年度项目", default=False)
    end_year = models.PositiveSmallIntegerField("跨年度项目结束年度", null=True, blank=True)
    continues = models.ForeignKey(
        "self",
        verbose_name="延续的跨年度项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continuations",
    )
    not_major_project = models.BooleanField("声明：不与年度重大项目（工作）重复", default=False)
    not_policy_adjustment = models.BooleanField("声明：不含政策调整事项", default=False)
    not_routine_work = models.BooleanField("声明：不属于部门常规工作", default=False)
    budget_confirmed = models.BooleanField("资金已纳入预算", default=False)
    budget_note = models.CharField("预算安排说明", max_length=300, blank=True)
    stage = models.CharField(
        "阶段", max_length=20, choices=CandidateStage.choices, default=CandidateStage.COLLECTED
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="归并入",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    project = models.OneToOneField(
        Project,
        verbose_name="列入计划的项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        db_table = "projects_candidate"  # the table it had when the app lived in projects
        verbose_name = "备选项目"
        verbose_name_plural = "备选项目"
        ordering = ["round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment__isnull=True) | Q(investment__gte=0),
                name="candidate_investment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def declarations_complete(self) -> bool:
        return self.not_major_project and self.not_policy_adjustment and self.not_routine_work

    @property
    def years(self) -> list[int]:
        """The programme years this item spans (one for a single-year item)."""
        start = self.round.year
        if self.is_multi_year and self.end_year and self.end_year >= start:
            return list(range(start, self.end_year + 1))
        return [start]

    def linked_proposals(self) -> list:
        """Proposals adopted into this candidate (and those merged into it), if the intake app links them."""
        found = []
        for item in [self, *self.merged_from.all()]:
            manager = getattr(item, "proposals", None)
            if manager is not None and hasattr(manager, "all"):
                found.extend(manager.all())
        return found


class CandidateYearTarget(models.Model):
    """The target of one year (a multi-year item has one per year); becomes that year's 指标."""

    candidate = models.ForeignKey(
        Candidate, verbose_name="备选项目", on_delete=models.CASCADE, related_name="year_targets"
    )
    year = models.PositiveSmallIntegerField("年度")
    description = models.CharField("年度目标", max_length=300)
    quantity = models.DecimalField("目标数量", max_digits=16, decimal_places=4, null=True, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)

    class Meta:
        db_table = "projects_candidateyeartarget"  # the table it had when the app lived in projects
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        ordering = ["candidate", "year"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "year"], name="candidate_target_one_per_year"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0), name="candidate_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} 年：{self.description}"


class StageChange(models.Model):
    """History of a candidate's stage: who, when, from, to, comment."""

    candidate = models.ForeignKey(
        Candidate, verbose_name="备选项目", on_delete=models.CASCADE, related_name="history"
    )
    from_stage = models.CharField("原阶段", max_length=20, choices=CandidateStage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=20, choices=CandidateStage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    comment = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        db_table = "projects_stagechange"  # the table it had when the app lived in projects
        verbose_name = "阶段变更记录"
        verbose_name_plural = "阶段变更记录"
        ordering = ["candidate", "at", "id"]

    def __str__(self) -> str:
        return f"{self.candidate}：{self.get_from_stage_display() or '—'} → {self.get_to_stage_display()}"


SCORE_RANGE = [MinValueValidator(1), MaxValueValidator(5)]


class Score(models.Model):
    """A work-group member's review (审核论证) on the four dimensions of 第十二条, each 1–5."""

    candidate = models.ForeignKey(
        Candidate, verbose_name="备选项目", on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审人",
        on_delete=models.PROTECT,
        related_name="candidate_scores",
    )
    necessity = models.PositiveSmallIntegerField("必要性", validators=SCORE_RANGE)
    feasibility = models.PositiveSmallIntegerField("可行性", validators=SCORE_RANGE)
    funding = models.PositiveSmallIntegerField("资金保障", validators=SCORE_RANGE)
    performance = models.PositiveSmallIntegerField("绩效目标", validators=SCORE_RANGE)
    comment = models.TextField("评审意见", blank=True)
    scored_at = models.DateTimeField("评审时间", auto_now=True)

    class Meta:
        db_table = "projects_score"  # the table it had when the app lived in projects
        verbose_name = "论证评分"
        verbose_name_plural = "论证评分"
        ordering = ["candidate", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "member"], name="score_one_per_member"),
            *[
                models.CheckConstraint(condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 5}), name=f"score_{f}_1_5")
                for f in ("necessity", "feasibility", "funding", "performance")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.member}"

    @property
    def total(self) -> int:
        return self.necessity + self.feasibility + self.funding + self.performance


class OpinionSource(models.TextChoices):
    NPC = "npc", "人大"
    CPPCC = "cppcc", "政协"
    TOWN = "town", "乡镇（街道）"
    DEPARTMENT = "department", "相关单位"
    DEPUTY = "deputy", "人大代表"
    MEMBER = "member", "政协委员"


class Opinion(models.Model):
    """An opinion sought in 征求意见 (第十四条) and the work group's response (第十五条)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name="备选项目", on_delete=models.CASCADE, related_name="opinions"
    )
    source = models.CharField("意见来源", max_length=20, choices=OpinionSource.choices)
    source_name = models.CharField("提出单位/人", max_length=100)
    content = models.TextField("意见内容")
    response = models.TextField("工作组答复", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        db_table = "projects_opinion"  # the table it had when the app lived in projects
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["candidate", "source", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}·{self.source_name}：{self.content[:20]}"

    @property
    def is_answered(self) -> bool:
        return bool(self.response)


class ApprovalKind(models.IntegerChoices):
    """The meetings of 第十六条, in their required order."""

    NPC_CHAIRS = 1, "人大常委会主任会议"
    GOVERNMENT = 2, "政府常务会议"
    PARTY = 3, "党委常委会"


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", "同意"
    REVISE = "revise", "修改完善后同意"
    REJECTED = "rejected", "不同意"


class ApprovalMeeting(models.Model):
    """One approval meeting on the round's candidate plan, with its date, decision and minutes."""

    round = models.ForeignKey(
        ScreeningRound, verbose_name="产生年度", on_delete=models.CASCADE, related_name="approvals"
    )
    kind = models.PositiveSmallIntegerField("会议", choices=ApprovalKind.choices)
    held_on = models.DateField("会议日期")
    decision = models.CharField("会议意见", max_length=20, choices=ApprovalDecision.choices)
    note = models.TextField("纪要摘要", blank=True)
    attachment = models.FileField("附件", upload_to="candidates/approvals/%Y/", blank=True)
    attachment_name = models.CharField("附件原名", max_length=200, blank=True)
    attachment_mime = models.CharField("附件类型", max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        db_table = "projects_approvalmeeting"  # the table it had when the app lived in projects
        verbose_name = "审议会议"
        verbose_name_plural = "审议会议"
        ordering = ["round", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.held_on}）"

    @property
    def is_passed(self) -> bool:
        return self.decision in (ApprovalDecision.APPROVED, ApprovalDecision.REVISE)
