"""Writes to the programme that other apps ask for (the candidates app adopts its chosen candidates here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_office, office_manages

from .models import Indicator, IndicatorKind, Level, Matter, Programme, Project

# A programme's 实事 take the level of the government whose programme it is.
LEVEL_BY_KIND = {
    Organisation.Kind.PROVINCE: Level.PROVINCE,
    Organisation.Kind.CITY: Level.CITY,
}


@dataclass(frozen=True)
class YearTarget:
    """What a project is to achieve in the programme's year: a quantity in a unit, or a described standard."""

    description: str
    unit: str = ""
    quantity: Decimal | None = None


@transaction.atomic
def project_create_from_candidate(
    *,
    programme: Programme,
    name: str,
    content: str,
    domain: str,
    responsible_unit: Organisation | None,
    co_units: Iterable[Organisation] = (),
    deadline: date | None = None,
    target: YearTarget | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Project:
    """Add an adopted candidate to the programme as one 实事 with one 项目 and its year's 指标 (a target's
    quantity or standard, else 按期完成 by the deadline). A project of that name already there is returned."""
    level = LEVEL_BY_KIND.get(programme.organisation.kind, Level.COUNTY)
    existing = Project.objects.filter(matter__programme=programme, name=name).first()
    if existing is not None:
        return existing
    seq = (Matter.objects.filter(programme=programme, level=level).aggregate(m=Max("seq"))["m"] or 0) + 1
    matter = Matter(
        programme=programme,
        level=level,
        seq=seq,
        name=name,
        description=content,
        domain=domain,
        lead_unit=responsible_unit,
        is_demo=is_demo,
    )
    matter.full_clean()
    matter.save()
    project = Project(
        matter=matter,
        seq=1,
        name=name,
        description=content,
        domain=domain,
        lead_unit=responsible_unit,
        is_demo=is_demo,
    )
    project.full_clean()
    project.save()
    co_units = list(co_units)
    if co_units:
        matter.responsible_units.set(co_units)
        project.responsible_units.set(co_units)
    if target is not None:
        indicator = Indicator(
            needs_definition=target.quantity is not None and not target.unit,
            project=project,
            seq=1,
            name=target.description,
            unit=target.unit,
            kind=IndicatorKind.QUANTITY if target.quantity is not None else IndicatorKind.STANDARD,
            target=target.quantity,
            target_text="" if target.quantity is not None else target.description,
            due_date=deadline,
            lead_unit=responsible_unit,
            is_demo=is_demo,
            note=note,
        )
    else:  # no target for the year: the office supplies the real indicator before the programme can report
        indicator = Indicator(
            project=project,
            seq=1,
            name=f"{name}按期完成",
            kind=IndicatorKind.DEADLINE if deadline else IndicatorKind.PENDING,
            due_date=deadline,
            lead_unit=responsible_unit,
            is_demo=is_demo,
            note=note,
            needs_definition=True,
        )
    indicator.full_clean()
    indicator.save()
    return project


ERR_DEFINE_NAME = "请填写指标名称。"
ERR_DEFINE_UNIT = "“{kind}”类指标须填写计量单位。"
ERR_DEFINE_TARGET = "“{kind}”类指标须填写年度目标（数字）。"
ERR_DEFINE_TEXT = "“{kind}”类指标须填写目标说明或完成时限。"
ERR_DEFINE_PENDING = "票决项目须填写确定的指标和年度目标，不能选“目标待定”。"
ERR_DEFINE_PUBLISHED = "该指标不在草稿计划中，或已经填写过；请在年度实事计划中修改。"
ERR_PUBLISH_UNDEFINED = "还有 {n} 个票决项目没有填写指标和年度目标（{names}），补齐后才能发布计划。"
ERR_PUBLISH_NOT_DRAFT = "该计划已经发布。"
ERR_OFFICE_ONLY = "只有本级专班办公室可以填写票决项目的指标和目标、发布年度计划。"


@transaction.atomic
def indicator_define(
    *,
    indicator: Indicator,
    name: str,
    unit: str,
    kind: str,
    target: Decimal | None,
    target_text: str,
    due_date: date | None,
    actor,
) -> Indicator:
    """The office gives an adopted item without a target its real indicator and annual target (replaces the
    placeholder; the change is kept in the indicator's history)."""
    if not is_office(actor) or not office_manages(actor, indicator.project.matter.programme.organisation):
        raise PermissionDenied(ERR_OFFICE_ONLY)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if not indicator.needs_definition:
        raise ValidationError(ERR_DEFINE_PUBLISHED)
    label = IndicatorKind(kind).label
    errors = {}
    if not name.strip():
        errors["name"] = ERR_DEFINE_NAME
    if kind == IndicatorKind.PENDING:
        errors["kind"] = ERR_DEFINE_PENDING
    if kind == IndicatorKind.QUANTITY and not unit.strip():
        errors["unit"] = ERR_DEFINE_UNIT.format(kind=label)
    if kind in (IndicatorKind.QUANTITY, IndicatorKind.PERCENT) and target is None:
        errors["target"] = ERR_DEFINE_TARGET.format(kind=label)
    if kind in (IndicatorKind.STANDARD, IndicatorKind.DEADLINE) and not (
        target_text.strip() or due_date or target is not None
    ):
        errors["target_text"] = ERR_DEFINE_TEXT.format(kind=label)
    if errors:
        raise ValidationError(errors)
    indicator.name, indicator.unit, indicator.kind = name.strip(), unit.strip(), kind
    if kind == IndicatorKind.PERCENT and not indicator.unit:
        indicator.unit = "%"
    indicator.target, indicator.target_text = target, target_text.strip()
    indicator.due_date = due_date or indicator.due_date
    indicator.needs_definition = False
    indicator._change_reason = f"{getattr(actor, 'display_name', actor)}填写票决项目的指标和年度目标"
    indicator.full_clean()
    indicator.save()
    return indicator


def programme_undefined(*, programme: Programme) -> list[Indicator]:
    """The programme's adopted items still waiting for their real indicator and target."""
    return list(
        Indicator.objects.filter(project__matter__programme=programme, needs_definition=True)
        .select_related("project__matter", "lead_unit")
        .order_by("project__matter__level_order", "project__matter__seq", "project__seq", "seq")
    )


@transaction.atomic
def programme_publish(*, programme: Programme, actor) -> Programme:
    """Publish a draft programme (it becomes public and may open reporting months): refused while an adopted
    item has no real indicator and target."""
    if not is_office(actor) or not office_manages(actor, programme.organisation):
        raise PermissionDenied(ERR_OFFICE_ONLY)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.is_draft:
        raise ValidationError(ERR_PUBLISH_NOT_DRAFT)
    waiting = programme_undefined(programme=programme)
    if waiting:
        names = "、".join(i.project.name for i in waiting[:3]) + ("等" if len(waiting) > 3 else "")
        raise ValidationError(ERR_PUBLISH_UNDEFINED.format(n=len(waiting), names=names))
    programme.is_draft = False
    programme.is_public = True
    programme.published_by = actor
    programme.published_at = timezone.now()
    programme.full_clean()
    programme.save(update_fields=["is_draft", "is_public", "published_by", "published_at"])
    return programme
