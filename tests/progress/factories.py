"""Factories for progress tests (built on tests/factories.py)."""

from decimal import Decimal

import factory

from minsheng.accounts.models import Role
from progress.models import Figure, FigureState, ReportingPeriod, default_deadline
from tests.factories import (  # noqa: F401 - re-exported for the tests
    CountyFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("programme", "month")

    programme = factory.SubFactory(ProgrammeFactory)
    month = 9
    deadline = factory.LazyAttribute(lambda o: default_deadline(o.programme.year, o.month))


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    target = factory.SubFactory(IndicatorTargetFactory)
    period = factory.LazyAttribute(
        lambda o: PeriodFactory(programme=o.target.indicator.project.matter.programme)
    )
    value = Decimal("5")
    state = FigureState.SUBMITTED


def county_clerk(county, username=None):
    return UserFactory(username=username or f"clerk_{county.pk}", role=Role.COUNTY, organisation=county)


def office(username="office_t"):
    return UserFactory(username=username, role=Role.OFFICE)
