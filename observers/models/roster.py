"""The roster: observers (观察员), supervisors (监督员), evaluators (评议员) and their groups."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from minsheng.accounts.models import Organisation
from projects.models import Project

ERR_LEVEL_ORG = "观察员只能聘任在市级或县市区一级。"
ERR_TERM_ORDER = "任期结束日期必须晚于聘任日期。"


class ObserverKind(models.TextChoices):
    OBSERVER = "observer", "观察员"
    SUPERVISOR = "supervisor", "监督员"
    EVALUATOR = "evaluator", "评议员"


class ObserverCategory(models.TextChoices):
    """Where an observer comes from (seed 001: 涵盖了党代表、人大代表、政协委员 …)."""

    PARTY = "party", "党代表"
    NPC = "npc", "人大代表"
    CPPCC = "cppcc", "政协委员"
    CADRE = "cadre", "村（社区）干部"
    MEDIA = "media", "新闻媒体从业者"
    TEACHER = "teacher", "教师"
    LAWYER = "lawyer", "律师"
    BENEFICIARY = "beneficiary", "受益群众"
    OTHER = "other", "其他"


class GroupField(models.TextChoices):
    LIVELIHOOD = "livelihood", "民生保障"
    URBAN = "urban", "城市建设"
    RURAL = "rural", "乡村振兴"
    ECOLOGY = "ecology", "生态环境"
    SAFETY = "safety", "安全生产"
    SOCIAL = "social", "社会事业"
    OTHER = "other", "其他"


class ObserverGroup(models.Model):
    """A group by field (民生保障, 城市建设 …) that follows a set of projects."""

    name = models.CharField("小组名称", max_length=50, unique=True)
    field = models.CharField("工作领域", max_length=20, choices=GroupField.choices)
    projects = models.ManyToManyField(
        Project, verbose_name="联系项目", blank=True, related_name="observer_groups"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_demo = models.BooleanField("演示数据", default=False)
    # Who created, renamed, re-scoped (the projects it follows) or deleted a group, and when.
    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        verbose_name = "观察员小组"
        verbose_name_plural = "观察员小组"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Observer(models.Model):
    """One appointed person with a log-in of the observer role."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在聘"
        SUSPENDED = "suspended", "暂停履职"
        ENDED = "ended", "已解聘/期满"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账户",
        on_delete=models.PROTECT,
        related_name="observer_profile",
    )
    name = models.CharField("姓名", max_length=50)
    kind = models.CharField(
        "类别", max_length=20, choices=ObserverKind.choices, default=ObserverKind.OBSERVER
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="聘任单位（市级/县市区）",
        on_delete=models.PROTECT,
        related_name="observers",
    )
    category = models.CharField("界别", max_length=20, choices=ObserverCategory.choices)
    work_unit = models.CharField("工作单位及职务", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    appointed_on = models.DateField("聘任日期")
    term_ends_on = models.DateField("任期至", null=True, blank=True)
    certificate_no = models.CharField("聘书编号", max_length=40, unique=True)
    group = models.ForeignKey(
        ObserverGroup,
        verbose_name="所属小组",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    is_demo = models.BooleanField("演示数据", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "观察员"
        verbose_name_plural = "观察员名册"
        ordering = ["group__sort_order", "certificate_no"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True) | Q(term_ends_on__gt=F("appointed_on")),
                name="observer_term_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind not in (
            Organisation.Kind.CITY,
            Organisation.Kind.COUNTY,
        ):
            raise ValidationError({"organisation": ERR_LEVEL_ORG})
        if self.term_ends_on and self.appointed_on and self.term_ends_on <= self.appointed_on:
            raise ValidationError({"term_ends_on": ERR_TERM_ORDER})

    @property
    def level_display(self) -> str:
        return (
            "市级"
            if self.organisation.kind == Organisation.Kind.CITY
            else f"{self.organisation.display_name}"
        )
