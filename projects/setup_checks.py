"""The set-up checklist items of the programme: the tree, the people, the year's indicators and their targets."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.urls import reverse

from minsheng.accounts.models import Organisation, Role, User
from minsheng.accounts.rules import office_scope_q
from minsheng.common.workbook import CheckItem

from .models import Indicator, IndicatorKind, Programme


def _setup(kind: str) -> str:
    return reverse("common:setup") + f"?kind={kind}"


def current_programmes(user=None) -> list[Programme]:
    """The programmes of the latest year (the year being set up); for an office user, of its own level."""
    own = (
        Programme.objects.filter(office_scope_q(user, "organisation", manage=True))
        if user
        else Programme.objects
    )
    latest = own.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return []
    return list(own.filter(year=latest).select_related("organisation").order_by("organisation__id"))


def programme_checks(*, user=None) -> list[CheckItem]:
    """Organisations, clerks, the programme, units of measure and 任务分解表 of the year being set up (an
    office's own programmes only)."""
    items: list[CheckItem] = []
    regions = Organisation.objects.filter(kind__in=("province", "city")).exists()
    items.append(CheckItem(regions, "已导入市（州）" if regions else "尚无市（州）：请先导入组织机构",
                           _setup("organisations"), "导入组织机构", 10))  # fmt: skip
    programmes = current_programmes(user)
    if not programmes:
        items.append(CheckItem(False, "尚无年度实事计划", _setup("programme"), "导入年度实事计划", 30))
        return items
    for p in programmes:
        org = p.organisation
        counties = list(
            Organisation.objects.filter(
                Q(parent=org) | Q(parent__parent=org), kind=Organisation.Kind.COUNTY, is_active=True
            )
            .annotate(
                has_clerk=Exists(
                    User.objects.filter(
                        Q(organisation=OuterRef("pk")) | Q(organisation__parent=OuterRef("pk")),
                        role=Role.COUNTY,
                        is_active=True,
                    )
                )
            )
            .order_by("sort_order", "id")
        )
        if org.kind == Organisation.Kind.COUNTY:
            counties = []
        else:
            items.append(CheckItem(bool(counties), f"{org.name}下有 {len(counties)} 个县市区" if counties
                                   else f"{org.name}下没有县市区", _setup("organisations"), "导入组织机构", 11))  # fmt: skip
        # a city running its own office sees to its counties' clerks (the province's plan reads them there)
        managed = (
            set(Organisation.objects.filter(office_scope_q(user, manage=True)).values_list("pk", flat=True))
            if user and counties
            else None
        )
        for c in counties:
            if not c.has_clerk and (managed is None or c.pk in managed):
                items.append(
                    CheckItem(
                        False, f"{c.name}没有县市区专班账户（无人填报）", _setup("users"), "导入用户", 20
                    )
                )
        office = (
            User.objects.filter(role=Role.OFFICE, is_active=True)
            .filter(Q(organisation=org) | Q(organisation__parent=org))
            .exists()
        )
        items.append(CheckItem(office, f"{org.name}专班办公室已有账户" if office else f"{org.name}专班办公室没有账户",
                               _setup("users"), "导入用户", 21))  # fmt: skip
        inds = Indicator.objects.filter(project__matter__programme=p)
        n = inds.count()
        # the page is the candidates app's (it merges the vote); named by URL only, so no import goes upward
        draft_url = reverse("candidates:new_year_draft", args=[p.pk])
        waiting = inds.filter(needs_definition=True).count()
        if waiting:
            items.append(CheckItem(False, f"{p}：{waiting} 个票决项目尚未填写指标和年度目标", draft_url,
                                   "填写指标和目标", 35))  # fmt: skip
        if p.is_draft:
            items.append(CheckItem(False, f"{p}仍是草稿：补齐各项后发布，才能开启调度月份", draft_url,
                                   "发布计划", 50))  # fmt: skip
        items.append(CheckItem(n > 0, f"{p}：{n} 个指标" if n else f"{p}：还没有指标", _setup("programme"),
                               "导入年度实事计划", 30))  # fmt: skip
        no_unit = inds.filter(kind=IndicatorKind.QUANTITY, unit="").count()
        if no_unit:
            items.append(CheckItem(False, f"{p}：{no_unit} 个数量类指标没有计量单位", _setup("programme"),
                                   "重新导入年度实事计划", 31))  # fmt: skip
        if counties:
            missing = (
                inds.exclude(kind=IndicatorKind.PENDING)
                .exclude(Exists(Indicator.objects.filter(upper=OuterRef("pk"))))  # split in the lower plans
                .annotate(n=Count("targets"))
                .filter(n=0)
                .count()
            )
            items.append(CheckItem(not missing, f"{p}：{missing} 个指标尚未分解到县市区" if missing
                                   else f"{p}：各指标均已分解到县市区", _setup("targets"), "导入任务分解表", 40))  # fmt: skip
            if n and not missing:
                bad = (
                    inds.filter(target__isnull=False)
                    .annotate(s=Sum("targets__target"))
                    .exclude(s=None)
                    .exclude(s=F("target"))
                    .count()
                )
                if bad:
                    items.append(CheckItem(False, f"{p}：{bad} 个指标的县市区目标之和与年度目标不一致",
                                           _setup("targets"), "核对任务分解表", 41))  # fmt: skip
    return items
