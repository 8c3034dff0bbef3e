"""Writes to the programme that other apps ask for (the candidates app adopts its chosen candidates here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from minsheng.accounts.models import Organisation

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
    else:
        indicator = Indicator(
            project=project,
            seq=1,
            name=f"{name}按期完成",
            kind=IndicatorKind.DEADLINE,
            due_date=deadline,
            target_text="" if deadline else "按期完成",
            lead_unit=responsible_unit,
            is_demo=is_demo,
            note=note,
        )
    indicator.full_clean()
    indicator.save()
    return project
