"""Observers at their level (issue 20): a county's observers work on the county's projects only; an office
sees and manages the observers and groups of its own subtree."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation, Role
from observers import selectors
from observers.services.reports import ERR_PROJECT_OUTSIDE, report_save
from projects.models import Programme
from tests.factories import (
    IndicatorFactory,
    IndicatorTargetFactory,
    MatterFactory,
    ProjectFactory,
    UserFactory,
)

from .factories import ObserverFactory, ObserverGroupFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind


@pytest.fixture
def tree():
    province = Organisation.objects.create(name="甲省", kind=K.PROVINCE)
    city = Organisation.objects.create(name="甲市", kind=K.CITY, parent=province)
    other_city = Organisation.objects.create(name="乙市", kind=K.CITY, parent=province)
    county = Organisation.objects.create(name="甲一县", kind=K.COUNTY, parent=city)
    county2 = Organisation.objects.create(name="甲二县", kind=K.COUNTY, parent=city)
    office_b = Organisation.objects.create(name="乙市专班办公室", kind=K.OFFICE, parent=other_city)

    def project_of(owner, name, county_target=None):
        programme = Programme.objects.get_or_create(year=2024, organisation=owner, defaults={"name": "实事"})[
            0
        ]
        p = ProjectFactory(matter=MatterFactory(programme=programme), name=name)
        if county_target is not None:
            IndicatorTargetFactory(indicator=IndicatorFactory(project=p), county=county_target, target=1)
        return p

    return {
        "city": city,
        "county": county,
        "other_city": other_city,
        "office_b": office_b,
        "county_project": project_of(county, "县定项目"),
        "city_project_in_county": project_of(city, "市定项目甲一", county),
        "city_project_elsewhere": project_of(city, "市定项目甲二", county2),
        "other_city_project": project_of(other_city, "乙市项目"),
    }


def test_a_countys_observer_picks_only_the_countys_projects(tree):
    observer = ObserverFactory(organisation=tree["county"], group=None)
    followed, others = selectors.project_choices_for(observer=observer)
    names = {p.name for p in followed + others}
    assert names == {"县定项目", "市定项目甲一"}
    city_observer = ObserverFactory(organisation=tree["city"], group=None)
    followed, others = selectors.project_choices_for(observer=city_observer)
    assert {p.name for p in followed + others} == {"县定项目", "市定项目甲一", "市定项目甲二"}


def test_a_report_on_another_levels_project_is_refused(tree):
    observer = ObserverFactory(organisation=tree["county"], group=None)
    data = {"project": tree["other_city_project"], "kind": "snapshot", "visited_on": date(2024, 3, 5),
            "content": "现场施工中"}  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        report_save(observer=observer, by=observer.user, data=data)
    assert exc.value.message_dict["project"] == [ERR_PROJECT_OUTSIDE.format(project="乙市项目", org="甲一县")]
    data["project"] = tree["county_project"]
    assert report_save(observer=observer, by=observer.user, data=data).pk


def test_an_office_sees_only_its_subtrees_observers_and_groups(tree):
    ours = ObserverFactory(organisation=tree["county"], group=ObserverGroupFactory(name="甲市小组"))
    theirs = ObserverFactory(organisation=tree["other_city"], group=ObserverGroupFactory(name="乙市小组"))
    empty = ObserverGroupFactory(name="新建小组")
    office_b = UserFactory(username="ob", role=Role.OFFICE, organisation=tree["office_b"])
    assert list(selectors.observers_visible_to(office_b)) == [theirs]
    assert set(selectors.groups_visible_to(office_b)) == {theirs.group, empty}
    assert ours not in selectors.group_candidates(group=theirs.group, user=office_b)


def test_the_certificate_is_issued_by_the_appointing_governments_task_force(tree):
    from observers.views.roster import _certificate_context

    Organisation.objects.create(name="甲一县民生实事工作专班办公室", kind=K.OFFICE, parent=tree["county"])
    county_observer = ObserverFactory(organisation=tree["county"], group=None)
    ctx = _certificate_context(county_observer)
    assert ctx["city"] == "甲一县" and ctx["issuer"] == "甲一县民生实事工作专班"
    city_observer = ObserverFactory(organisation=tree["city"], group=None)
    ctx = _certificate_context(city_observer)  # no office unit under 甲市 in this tree: the usual wording
    assert ctx["city"] == "甲市" and ctx["issuer"] == "甲市重点民生实事工作专班"
