"""Each 专班办公室 runs its own level's scheduled work (issue 20): one entry per office of every job declared
"per_office", timed and stopped by that office alone, each running only the programmes, observers and hand-offs of
its level; the instance entry runs the levels with no office of their own; the system's jobs are the
administrator's."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from freezegun import freeze_time

from minsheng.accounts.models import Organisation, Role
from minsheng.common import schedules
from minsheng.common.models import Notification, ScheduledJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind
SH = ZoneInfo("Asia/Shanghai")
PER_OFFICE = sorted(n for n, e in settings.CELERY_BEAT_SCHEDULE.items() if e.get("per_office"))
SYSTEM = sorted(n for n, e in settings.CELERY_BEAT_SCHEDULE.items() if not e.get("per_office"))
BULLETINS = "reports-bulletins-monthly"


def org(name, kind, parent=None):
    return Organisation.objects.create(name=name, kind=kind, parent=parent)


def office_account(region, username):
    unit = org(f"{region.name}专班办公室", K.OFFICE, region)
    return UserFactory(username=username, role=Role.OFFICE, organisation=unit)


@pytest.fixture
def tree():
    t = {"province": org("甲省", K.PROVINCE)}
    t["city_a"] = org("甲市", K.CITY, t["province"])
    t["city_b"] = org("乙市", K.CITY, t["province"])
    t["city_c"] = org("丙市", K.CITY, t["province"])  # no office account: the instance entry runs its work
    t["county_a1"] = org("甲一县", K.COUNTY, t["city_a"])
    t["county_a2"] = org("甲二市", K.COUNTY, t["city_a"])
    t["office_a"] = office_account(t["city_a"], "office_a")
    t["office_b"] = office_account(t["city_b"], "office_b")
    schedules.schedule_sync()
    return t


def _task(name) -> PeriodicTask:
    return PeriodicTask.objects.select_related("crontab").get(name=name)


def test_every_office_gets_its_own_entry_of_each_per_office_job_and_only_those(tree):
    assert PER_OFFICE and SYSTEM  # the declaration has both kinds
    for root in (tree["city_a"], tree["city_b"]):
        mine = ScheduledJob.objects.filter(organisation=root)
        assert sorted(mine.values_list("job", flat=True)) == PER_OFFICE
        entry = _task(schedules.office_entry_name(BULLETINS, root.pk))
        assert json.loads(entry.kwargs) == {"job": BULLETINS, "office_root": root.pk}
        assert entry.description == settings.CELERY_BEAT_SCHEDULE[BULLETINS]["description"]
    assert json.loads(_task(BULLETINS).kwargs) == {
        "job": BULLETINS,
        "office_root": schedules.OFFICE_ROOT_REST,
    }
    assert not ScheduledJob.objects.filter(organisation=tree["city_c"]).exists()
    for name in SYSTEM:
        assert PeriodicTask.objects.filter(name__startswith=f"{name}@").count() == 0
    before = PeriodicTask.objects.count()
    assert schedules.schedule_sync()["created"] == []  # idempotent
    assert PeriodicTask.objects.count() == before


def test_a_new_office_starts_from_the_schedule_of_the_level_that_ran_its_work(tree):
    city_entry = _task(schedules.office_entry_name(BULLETINS, tree["city_a"].pk))
    schedules.schedule_edit(
        task=city_entry, by=tree["office_a"], enabled=True, day_of_month="9", hour="8", minute="0"
    )
    office_account(tree["county_a2"], "office_a2")
    created = schedules.schedule_sync()["created"]
    assert sorted(created) == sorted(schedules.office_entry_name(n, tree["county_a2"].pk) for n in PER_OFFICE)
    county_entry = _task(schedules.office_entry_name(BULLETINS, tree["county_a2"].pk))
    assert schedules.describe_task(county_entry) == "每月9日 08:00"
    # It differs from the declaration, so it is the office's (a later sync keeps it) and shows as 已调整.
    schedules.schedule_sync()
    assert schedules.describe_task(_task(county_entry.name)) == "每月9日 08:00"
    # The other city's entry did not move.
    assert (
        schedules.describe_task(_task(schedules.office_entry_name(BULLETINS, tree["city_b"].pk)))
        == "每月6日 08:00"
    )


def test_each_entry_runs_only_its_own_levels_observers(tree):
    from observers.tasks import term_expiry_notify
    from tests.observers.factories import ObserverFactory

    office_account(tree["county_a2"], "office_a2")
    schedules.schedule_sync()
    ends = {"appointed_on": date(2022, 1, 1), "term_ends_on": date(2024, 6, 20)}
    seen = {
        k: ObserverFactory(organisation=tree[k], **ends)
        for k in ("county_a1", "county_a2", "city_b", "city_c")
    }
    job = "observers-term-expiry"
    with freeze_time(datetime(2024, 6, 1, 9, tzinfo=SH)):
        assert (
            term_expiry_notify(job=job, office_root=tree["city_a"].pk) == 1
        )  # 甲一县's; 甲二市 runs its own
        told = set(Notification.objects.filter(kind="observers.term", recipient__role=Role.OBSERVER)
                   .values_list("recipient", flat=True))  # fmt: skip
        assert told == {seen["county_a1"].user_id}
        assert term_expiry_notify(job=job, office_root=tree["county_a2"].pk) == 1
        assert term_expiry_notify(job=job, office_root=tree["city_b"].pk) == 1
        assert term_expiry_notify(job=job, office_root=schedules.OFFICE_ROOT_REST) == 1  # 丙市 has no office
        assert term_expiry_notify(job=job, office_root=tree["city_a"].pk) == 0  # once per term


def test_a_stopped_entry_is_not_taken_over_by_the_level_above(tree):
    share = schedules.office_share(job=BULLETINS, office_root=schedules.OFFICE_ROOT_REST)
    assert share.covers(tree["city_c"]) and not share.covers(tree["county_a1"])
    city_entry = _task(schedules.office_entry_name(BULLETINS, tree["city_a"].pk))
    schedules.schedule_edit(task=city_entry, by=tree["office_a"], enabled=False)
    share = schedules.office_share(job=BULLETINS, office_root=schedules.OFFICE_ROOT_REST)
    assert not share.covers(tree["county_a1"])
    assert (
        schedules.office_share(job=BULLETINS, office_root=None) is None
    )  # no office: everything (shell, tests)
    gone = schedules.office_share(job=BULLETINS, office_root=987654)
    assert not gone.covers(tree["city_a"]) and not gone.covers(tree["city_c"])


def test_an_office_sees_and_changes_only_its_own_entries(client, tree):
    client.force_login(tree["office_a"])
    page = client.get(reverse("common:schedules")).content.decode()
    assert "甲市</strong>专班办公室自己的定时任务" in page
    for name in PER_OFFICE:
        assert settings.CELERY_BEAT_SCHEDULE[name]["description"] in page
    assert "清理过期的会话" not in page and "补发未能发出的站内通知邮件" not in page
    theirs = _task(schedules.office_entry_name(BULLETINS, tree["city_b"].pk))
    for url in (
        reverse("common:schedule_edit", args=[theirs.pk]),
        reverse("common:schedule_edit", args=[_task(SYSTEM[0]).pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("common:schedule_run", args=[theirs.pk])).status_code == 404
    mine = _task(schedules.office_entry_name(BULLETINS, tree["city_a"].pk))
    response = client.post(
        reverse("common:schedule_edit", args=[mine.pk]), {"enabled": "on", "time": "07:15", "days": "7"}
    )
    assert response.status_code == 302
    assert schedules.describe_task(_task(mine.name)) == "每月7日 07:15"
    assert schedules.describe_task(_task(theirs.name)) == "每月6日 08:00"


def test_an_office_opening_the_page_first_gets_its_entries(client, tree):
    late = office_account(tree["city_c"], "office_c")  # created without a sync (e.g. in the admin)
    assert not ScheduledJob.objects.filter(organisation=tree["city_c"]).exists()
    client.force_login(late)
    page = client.get(reverse("common:schedules")).content.decode()
    assert (
        sorted(ScheduledJob.objects.filter(organisation=tree["city_c"]).values_list("job", flat=True))
        == PER_OFFICE
    )
    assert "丙市</strong>专班办公室自己的定时任务" in page


def test_the_administrator_sees_every_office_and_the_system_jobs(client, tree):
    admin = UserFactory(username="sched_admin", role=Role.ADMIN, organisation=None)
    client.force_login(admin)
    page = client.get(reverse("common:schedules")).content.decode()
    assert "清理过期的会话" in page and "系统维护" in page
    assert "甲市" in page and "乙市" in page and schedules.MSG_REST_ENTRY in page


def test_a_new_city_importing_its_office_account_gets_its_own_entries(django_capture_on_commit_callbacks):
    """A new city sets itself up through the 建账 workbooks (no developer): once its office account is imported,
    its own entries exist and beat runs its level's work from them."""
    from minsheng.accounts import workbooks as aw
    from minsheng.common import workbook as wb
    from tests.workbooks import book

    def commit(kind, title, headers, rows):
        f = book(title, [c.header for c in headers], rows)
        return wb.workbook_commit(uploaded=f, expected=kind, actor=None)

    commit("organisations", "组织机构", aw.OrganisationsKind.columns, [
        ["湖东省", "", "省", "", "", 1],
        ["青山市", "", "市（州）", "湖东省", "431100", 1],
        ["青山市重点民生实事工作专班办公室", "市专班办", "工作专班办公室", "青山市", "", 1],
    ])  # fmt: skip
    city = Organisation.objects.get(name="青山市")
    assert not ScheduledJob.objects.filter(organisation=city).exists()
    with django_capture_on_commit_callbacks(execute=True):
        commit("users", "用户", aw.UsersKind.columns, [["王晓", "qs_office", "专班办公室", "市专班办", "", ""]])
    assert sorted(ScheduledJob.objects.filter(organisation=city).values_list("job", flat=True)) == PER_OFFICE
    entry = _task(schedules.office_entry_name(BULLETINS, city.pk))
    assert json.loads(entry.kwargs) == {"job": BULLETINS, "office_root": city.pk} and entry.enabled
