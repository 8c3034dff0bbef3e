"""The office scope, written once in minsheng.accounts.rules: the materialised path, the root an office
acts for, what it sees (its subtree) and what it changes (its own level), and the refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation, Role
from minsheng.accounts.rules import (
    ERR_ORG_OUTSIDE_SCOPE,
    check_assignable,
    has_full_scope,
    in_office_scope,
    office_manages,
    office_root_of,
    office_scope_q,
)
from minsheng.accounts.selectors import area_of, site_area_for
from minsheng.common.context_processors import site_names
from projects.models import ERR_TARGET_OTHER_CITY, IndicatorTarget, Programme
from projects.selectors import programmes_visible_to
from tests.factories import IndicatorFactory, MatterFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind


def org(name, kind, parent=None):
    return Organisation.objects.create(name=name, kind=kind, parent=parent)


@pytest.fixture
def tree():
    t = {}
    t["province"] = org("甲省", K.PROVINCE)
    t["city_a"] = org("甲市", K.CITY, t["province"])
    t["city_b"] = org("乙市", K.CITY, t["province"])
    t["county_a1"] = org("甲一县", K.COUNTY, t["city_a"])
    t["county_a2"] = org("甲二市", K.COUNTY, t["city_a"])  # a county-level city with its own office
    t["county_b1"] = org("乙一县", K.COUNTY, t["city_b"])
    t["office_province"] = org("甲省专班办公室", K.OFFICE, t["province"])
    t["office_a"] = org("甲市专班办公室", K.OFFICE, t["city_a"])
    t["office_b"] = org("乙市专班办公室", K.OFFICE, t["city_b"])
    t["office_a2"] = org("甲二市专班办公室", K.OFFICE, t["county_a2"])
    t["dept_a"] = org("甲市教育局", K.DEPARTMENT, t["city_a"])
    return t


def office_user(unit, name):
    return UserFactory(username=name, role=Role.OFFICE, organisation=unit)


def test_paths_are_written_on_save_and_follow_a_move(tree):
    a1 = tree["county_a1"]
    assert a1.path == f"/{tree['province'].pk}/{tree['city_a'].pk}/{a1.pk}/"
    town = org("某镇", K.TOWN, a1)
    a1.parent = tree["city_b"]
    a1.save()
    town.refresh_from_db()
    assert town.path == f"/{tree['province'].pk}/{tree['city_b'].pk}/{a1.pk}/{town.pk}/"
    assert set(Organisation.objects.subtree_of(tree["city_b"])) == {tree["city_b"], tree["county_b1"],
                                                                    tree["office_b"], a1, town}  # fmt: skip


def test_rebuild_paths_repairs_bulk_created_rows(tree):
    Organisation.objects.bulk_create([Organisation(name="批量县", kind=K.COUNTY, parent=tree["city_b"])])
    bulk = Organisation.objects.get(name="批量县")
    assert bulk.path == ""
    Organisation.objects.rebuild_paths()
    bulk.refresh_from_db()
    assert bulk.path == f"{tree['city_b'].path}{bulk.pk}/"


def test_the_root_an_office_acts_for(tree):
    assert office_root_of(office_user(tree["office_a"], "oa")) == tree["city_a"]
    assert office_root_of(office_user(tree["office_a2"], "oa2")) == tree["county_a2"]
    assert office_root_of(office_user(tree["office_province"], "op")) == tree["province"]
    admin = UserFactory(username="adm", role=Role.ADMIN, organisation=tree["office_a"])
    assert has_full_scope(admin) and office_root_of(admin) is None
    clerk = UserFactory(username="clerk", role=Role.COUNTY, organisation=tree["county_a1"])
    assert office_root_of(clerk) is None and not in_office_scope(clerk, tree["county_a1"])


def test_city_office_sees_its_subtree_and_changes_its_own_level(tree):
    oa = office_user(tree["office_a"], "oa")
    assert in_office_scope(oa, tree["county_a1"]) and in_office_scope(oa, tree["county_a2"])
    assert not in_office_scope(oa, tree["city_b"]) and not in_office_scope(oa, tree["county_b1"].pk)
    assert office_manages(oa, tree["city_a"]) and office_manages(oa, tree["county_a1"])
    # 甲二市's office exists on paper only (nobody signs in for it): the city still runs 甲二市's work.
    assert office_manages(oa, tree["county_a2"])
    # Once 甲二市's office has its own account it runs its own work: the city reads it, does not change it.
    office_user(tree["office_a2"], "oa2")
    oa = type(oa).objects.get(pk=oa.pk)  # the scope is cached per request (per user object)
    assert in_office_scope(oa, tree["county_a2"]) and not office_manages(oa, tree["county_a2"])


def test_province_office_reads_every_city_and_changes_only_its_own(tree):
    office_user(tree["office_a"], "oa")
    office_user(tree["office_b"], "ob")
    op = office_user(tree["office_province"], "op")
    assert in_office_scope(op, tree["city_a"]) and in_office_scope(op, tree["county_b1"])
    assert office_manages(op, tree["province"])
    assert not office_manages(op, tree["city_a"]) and not office_manages(op, tree["county_b1"])


def test_county_office_sees_only_its_county(tree):
    oa2 = office_user(tree["office_a2"], "oa2")
    assert office_manages(oa2, tree["county_a2"])
    assert not in_office_scope(oa2, tree["city_a"]) and not in_office_scope(oa2, tree["county_a1"])


def test_querysets_take_the_same_scope(django_assert_max_num_queries, tree):
    programmes = {k: Programme.objects.create(year=2024, organisation=tree[k], name="实事")
                  for k in ("province", "city_a", "county_a2", "city_b")}  # fmt: skip
    oa, ob = office_user(tree["office_a"], "oa"), office_user(tree["office_b"], "ob")
    op, oa2 = office_user(tree["office_province"], "op"), office_user(tree["office_a2"], "oa2")
    want = {
        oa: {"city_a", "county_a2"},
        ob: {"city_b"},
        op: {"province", "city_a", "county_a2", "city_b"},
        oa2: {"county_a2"},
    }
    for user, keys in want.items():
        with django_assert_max_num_queries(3):  # the root (once), then one query whatever the tree's size
            got = set(programmes_visible_to(user))
        assert got == {programmes[k] for k in keys}, user.username
    managed = Programme.objects.filter(office_scope_q(op, "organisation", manage=True))
    assert set(managed) == {programmes["province"]}
    assert set(Programme.objects.filter(office_scope_q(oa, "organisation", manage=True))) == {
        programmes["city_a"]
    }


def test_assigning_a_user_outside_the_subtree_is_refused(tree):
    oa = office_user(tree["office_a"], "oa")
    check_assignable(oa, tree["dept_a"])  # own subtree: fine
    with pytest.raises(ValidationError) as exc:
        check_assignable(oa, tree["county_b1"])
    assert exc.value.messages == [ERR_ORG_OUTSIDE_SCOPE.format(org="乙一县", root="甲市")]


def test_a_target_cannot_go_to_a_county_of_another_city(tree):
    programme = Programme.objects.create(year=2024, organisation=tree["city_a"], name="实事")
    indicator = IndicatorFactory(project=ProjectFactory(matter=MatterFactory(programme=programme)))
    IndicatorTarget(indicator=indicator, county=tree["county_a1"], target=1).full_clean()
    with pytest.raises(ValidationError) as exc:
        IndicatorTarget(indicator=indicator, county=tree["county_b1"], target=1).full_clean()
    assert exc.value.message_dict["county"] == [ERR_TARGET_OTHER_CITY.format(county="乙一县", owner="甲市")]


def test_names_come_from_the_tree(tree):
    ob = office_user(tree["office_b"], "ob")
    assert site_names(ob) == {"CITY_NAME": "乙市", "OFFICE_NAME": "乙市专班办公室"}
    oa2 = office_user(tree["office_a2"], "oa2")
    assert site_names(oa2)["OFFICE_NAME"] == "甲二市专班办公室"
    dept = UserFactory(username="d", role=Role.DEPARTMENT, organisation=tree["dept_a"])
    assert site_area_for(dept) == tree["city_a"]
    clerk = UserFactory(username="c", role=Role.COUNTY, organisation=tree["county_b1"])
    assert site_area_for(clerk) == tree["city_b"]
    # An anonymous page shows the organisation of what it shows, else the setting.
    assert site_names(None, page_owner=tree["office_b"])["CITY_NAME"] == "乙市"
    assert area_of(tree["office_a2"]) == tree["county_a2"]


def test_names_fall_back_to_the_setting(settings):
    settings.MINSHENG = {**settings.MINSHENG, "CITY_NAME": "丙市"}
    assert site_names(None) == {"CITY_NAME": "丙市", "OFFICE_NAME": "丙市重点民生实事工作专班办公室"}


def test_the_admin_lists_and_opens_only_the_offices_subtree(client, tree):
    from django.urls import reverse

    mine = Programme.objects.create(year=2024, organisation=tree["city_b"], name="实事")
    theirs = Programme.objects.create(year=2024, organisation=tree["city_a"], name="实事")
    client.force_login(office_user(tree["office_b"], "ob"))
    listing = client.get(reverse("admin:projects_programme_changelist")).content.decode()
    assert str(mine) in listing and str(theirs) not in listing
    assert client.get(reverse("admin:projects_programme_change", args=[mine.pk])).status_code == 200
    other = client.get(reverse("admin:projects_programme_change", args=[theirs.pk]))
    assert other.status_code == 302  # the admin's "not found" answer: back to its index with a message


def test_an_email_is_titled_and_signed_with_the_recipients_government(tree, settings):
    from django.core import mail

    from minsheng.common.delivery import notification_email_deliver
    from minsheng.common.models import Notification

    ob = office_user(tree["office_b"], "ob")
    ob.email = "ob@example.cn"
    ob.save()
    note = Notification.objects.create(recipient=ob, title="请审核", body="有 3 条数据待审核")
    assert notification_email_deliver(notification_id=note.pk)
    sent = mail.outbox[-1]
    assert sent.subject == f"【乙市{settings.MINSHENG['PLATFORM_NAME']}】请审核"
    assert sent.body.endswith("乙市专班办公室")
