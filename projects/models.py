"""The programme: year → 实事 (matter, by level) → 项目 → 指标 (indicator) → per-county targets."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from minsheng.accounts.models import Organisation


class Level(models.TextChoices):
    PROVINCE = "province", "省定"
    CITY = "city", "市定"
    COUNTY = "county", "县定"


LEVEL_ORDER = {Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3}


class Domain(models.TextChoices):
    """The 14 民生 domains of the solicitation plan (seed 000)."""

    TRANSPORT = "transport", "交通出行"
    EMPLOYMENT = "employment", "就业创业"
    HOUSING = "housing", "住房保障"
    SOCIAL_SECURITY = "social_security", "城乡社会保障"
    RELIEF = "relief", "社会救济"
    EDUCATION = "education", "公共教育"
    HEALTH = "health", "医疗卫生服务"
    CULTURE = "culture", "文化惠民"
    TOURISM = "tourism", "旅游发展"
    ELDERLY = "elderly", "养老服务"
    ENVIRONMENT = "environment", "生态环境治理"
    GOVERNANCE = "governance", "社会治理"
    RURAL = "rural", "乡村振兴"
    SAFETY = "safety", "食品及公共安全保障"


class Programme(models.Model):
    """One year's programme of one government (the city's, or a county's own)."""

    year = models.PositiveSmallIntegerField("年度")
    organisation = models.ForeignKey(
        Organisation, verbose_name="实施主体", on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField("名称", max_length=100, help_text="如：重点民生实事、民生可感行动")
    office = models.ForeignKey(
        Organisation,
        verbose_name="专班办公室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuing_authority = models.CharField("代章单位", max_length=100, blank=True)
    source_document = models.CharField("依据文件", max_length=300, blank=True)
    is_public = models.BooleanField("对公众公开", default=True)
    is_demo = models.BooleanField("演示数据", default=False)
    # A next year's programme copied from the last one stays a draft (no reporting month can open, not public)
    # until the office publishes it; who copied and who published it is kept here.
    is_draft = models.BooleanField("草稿", default=False)
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    copied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复制人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    copied_at = models.DateTimeField("复制时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "年度实事计划"
        verbose_name_plural = "年度实事计划"
        ordering = ["-year", "organisation__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "organisation"], name="programme_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} 年{self.name}"


class Matter(models.Model):
    """A 实事: one numbered item of a level (e.g. 省定 一、推进教育高质量发展)."""

    programme = models.ForeignKey(
        Programme, verbose_name="年度计划", on_delete=models.CASCADE, related_name="matters"
    )
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    # 省定 → 市定 → 县定 order for lists and bulletins (the level values themselves sort otherwise).
    level_order = models.PositiveSmallIntegerField("级别顺序", editable=False, default=1)
    seq = models.PositiveSmallIntegerField("序号")
    name = models.CharField("实事名称", max_length=200)
    description = models.TextField("主要内容", blank=True)
    domain = models.CharField("领域", max_length=30, choices=Domain.choices, blank=True)
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_units = models.ManyToManyField(
        Organisation, verbose_name="责任单位", blank=True, related_name="+"
    )
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "实事"
        verbose_name_plural = "实事"
        ordering = ["programme", "level_order", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "level", "seq"], name="matter_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.seq}：{self.name}"

    def save(self, *args, **kwargs):
        self.level_order = LEVEL_ORDER.get(self.level, 9)
        if kwargs.get("update_fields") is not None and "level" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "level_order"}
        super().save(*args, **kwargs)


class Project(models.Model):
    """A 项目 inside a matter; each has a public page (一码一平台) reached by its code."""

    matter = models.ForeignKey(Matter, verbose_name="实事", on_delete=models.CASCADE, related_name="projects")
    seq = models.PositiveSmallIntegerField("序号")
    name = models.CharField("项目名称", max_length=200)
    description = models.TextField("建设内容", blank=True)
    domain = models.CharField("领域", max_length=30, choices=Domain.choices, blank=True)
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    responsible_units = models.ManyToManyField(
        Organisation, verbose_name="责任单位", blank=True, related_name="responsible_projects"
    )
    public_code = models.CharField("公开码", max_length=12, unique=True, editable=False)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["matter__programme", "matter__level_order", "matter__seq", "seq"]
        constraints = [models.UniqueConstraint(fields=["matter", "seq"], name="project_unique_seq")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.public_code:
            self.public_code = secrets.token_urlsafe(6)[:8]
        super().save(*args, **kwargs)


class IndicatorKind(models.TextChoices):
    QUANTITY = "quantity", "累计数量"
    PERCENT = "percent", "形象进度（%）"
    STANDARD = "standard", "标准值（如不低于650元/月）"
    DEADLINE = "deadline", "按期完成"
    PENDING = "pending", "目标待定"


class Indicator(models.Model):
    """A 指标 with a unit and a yearly target; its per-county targets form the 任务分解表."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="indicators"
    )
    seq = models.PositiveSmallIntegerField("序号", default=1)
    code = models.CharField(
        "指标编码", max_length=30, blank=True, help_text="本年度计划内唯一，如“省1-2-1”；表格导入按编码对应"
    )
    name = models.CharField("指标", max_length=300)
    unit = models.CharField("单位", max_length=20, blank=True)
    kind = models.CharField(
        "类型", max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.QUANTITY
    )
    target = models.DecimalField("年度目标", max_digits=16, decimal_places=4, null=True, blank=True)
    target_text = models.CharField(
        "目标说明", max_length=300, blank=True, help_text="标准值、完成时限或“另行发文确定”等文字目标"
    )
    due_date = models.DateField("完成时限", null=True, blank=True)
    monthly_plan = models.JSONField(
        "月度计划（累计%）",
        null=True,
        blank=True,
        help_text="可选：12 个数，第 m 个为 m 月底应完成的累计百分比；留空则按 m/12 计序时进度",
    )
    tracked_by = models.ForeignKey(
        "self",
        verbose_name="纳入统一调度的指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracks",
        help_text="如市定指标“纳入省定重点民生实事统一调度”",
    )
    # The same work in an upper level's programme of the same year (邵东市's 省定 item → 邵阳市's indicator →
    # the province's): the family of linked indicators holds one target row per county, entered once, and
    # each programme's roll-up reads the family's rows within its own subtree.
    upper = models.ForeignKey(
        "self",
        verbose_name="上级计划指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lowers",
        help_text="上级（省、市）同一年度计划中的同一项工作：各县市区只在一处填报，本计划自动引用",
    )
    # The indicator of last year's programme this one was copied from (the new-year copy): how next year's
    # 上级计划指标 are found again, whichever of the two programmes is copied first.
    copied_from = models.ForeignKey(
        "self",
        verbose_name="复制自上年指标",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_indicators",
    )
    responsible_units = models.ManyToManyField(
        Organisation, verbose_name="责任单位", blank=True, related_name="+"
    )
    counties = models.ManyToManyField(
        Organisation, verbose_name="承担县市区", through="IndicatorTarget", related_name="assigned_indicators"
    )
    is_demo = models.BooleanField("演示数据", default=False, help_text="种子文件未给出、为演示而补充的数值")
    # How the 通报 counts the indicator (the practice of seed 003; explained in the 通报's 汇总规则).
    is_continuing = models.BooleanField(
        "持续性指标",
        default=False,
        help_text="全年持续推进的指标：年底前即使超过年度目标，也按“按序时推进”计，不计为“已完成全年目标任务”",
    )
    counted_as_tracked = models.BooleanField(
        "按统一调度层级计数",
        default=False,
        help_text="纳入其他层级统一调度的指标：本级通报按该层级的调度口径计为“按序时推进”，年底前不计为已完成",
    )
    note = models.CharField("备注", max_length=300, blank=True)
    needs_definition = models.BooleanField(
        "待补充指标和目标",
        default=False,
        help_text="票决确定的项目尚无年度目标：专班办公室填写指标和目标（表单或重新导入年度实事计划）后才能发布计划、开启调度",
    )
    history = HistoricalRecords(excluded_fields=["counties", "responsible_units"])

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["project", "seq", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.kind in (IndicatorKind.QUANTITY, IndicatorKind.PERCENT)
            and self.target is not None
            and self.target < 0
        ):
            raise ValidationError({"target": ERR_NEGATIVE_TARGET})
        if self.monthly_plan is not None:
            plan = self.monthly_plan
            if (
                not isinstance(plan, list)
                or len(plan) != 12
                or any(not isinstance(v, int | float) or v < 0 for v in plan)
                or any(b < a for a, b in zip(plan, plan[1:], strict=False))
            ):
                raise ValidationError({"monthly_plan": ERR_BAD_PLAN})
        if self.kind == IndicatorKind.DEADLINE and not (self.due_date or self.target_text):
            raise ValidationError({"due_date": ERR_DEADLINE_NEEDS_DATE})
        if self.upper_id and self.project_id:
            self._clean_upper()

    def _clean_upper(self) -> None:
        """The upper indicator: another programme's, of the same year, whose organisation is above this
        programme's; no cycle, at most province → city → county, one indicator per programme in a family, and
        no county holding two rows in the joined family."""
        upper = Indicator.objects.select_related(
            "project__matter__programme__organisation", "upper__upper"
        ).get(pk=self.upper_id)
        if self.pk and upper.pk == self.pk:
            raise ValidationError({"upper": ERR_UPPER_SELF})
        chain, node = [], upper
        while node is not None and len(chain) <= MAX_UPPER_DEPTH:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"upper": ERR_UPPER_CYCLE})
            chain.append(node)
            node = node.upper
        own = self.project.matter.programme
        theirs = upper.project.matter.programme
        if theirs.year != own.year:
            raise ValidationError({"upper": ERR_UPPER_YEAR.format(year=own.year, programme=theirs)})
        org, up_org = own.organisation, theirs.organisation
        if org.pk == up_org.pk or not (up_org.path and org.path.startswith(up_org.path)):
            raise ValidationError({"upper": ERR_UPPER_NOT_ABOVE.format(upper=up_org.name, own=org.name)})
        below = indicator_family(self, down_only=True) if self.pk else {}
        if len(chain) + max((d for d in below.values()), default=0) > MAX_UPPER_DEPTH:
            raise ValidationError({"upper": ERR_UPPER_DEPTH})
        family = indicator_family(upper)
        mine = set(below) | ({self.pk} if self.pk else set())
        others = [pk for pk in family if pk not in mine]
        clash = (
            Indicator.objects.filter(pk__in=others, project__matter__programme=own)
            .exclude(pk__in=mine)
            .first()
        )
        if clash is not None:
            raise ValidationError({"upper": ERR_UPPER_SHARED.format(other=clash.code or clash.name)})
        if mine:
            theirs_rows = {
                t.county_id: t
                for t in IndicatorTarget.objects.filter(indicator_id__in=others).select_related(
                    "county", "indicator__project__matter__programme__organisation"
                )
            }
            for t in IndicatorTarget.objects.filter(indicator_id__in=mine).order_by("county__sort_order"):
                if t.county_id in theirs_rows:
                    raise ValidationError({"upper": family_clash_message(theirs_rows[t.county_id])})

    @property
    def target_display(self) -> str:
        if self.needs_definition:
            return "待补充"
        if self.target is not None:
            return f"{self.target.normalize():f}{self.unit}"
        return self.target_text or "—"


ERR_NEGATIVE_TARGET = "年度目标不能为负数。"
ERR_BAD_PLAN = "月度计划须为 12 个不递减的非负数（每月底累计应完成的百分比）。"
ERR_DEADLINE_NEEDS_DATE = "按期完成类指标须填写完成时限。"
ERR_UPPER_SELF = "上级计划指标不能是本指标自身。"
ERR_UPPER_CYCLE = "上级计划指标不能形成循环：所选指标已（间接）以本指标为上级。"
ERR_UPPER_YEAR = "上级计划指标须属于同一年度（{year} 年）的计划，所选指标属于《{programme}》。"
ERR_UPPER_NOT_ABOVE = "上级计划指标须属于上级单位的计划：“{upper}”不是“{own}”的上级。"
ERR_UPPER_DEPTH = "上级计划指标最多三级（省→市→县）：所选指标的上级链已到顶，不能再向下挂接。"
ERR_UPPER_SHARED = "本计划的指标“{other}”已挂接同一项上级工作：同一计划中只能有一个指标对应它。"
ERR_FAMILY_DUPLICATE = (
    "“{county}”已在《{programme}》的指标“{indicator}”中承担同一项工作：上下级计划中的同一项工作，"
    "每个县市区只在一处分解任务、填报一次，本计划自动引用。"
)
MAX_UPPER_DEPTH = 2  # links above an indicator: county → city → province


def family_clash_message(target: IndicatorTarget) -> str:
    """ERR_FAMILY_DUPLICATE for the row a county already holds in the family."""
    ind = target.indicator
    label = f"{ind.code} {ind.name}".strip() if ind.code else ind.name
    return ERR_FAMILY_DUPLICATE.format(
        county=target.county.name, programme=ind.project.matter.programme, indicator=label
    )


def upper_refusal(indicator: Indicator, upper_id: int) -> str:
    """Why `indicator` cannot take `upper_id` as its 上级计划指标 ("" when it can): the checks of clean()."""
    original = indicator.upper_id
    indicator.upper_id = upper_id
    try:
        indicator._clean_upper()
    except ValidationError as exc:
        return "；".join(exc.message_dict.get("upper", exc.messages))
    finally:
        indicator.upper_id = original
    return ""


def indicator_family(indicator: Indicator, *, down_only: bool = False) -> dict[int, int]:
    """{indicator id: depth below the family's top}: the indicator's family of upper links (its top and every
    indicator linked to it, at most MAX_UPPER_DEPTH links deep), or with down_only the indicator and those
    linked below it (depth counted from it). Two queries at most."""
    top = indicator
    if not down_only:
        chain = Indicator.objects.filter(pk=indicator.pk).values_list("upper_id", "upper__upper_id").first()
        top_id = (chain and (chain[1] or chain[0])) or indicator.pk
    else:
        top_id = top.pk
    rows = Indicator.objects.filter(
        Q(pk=top_id) | Q(upper_id=top_id) | Q(upper__upper_id=top_id)
    ).values_list("pk", "upper_id")
    parent = dict(rows)
    out = {}
    for pk in parent:
        depth, node = 0, pk
        while node != top_id and depth <= MAX_UPPER_DEPTH:
            node, depth = parent.get(node), depth + 1
        out[pk] = depth
    return out


ERR_TARGET_NOT_COUNTY = "任务只能分解到县市区。"
ERR_TARGET_OTHER_CITY = "“{county}”不属于“{owner}”，不能把“{owner}”的指标分解到其他市（州）的县市区。"


class IndicatorTarget(models.Model):
    """One row of the 任务分解表: a county's share of an indicator's target."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="targets"
    )
    county = models.ForeignKey(
        Organisation, verbose_name="县市区", on_delete=models.PROTECT, related_name="indicator_targets"
    )
    target = models.DecimalField("目标任务", max_digits=16, decimal_places=4, null=True, blank=True)
    target_text = models.CharField("目标说明", max_length=200, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "县市区目标任务"
        verbose_name_plural = "任务分解表"
        ordering = ["indicator", "county__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "county"], name="target_one_per_county"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0), name="target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.county}"

    def clean(self) -> None:
        if self.county_id and self.county.kind != Organisation.Kind.COUNTY:
            raise ValidationError({"county": ERR_TARGET_NOT_COUNTY})
        if self.county_id and self.indicator_id:
            owner = self.indicator.project.matter.programme.organisation
            # A county-level programme (邵东市's) may list the county itself; any other must hold the county.
            if owner.path and self.county.path and not self.county.is_within(owner):
                raise ValidationError(
                    {"county": ERR_TARGET_OTHER_CITY.format(county=self.county.name, owner=owner.name)}
                )
        if self.county_id and self.indicator_id:
            family = indicator_family(self.indicator)
            if len(family) > 1:
                other = (
                    IndicatorTarget.objects.filter(
                        indicator_id__in=[pk for pk in family if pk != self.indicator_id],
                        county_id=self.county_id,
                    )
                    .select_related("county", "indicator__project__matter__programme__organisation")
                    .first()
                )
                if other is not None:
                    raise ValidationError({"county": family_clash_message(other)})
