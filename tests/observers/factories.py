"""Factories for the observers app (on top of tests/factories.py)."""

from datetime import date

import factory
from django.utils import timezone

from minsheng.accounts.models import Organisation, Role
from observers.models import FieldReport, Finding, Observer, ObserverCategory, ObserverGroup
from tests.factories import MatterFactory, OrganisationFactory, ProjectFactory, UserFactory


def project(**kwargs):
    """A project under one shared test matter (the foundation's ProgrammeFactory is one per year)."""
    from projects.models import Matter

    matter = Matter.objects.filter(name="观察员测试实事").first() or MatterFactory(name="观察员测试实事")
    return ProjectFactory(matter=matter, **kwargs)


class CityFactory(OrganisationFactory):
    name = "测试市"
    kind = Organisation.Kind.CITY


class ObserverGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObserverGroup

    name = factory.Sequence(lambda n: f"第{n}小组")
    field = "livelihood"


class ObserverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observer

    user = factory.SubFactory(UserFactory, role=Role.OBSERVER)
    name = factory.Sequence(lambda n: f"观察员{n}")
    organisation = factory.LazyFunction(lambda: CityFactory())
    category = ObserverCategory.TEACHER
    work_unit = "某中学"
    phone = "13812345678"
    appointed_on = date(2023, 6, 1)
    certificate_no = factory.Sequence(lambda n: f"SYGC-2023-{n:03d}")
    group = factory.SubFactory(ObserverGroupFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldReport

    observer = factory.SubFactory(ObserverFactory)
    project = factory.LazyFunction(project)
    kind = "snapshot"
    visited_on = date(2024, 3, 5)
    content = "现场施工中"
    suggestions = "加快进度"


class SubmittedReportFactory(ReportFactory):
    state = FieldReport.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    report = factory.SubFactory(SubmittedReportFactory)
    seq = factory.Sequence(lambda n: n + 1)
    description = "消防设施配套不齐"


def county(name="测试洞口县"):
    return OrganisationFactory(name=name, kind=Organisation.Kind.COUNTY)


def clerk(unit, username=None, role=Role.COUNTY):
    return UserFactory(username=username or f"clerk_{unit.pk}", role=role, organisation=unit)


def office(username="office_t"):
    return UserFactory(username=username, role=Role.OFFICE)
