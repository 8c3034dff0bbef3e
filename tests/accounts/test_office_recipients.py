"""Which 专班办公室 hears about a unit's work (accounts.selectors.office_users_for): the office of the level that
runs it, never another city's office or the province's. Notices name observers and findings (personal data), so a
notice sent to every office account in a shared instance would leak one city's field work to every other."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from minsheng.accounts.models import Organisation, Role
from minsheng.accounts.selectors import office_users_for
from minsheng.common.models import Notification
from tests.factories import MatterFactory, ProgrammeFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind
SH = ZoneInfo("Asia/Shanghai")


def org(name, kind, parent=None):
    return Organisation.objects.create(name=name, kind=kind, parent=parent)


@pytest.fixture
def tree():
    t = {"province": org("甲省", K.PROVINCE)}
    t["city_a"] = org("甲市", K.CITY, t["province"])
    t["city_b"] = org("乙市", K.CITY, t["province"])
    t["county_a1"] = org("甲一县", K.COUNTY, t["city_a"])
    t["county_a2"] = org("甲二市", K.COUNTY, t["city_a"])  # runs its own office
    t["county_b1"] = org("乙一县", K.COUNTY, t["city_b"])
    t["dept_a"] = org("甲市教育局", K.DEPARTMENT, t["city_a"])
    for key, parent in (("province", "province"), ("a", "city_a"), ("b", "city_b"), ("a2", "county_a2")):
        unit = org(f"{t[parent].name}专班办公室", K.OFFICE, t[parent])
        t[f"user_{key}"] = UserFactory(username=f"office_{key}", role=Role.OFFICE, organisation=unit)
    return t


def names(users):
    return sorted(u.username for u in users)


def test_the_office_of_the_level_that_runs_the_work(tree):
    assert names(office_users_for(org=tree["city_a"])) == ["office_a"]
    assert names(office_users_for(org=tree["county_a1"])) == ["office_a"]
    assert names(office_users_for(org=tree["dept_a"])) == ["office_a"]
    assert names(office_users_for(org=tree["county_a2"])) == ["office_a2"]  # not the city's office as well
    assert names(office_users_for(org=tree["county_b1"])) == ["office_b"]
    assert names(office_users_for(org=tree["province"])) == ["office_province"]


def test_unit_less_office_accounts_hear_everything_and_inactive_ones_nothing(tree):
    top = UserFactory(username="office_top", role=Role.OFFICE, organisation=None)
    tree["user_b"].is_active = False
    tree["user_b"].save()
    # 乙市's office has no active account: the level above runs its work, as office_manages says.
    assert names(office_users_for(org=tree["county_b1"])) == ["office_province", "office_top"]
    assert names(office_users_for(org=tree["county_a1"])) == ["office_a", "office_top"]
    assert names(office_users_for(org=None)) == [top.username]


def test_a_county_whose_office_has_no_account_is_heard_by_the_city(tree):
    tree["user_a2"].is_active = False
    tree["user_a2"].save()
    assert names(office_users_for(org=tree["county_a2"])) == ["office_a"]


def test_term_expiry_tells_only_the_appointing_level(tree):
    from observers.tasks import term_expiry_notify
    from tests.observers.factories import ObserverFactory

    in_a2 = ObserverFactory(
        organisation=tree["county_a2"], appointed_on=date(2022, 1, 1), term_ends_on=date(2024, 6, 20)
    )
    in_b = ObserverFactory(
        organisation=tree["city_b"], appointed_on=date(2022, 1, 1), term_ends_on=date(2024, 6, 21)
    )
    with freeze_time(datetime(2024, 6, 1, 9, tzinfo=SH)):
        assert term_expiry_notify.delay().get() == 2
    office_notes = Notification.objects.filter(kind="observers.term", recipient__role=Role.OFFICE)
    assert sorted((n.recipient.username, n.title) for n in office_notes) == [
        ("office_a2", f"观察员{in_a2.name}的聘期将于2024年6月20日届满"),
        ("office_b", f"观察员{in_b.name}的聘期将于2024年6月21日届满"),
    ]


def test_a_field_report_is_announced_to_its_programme_office_only(tree):
    from observers.services.reports import report_submit
    from tests.observers.factories import ObserverFactory, ReportFactory

    programme = ProgrammeFactory(organisation=tree["city_b"])
    project = ProjectFactory(matter=MatterFactory(programme=programme))
    observer = ObserverFactory(organisation=tree["city_b"])
    report = ReportFactory(observer=observer, project=project, county=tree["county_b1"])
    report_submit(report=report, by=observer.user)
    notes = Notification.objects.filter(kind="observers.report")
    assert [n.recipient.username for n in notes] == ["office_b"]
