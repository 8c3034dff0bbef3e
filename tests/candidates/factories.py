"""Factories for the candidate screening and the vote."""

import datetime
from decimal import Decimal

import factory

from candidates.models import (
    ApprovalDecision,
    ApprovalKind,
    ApprovalMeeting,
    Candidate,
    CandidateStage,
    Opinion,
    OpinionSource,
    Score,
    ScreeningRound,
)
from minsheng.accounts.models import Organisation, Role
from tests.factories import OrganisationFactory, UserFactory


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningRound
        django_get_or_create = ("organisation", "year")

    organisation = factory.LazyFunction(
        lambda: OrganisationFactory(name="测试区", kind=Organisation.Kind.COUNTY)
    )
    year = 2025


class DepartmentFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"区第{n}局")
    kind = Organisation.Kind.DEPARTMENT


class CandidateFactory(factory.django.DjangoModelFactory):
    """A candidate with every required element and the three declarations (ready for 审核论证)."""

    class Meta:
        model = Candidate

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"备选项目{n}")
    content = "新建社区养老服务站 10 个"
    responsible_unit = factory.SubFactory(DepartmentFactory)
    investment = Decimal("500.00")
    funding_source = "区级财政"
    deadline = datetime.date(2025, 12, 31)
    not_major_project = True
    not_policy_adjustment = True
    not_routine_work = True
    stage = CandidateStage.COLLECTED


def office(**kw):
    return UserFactory(role=Role.OFFICE, **kw)


def deputy(**kw):
    """A deputy of 测试区 (RoundFactory's government): deputies vote on their own level's candidates."""
    kw.setdefault("organisation", OrganisationFactory(name="测试区", kind=Organisation.Kind.COUNTY))
    return UserFactory(role=Role.DEPUTY, **kw)


def department_user(org, **kw):
    return UserFactory(role=Role.DEPARTMENT, organisation=org, **kw)


def make_ready(candidate: Candidate, *, member=None) -> Candidate:
    """Give a candidate everything every forward guard asks for."""
    candidate.budget_confirmed = True
    candidate.save()
    Score.objects.get_or_create(
        candidate=candidate,
        member=member or office(),
        defaults={"necessity": 5, "feasibility": 4, "funding": 4, "performance": 3},
    )
    Opinion.objects.get_or_create(
        candidate=candidate,
        source=OpinionSource.NPC,
        source_name="区人大常委会",
        defaults={"content": "同意", "response": "已采纳"},
    )
    approve_all(candidate.round)
    return candidate


def approve_all(round_):
    for i, kind in enumerate(ApprovalKind):
        ApprovalMeeting.objects.get_or_create(
            round=round_,
            kind=kind,
            defaults={"held_on": datetime.date(2025, 1, 10 + i), "decision": ApprovalDecision.APPROVED},
        )
