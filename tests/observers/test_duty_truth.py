"""Duties that tell the truth: yearly gaps shown when the month is done, months before the appointment and after
the term owe nothing, terms flagged 30 days ahead and expired ones out of the counts, inspection sign-up."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from observers import duty
from observers.models import Inspection
from observers.selectors import (
    duty_table,
    group_duty_table,
    inspections_open_to,
    observers_in_counts,
    observers_term_expiring,
)
from observers.services import inspection_record, inspection_sign_up
from observers.services.workflow import ERR_INSPECTION_PEOPLE, ERR_SIGN_UP_NOT_YOURS, ERR_SIGN_UP_PAST

from .factories import ObserverFactory, ObserverGroupFactory, office, project

SH = ZoneInfo("Asia/Shanghai")


def test_months_before_appointment_and_after_term_owe_nothing():
    before = duty.duty_compliance(year=2024, month=3, appointed_on=date(2024, 4, 15))
    assert not before.in_term and before.monthly_ok and before.missing == ()
    first = duty.duty_compliance(year=2024, month=4, appointed_on=date(2024, 4, 15))
    assert first.in_term and not first.monthly_ok
    assert first.missing == (
        duty.MISSING_INFO,
        duty.MISSING_SUGGESTION,
        duty.MISSING_INSPECTION,
        duty.MISSING_WRITTEN,
    )
    after = duty.duty_compliance(
        year=2024, month=10, appointed_on=date(2023, 1, 1), term_ends_on=date(2024, 9, 30)
    )
    assert not after.in_term and after.missing == ()
    assert duty.duty_compliance(year=2024, month=9, term_ends_on=date(2024, 9, 30)).in_term


def test_yearly_gaps_apart_from_the_month():
    done_month = duty.duty_compliance(
        year=2024, month=5, info_dates=[date(2024, 5, 2)], suggestion_dates=[date(2024, 5, 2)]
    )
    assert done_month.monthly_ok and not done_month.yearly_ok
    assert done_month.monthly_missing == ()
    assert done_month.yearly_missing == (duty.MISSING_INSPECTION, duty.MISSING_WRITTEN)


def test_term_state_flags_30_days_ahead():
    as_of = date(2024, 6, 1)
    assert duty.term_state(term_ends_on=None, as_of=as_of) == ""
    assert duty.term_state(term_ends_on=date(2024, 7, 2), as_of=as_of) == ""
    assert duty.term_state(term_ends_on=date(2024, 7, 1), as_of=as_of) == "expiring"
    assert duty.term_state(term_ends_on=date(2024, 6, 1), as_of=as_of) == "expiring"
    assert duty.term_state(term_ends_on=date(2024, 5, 31), as_of=as_of) == "expired"


@pytest.mark.django_db
def test_mid_year_appointment_in_the_table_and_group_counts():
    group = ObserverGroupFactory()
    veteran = ObserverFactory(group=group, appointed_on=date(2023, 1, 1))
    newcomer = ObserverFactory(group=group, appointed_on=date(2024, 4, 10))
    rows = {r.observer.pk: r for r in duty_table(year=2024, as_of=date(2024, 5, 31))}
    assert [m.in_term for m in rows[newcomer.pk].months[:5]] == [False, False, False, True, True]
    assert rows[newcomer.pk].months[0].monthly_ok  # not 未达标 before the appointment
    assert not rows[veteran.pk].months[0].monthly_ok
    (g,) = group_duty_table(rows=list(rows.values()))
    assert g.members == 2 and g.months_ok[:5] == [0, 0, 0, 0, 0]


@pytest.mark.django_db
def test_expired_terms_leave_the_counts_and_expiring_ones_are_flagged():
    ended_last_year = ObserverFactory(appointed_on=date(2021, 1, 1), term_ends_on=date(2023, 12, 31))
    ends_soon = ObserverFactory(appointed_on=date(2022, 1, 1), term_ends_on=date(2024, 6, 20))
    later = ObserverFactory(appointed_on=date(2022, 1, 1), term_ends_on=date(2025, 1, 1))
    not_yet = ObserverFactory(appointed_on=date(2024, 9, 1))
    counted = set(observers_in_counts(year=2024, as_of=date(2024, 6, 1)).values_list("pk", flat=True))
    assert counted == {ends_soon.pk, later.pk}
    assert ended_last_year.pk not in counted and not_yet.pk not in counted
    assert list(observers_term_expiring(as_of=date(2024, 6, 1))) == [ends_soon]


@pytest.mark.django_db
def test_office_todo_and_observer_panel_flag_the_term(client):
    boss = office()
    soon = ObserverFactory(appointed_on=date(2022, 1, 1), term_ends_on=date(2024, 6, 20))
    with freeze_time(datetime(2024, 6, 1, 10, tzinfo=SH)):
        client.force_login(boss)
        page = client.get(reverse("home")).content.decode()
        assert "观察员聘期 30 天内届满，请办理续聘或解聘" in page
        listing = client.get(reverse("observers:roster") + "?term=expiring").content.decode()
        assert soon.name in listing and "即将届满" in listing
        client.force_login(soon.user)
        home = client.get(reverse("home")).content.decode()
        assert "您的聘期至 2024年6月20日 届满" in home
        assert "年度尚缺年度参加检查活动、年度书面报告" in home


@pytest.mark.django_db
def test_observer_signs_up_for_an_inspection_that_concerns_them(client):
    boss = office()
    mine, other = project(name="我组联系的项目"), project(name="别组联系的项目")
    group = ObserverGroupFactory()
    group.projects.add(mine)
    me = ObserverFactory(group=group)
    as_of = date(2024, 6, 1)
    with pytest.raises(ValidationError) as err:
        inspection_record(
            by=boss, title="已举行", kind="concentrated", date=date(2024, 5, 1), participants=[], as_of=as_of
        )
    assert ERR_INSPECTION_PEOPLE in err.value.messages[0] or ERR_INSPECTION_PEOPLE in str(err.value)
    planned = inspection_record(
        by=boss,
        title="助餐点集中观察",
        kind="concentrated",
        date=date(2024, 6, 10),
        participants=[],
        projects=[mine],
        as_of=as_of,
    )
    open_all = inspection_record(
        by=boss,
        title="全体观察员集中观察",
        kind="concentrated",
        date=date(2024, 6, 12),
        participants=[],
        as_of=as_of,
    )
    elsewhere = inspection_record(
        by=boss,
        title="别组活动",
        kind="special",
        date=date(2024, 6, 11),
        participants=[],
        projects=[other],
        as_of=as_of,
    )
    assert list(inspections_open_to(observer=me, as_of=as_of)) == [planned, open_all]
    inspection_sign_up(by=me.user, inspection=planned, as_of=as_of)
    assert list(planned.registrants.all()) == [me]
    with pytest.raises(PermissionDenied, match=ERR_SIGN_UP_NOT_YOURS):
        inspection_sign_up(by=me.user, inspection=elsewhere, as_of=as_of)
    with pytest.raises(ValidationError, match=ERR_SIGN_UP_PAST):
        inspection_sign_up(by=me.user, inspection=planned, as_of=date(2024, 6, 10))
    # Signing up is not going: the duty counts participants only.
    assert (
        duty_table(year=2024, as_of=date(2024, 6, 30), observers=type(me).objects.filter(pk=me.pk))[0]
        .months[5]
        .inspection_count
        == 0
    )
    with freeze_time(datetime(2024, 6, 1, 10, tzinfo=SH)):
        client.force_login(me.user)
        page = client.get(reverse("observers:home")).content.decode()
        assert "助餐点集中观察" in page and "全体观察员集中观察" in page and "别组活动" not in page
        r = client.post(reverse("observers:inspection_sign_up", args=[open_all.pk]), follow=True)
        assert "已报名“全体观察员集中观察”。" in r.content.decode()
        assert open_all.registrants.filter(pk=me.pk).exists()
        client.post(reverse("observers:inspection_sign_up", args=[open_all.pk]), {"leave": "1"})
        assert not open_all.registrants.filter(pk=me.pk).exists()
        r = client.post(reverse("observers:inspection_sign_up", args=[elsewhere.pk]), follow=True)
        assert ERR_SIGN_UP_NOT_YOURS in r.content.decode()
        assert not Inspection.objects.get(pk=elsewhere.pk).registrants.exists()
        client.force_login(boss)
        assert client.post(reverse("observers:inspection_sign_up", args=[open_all.pk])).status_code == 403
        listing = client.get(reverse("observers:inspection_list")).content.decode()
        assert "报名 1 人" in listing and me.name in listing


@pytest.mark.django_db
def test_term_expiry_notice_once_to_observer_and_office():
    from django.conf import settings

    from minsheng.common.models import Notification
    from observers.tasks import term_expiry_notify

    boss = office()
    soon = ObserverFactory(appointed_on=date(2022, 1, 1), term_ends_on=date(2024, 6, 20))
    ObserverFactory(appointed_on=date(2022, 1, 1), term_ends_on=date(2024, 8, 1))  # not yet within 30 days
    with freeze_time(datetime(2024, 6, 1, 9, tzinfo=SH)):
        assert term_expiry_notify.delay().get() == 1
        assert term_expiry_notify.delay().get() == 0
    notes = Notification.objects.filter(kind="observers.term")
    assert [(n.recipient, n.title) for n in notes.order_by("pk")] == [
        (soon.user, "您的观察员聘期将于2024年6月20日届满"),
        (boss, f"观察员{soon.name}的聘期将于2024年6月20日届满"),
    ]
    assert settings.CELERY_BEAT_SCHEDULE["observers-term-expiry"]["task"] == "observers.tasks.term_expiry_notify"
