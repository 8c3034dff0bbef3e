"""projects.services: the programme's side of adopting a chosen candidate, from plain values (no Candidate)."""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import IndicatorKind, Level, Matter
from projects.services import YearTarget, project_create_from_candidate
from tests.factories import OrganisationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_quantity_target_becomes_the_projects_indicator_at_the_programmes_level():
    programme = ProgrammeFactory()
    lead, co = OrganisationFactory(), OrganisationFactory()
    project = project_create_from_candidate(
        programme=programme,
        name="城乡供水提质改造",
        content="改造供水管网",
        domain="housing",
        responsible_unit=lead,
        co_units=[co],
        deadline=date(2024, 12, 31),
        target=YearTarget(description="改造管网", unit="公里", quantity=Decimal("12.5")),
        note="人大代表票决确定",
    )
    assert project.matter.programme == programme
    assert project.matter.level == Level.CITY
    assert list(project.responsible_units.all()) == [co]
    indicator = project.indicators.get()
    assert (indicator.kind, indicator.target, indicator.unit) == (IndicatorKind.QUANTITY, Decimal("12.5"), "公里")
    assert (indicator.lead_unit, indicator.due_date, indicator.note) == (lead, date(2024, 12, 31), "人大代表票决确定")


def test_without_a_target_it_is_a_deadline_indicator_and_a_second_call_adds_nothing():
    programme = ProgrammeFactory()
    kwargs = {"programme": programme, "name": "背街小巷改造", "content": "", "domain": "", "responsible_unit": None}
    project = project_create_from_candidate(**kwargs, deadline=date(2024, 10, 1))
    indicator = project.indicators.get()
    assert (indicator.kind, indicator.name, indicator.due_date) == (
        IndicatorKind.DEADLINE,
        "背街小巷改造按期完成",
        date(2024, 10, 1),
    )
    assert project_create_from_candidate(**kwargs) == project
    assert Matter.objects.filter(programme=programme).count() == 1
