"""Factories of the intake (reusing tests/factories.py for organisations and users)."""
from datetime import timedelta

import factory
from django.utils import timezone

from minsheng.accounts.models import Organisation, Role
from proposals.models import Campaign, Channel, Proposal
from tests.factories import CountyFactory, OrganisationFactory, UserFactory


def city():
    return OrganisationFactory(name="测试市", kind=Organisation.Kind.CITY)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    organisation = factory.LazyFunction(lambda: Organisation.objects.get_or_create(
        name="测试市", parent=Organisation.objects.get_or_create(name="测试省", parent=None,
                                                                kind=Organisation.Kind.PROVINCE)[0],
        defaults={"kind": Organisation.Kind.CITY})[0])
    year = 2025
    title = factory.Sequence(lambda n: f"2025 年重点民生实事项目征集 {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    levels = ["province", "city"]
    channels = [c.value for c in Channel]
    state = Campaign.State.PUBLISHED


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"建议项目{n}")
    level = "city"
    proposer_name = "张三"
    proposer_phone = factory.Sequence(lambda n: f"138{n:08d}")
    content = "实施内容"
    channel = Channel.PUBLIC


def county_clerk(county=None, **kw):
    county = county or CountyFactory()
    return UserFactory(role=Role.COUNTY, organisation=county, **kw)


def dept_user(dept=None, **kw):
    dept = dept or OrganisationFactory(kind=Organisation.Kind.DEPARTMENT)
    return UserFactory(role=Role.DEPARTMENT, organisation=dept, **kw)


def office_user(**kw):
    return UserFactory(role=Role.OFFICE, **kw)
