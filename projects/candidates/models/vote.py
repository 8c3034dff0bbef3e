"""The 人大代表票决 (anonymous ballots, who-voted records) and the year-end 满意度测评."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from ...models import Programme, Project
from .screening import Candidate, ScreeningRound


class PassBase(models.TextChoices):
    ALL = "all", "全体代表过半数"
    PRESENT = "present", "出席代表过半数"


class SessionState(models.TextChoices):
    DRAFT = "draft", "准备中"
    OPEN = "open", "投票中"
    CLOSED = "closed", "已结束"


class VotingSession(models.Model):
    """A 人大代表票决 session: roster, N seats, more than N candidates, quorum and pass base."""

    round = models.ForeignKey(
        ScreeningRound, verbose_name="产生年度", on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField("名称", max_length=200)
    seats = models.PositiveSmallIntegerField("应选项目数", validators=[MinValueValidator(1)])
    roster = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="代表名单", related_name="voting_sessions"
    )
    candidates = models.ManyToManyField(Candidate, verbose_name="候选项目", related_name="voting_sessions")
    quorum_numerator = models.PositiveSmallIntegerField("法定出席比例（分子）", default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        "法定出席比例（分母）", default=3, validators=[MinValueValidator(1)]
    )
    pass_base = models.CharField("通过基数", max_length=20, choices=PassBase.choices, default=PassBase.ALL)
    state = models.CharField("状态", max_length=20, choices=SessionState.choices, default=SessionState.DRAFT)
    present_count = models.PositiveIntegerField("出席代表人数", null=True, blank=True)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    tally = models.JSONField("计票结果（结束时冻结）", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField("演示数据", default=False)
    runoff_of = models.OneToOneField(
        "self",
        verbose_name="重新票决自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoff",
        help_text="末位票数相同或出席未达法定人数时，就未决名额重新票决的上一次会议",
    )

    class Meta:
        verbose_name = "票决会议"
        verbose_name_plural = "票决会议"
        ordering = ["-round__year", "-id"]

    def __str__(self) -> str:
        return self.title


class BallotChannel(models.TextChoices):
    ELECTRONIC = "electronic", "手机投票"
    PAPER = "paper", "纸质选票（计票人录入）"


class VoterRecord(models.Model):
    """Who has voted (签到/已投票), kept apart from the anonymous ballots."""

    session = models.ForeignKey(
        VotingSession, verbose_name="票决会议", on_delete=models.CASCADE, related_name="voters"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="代表", on_delete=models.PROTECT, related_name="voter_records"
    )
    channel = models.CharField("方式", max_length=20, choices=BallotChannel.choices)
    voted_at = models.DateTimeField("投票时间", auto_now_add=True)

    class Meta:
        verbose_name = "投票记录"
        verbose_name_plural = "投票记录"
        ordering = ["session", "deputy_id"]
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="voter_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session} · {self.deputy}"


class Ballot(models.Model):
    """An anonymous ballot. No deputy, no timestamp and a random key, so nothing ties it to a voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        VotingSession, verbose_name="票决会议", on_delete=models.CASCADE, related_name="ballots"
    )
    channel = models.CharField("方式", max_length=20, choices=BallotChannel.choices)

    class Meta:
        verbose_name = "选票"
        verbose_name_plural = "选票"

    def __str__(self) -> str:
        return f"选票 {str(self.pk)[:8]}"


class Choice(models.TextChoices):
    FOR = "for", "赞成"
    AGAINST = "against", "反对"
    ABSTAIN = "abstain", "弃权"


class BallotMark(models.Model):
    """One mark on a ballot: 赞成 / 反对 / 弃权 for one candidate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, verbose_name="选票", on_delete=models.CASCADE, related_name="marks")
    candidate = models.ForeignKey(
        Candidate, verbose_name="候选项目", on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField("意见", max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = "选票意见"
        verbose_name_plural = "选票意见"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="mark_once_per_candidate"),
            models.CheckConstraint(
                condition=Q(choice__in=["for", "against", "abstain"]), name="mark_valid_choice"
            ),
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class SatisfactionSurvey(models.Model):
    """The year-end 满意度测评 of a programme's projects by deputies (北塔区 practice, seed 001)."""

    programme = models.OneToOneField(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="satisfaction_survey"
    )
    is_open = models.BooleanField("测评进行中", default=True)
    published_at = models.DateTimeField("结果公布时间", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "满意度测评"
        verbose_name_plural = "满意度测评"

    def __str__(self) -> str:
        return f"{self.programme} 满意度测评"


class RatingValue(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class SatisfactionRating(models.Model):
    """One deputy's rating of one implemented project."""

    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name="测评", on_delete=models.CASCADE, related_name="ratings"
    )
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="satisfaction_ratings"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代表",
        on_delete=models.PROTECT,
        related_name="satisfaction_ratings",
    )
    value = models.CharField("评价", max_length=20, choices=RatingValue.choices)
    rated_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = "满意度评价"
        verbose_name_plural = "满意度评价"
        constraints = [models.UniqueConstraint(fields=["project", "deputy"], name="rating_once_per_deputy")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_value_display()}"
