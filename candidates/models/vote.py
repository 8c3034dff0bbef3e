"""The 人大代表票决 (anonymous ballots, who-voted records) and the year-end 满意度测评.

Secrecy (issue 12 §2, docs/reliability.md): while a vote or a survey is open, what was cast is held only in
its SealedBox — one row, encrypted with a key derived from SECRET_KEY, its list re-shuffled at every cast and
rewritten whole — so no row is ever written per ballot in cast order. When the office closes the vote the box
is opened once and its ballots are written as Ballot/BallotMark rows in random order, in one transaction.
Ballot rows carry no voter, time, channel or sequence; VoterRecord says only who voted."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from projects.models import Programme, Project

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
        db_table = "projects_votingsession"  # the table it had when the app lived in projects
        verbose_name = "票决会议"
        verbose_name_plural = "票决会议"
        ordering = ["-round__year", "-id"]

    def __str__(self) -> str:
        return self.title


class BallotChannel(models.TextChoices):
    ELECTRONIC = "electronic", "手机投票"
    PAPER = "paper", "纸质选票（计票人录入）"


class VoterRecord(models.Model):
    """Who has voted (签到/已投票) and how (on the phone, or a paper ballot handed out), never what: the ballots
    are written only at closing, shuffled, so neither this row's time nor its storage order pairs it with one."""

    session = models.ForeignKey(
        VotingSession, verbose_name="票决会议", on_delete=models.CASCADE, related_name="voters"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="代表", on_delete=models.PROTECT, related_name="voter_records"
    )
    channel = models.CharField("方式", max_length=20, choices=BallotChannel.choices)
    voted_at = models.DateTimeField("投票时间", auto_now_add=True)

    class Meta:
        db_table = "projects_voterrecord"  # the table it had when the app lived in projects
        verbose_name = "投票记录"
        verbose_name_plural = "投票记录"
        ordering = ["session", "deputy_id"]
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="voter_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session} · {self.deputy}"


class Ballot(models.Model):
    """An anonymous ballot, written only when the vote closes (all of a session's ballots in one transaction,
    in random order). No deputy, no time, no channel, a random key: nothing ties it to a voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        VotingSession, verbose_name="票决会议", on_delete=models.CASCADE, related_name="ballots"
    )

    class Meta:
        db_table = "projects_ballot"  # the table it had when the app lived in projects
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
        db_table = "projects_ballotmark"  # the table it had when the app lived in projects
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


class VoterRecordVoid(models.Model):
    """The audit of a corrected 投票登记: a paper-ballot hand-out registered for the wrong deputy, voided by the
    office with a reason while the vote is open (the only way a VoterRecord is ever removed)."""

    session = models.ForeignKey(
        VotingSession, verbose_name="票决会议", on_delete=models.CASCADE, related_name="voter_voids"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="代表", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("方式", max_length=20, choices=BallotChannel.choices)
    reason = models.CharField("更正原因", max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        db_table = "projects_voterrecordvoid"  # the table it had when the app lived in projects
        verbose_name = "投票登记更正"
        verbose_name_plural = "投票登记更正"
        ordering = ["session", "at", "id"]

    def __str__(self) -> str:
        return f"{self.session} · 撤销 {self.deputy} 的登记"


class SatisfactionSurvey(models.Model):
    """The year-end 满意度测评 of a programme's projects by deputies (北塔区 practice, seed 001). 无记名:
    who took part (SurveyParticipation) is kept apart from the ratings, which stay sealed until it closes."""

    programme = models.OneToOneField(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="satisfaction_survey"
    )
    roster = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="参加测评的代表", related_name="satisfaction_surveys", blank=True
    )
    is_open = models.BooleanField("测评进行中", default=True)
    published_at = models.DateTimeField("结果公布时间", null=True, blank=True)
    result = models.JSONField("测评结果（结束时冻结）", null=True, blank=True, editable=False)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        db_table = "projects_satisfactionsurvey"  # the table it had when the app lived in projects
        verbose_name = "满意度测评"
        verbose_name_plural = "满意度测评"

    def __str__(self) -> str:
        return f"{self.programme} 满意度测评"


class RatingValue(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class SurveyParticipation(models.Model):
    """Who has taken part in a survey (on the phone, or a paper 测评表 handed out), kept apart from the ratings."""

    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name="测评", on_delete=models.CASCADE, related_name="participants"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代表",
        on_delete=models.PROTECT,
        related_name="survey_participations",
    )
    channel = models.CharField("方式", max_length=20, choices=BallotChannel.choices)

    class Meta:
        db_table = "projects_surveyparticipation"  # the table it had when the app lived in projects
        verbose_name = "测评参加记录"
        verbose_name_plural = "测评参加记录"
        ordering = ["survey", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "deputy"], name="survey_participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.deputy}"


class SatisfactionRating(models.Model):
    """One anonymous rating of one project, written only when the survey closes (all in one transaction, in
    random order): no deputy, no time, no channel."""

    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name="测评", on_delete=models.CASCADE, related_name="ratings"
    )
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="satisfaction_ratings"
    )
    value = models.CharField("评价", max_length=20, choices=RatingValue.choices)

    class Meta:
        db_table = "projects_satisfactionrating"  # the table it had when the app lived in projects
        verbose_name = "满意度评价"
        verbose_name_plural = "满意度评价"

    def __str__(self) -> str:
        return f"{self.project} · {self.get_value_display()}"


class SealedBox(models.Model):
    """The 票箱 of an open vote or survey: every sheet cast so far, as one encrypted, shuffled list
    (candidates/ballot_box.py). Rewritten whole at each cast, emptied into rows and deleted at closing."""

    session = models.OneToOneField(
        VotingSession,
        verbose_name="票决会议",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sealed_box",
    )
    survey = models.OneToOneField(
        SatisfactionSurvey,
        verbose_name="满意度测评",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sealed_box",
    )
    sealed = models.BinaryField("密封内容", editable=False)

    class Meta:
        db_table = "projects_sealedbox"  # the table it had when the app lived in projects
        verbose_name = "密封票箱"
        verbose_name_plural = "密封票箱"
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False, survey__isnull=True)
                | Q(session__isnull=True, survey__isnull=False),
                name="sealed_box_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"票箱 · {self.session or self.survey}"
