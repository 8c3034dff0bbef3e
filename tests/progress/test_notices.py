"""Notices of the monthly figures: the office's review reaches the county's clerks (after commit, with
e-mail where they have an address), deadline reminders once per period, kind and person, and 催办."""

from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from minsheng.common.models import NoticeOnce, Notification, Urge
from progress import notices, reminders, services
from progress.models import SHANGHAI, FigureState
from progress.services import urging

from .factories import CountyFactory, FigureFactory, IndicatorTargetFactory, county_clerk


def _notes(user):
    return list(Notification.objects.filter(recipient=user).order_by("id"))


REVIEWS = {
    "verify": (lambda f, by: services.figure_verify(figure=f, actor=by), FigureState.VERIFIED),
    "return": (lambda f, by: services.figure_return(figure=f, actor=by, comment="缺少佐证照片"), FigureState.RETURNED),
    "deduct": (
        lambda f, by: services.figure_deduct(figure=f, actor=by, verified_value=D("70"), reason="10 户未完工"),
        FigureState.DEDUCTED,
    ),
}


@pytest.mark.parametrize("action", list(REVIEWS))
def test_figure_review_reaches_the_county_clerks_with_a_link_to_the_figure(
    world, action, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    w = world
    w["clerk_b"].email = "clerk_b@example.cn"
    w["clerk_b"].save()
    review, state = REVIEWS[action]
    with django_capture_on_commit_callbacks(execute=True):
        figure = review(w["fb"], w["office"])
    assert figure.state == state
    (note,) = _notes(w["clerk_b"])
    names = {"name": "新增托位", "label": w["p9"].label}
    expected = {
        "verify": (notices.FIGURE_VERIFIED_TITLE.format(**names), "核定值 80"),
        "return": (notices.FIGURE_RETURNED_TITLE.format(**names), "退回意见：缺少佐证照片"),
        "deduct": (notices.FIGURE_DEDUCTED_TITLE.format(**names), "核减原因：10 户未完工"),
    }[action]
    assert note.title == expected[0] and expected[1] in note.body
    assert note.url == reverse("progress:figure_entry", args=[w["tb"].pk, w["p9"].pk])
    assert _notes(w["clerk_a"]) == [] and _notes(w["office"]) == []  # another county, the reviewer
    assert [m.to for m in mail.outbox] == [["clerk_b@example.cn"]] and mail.outbox[0].subject.endswith(note.title)


def test_a_unit_without_clerks_has_its_figure_reviews_sent_to_the_lead_department(client, world):
    w = world
    city_own = CountyFactory(name="市本级")
    target = IndicatorTargetFactory(indicator=w["ind"], county=city_own, target=D("50"))
    figure = FigureFactory(target=target, period=w["p9"], value=D("40"))
    services.figure_return(figure=figure, actor=w["office"], comment="请补充佐证")
    (note,) = _notes(w["dept"])
    assert note.url == reverse("progress:figure_entry", args=[target.pk, w["p9"].pk])
    assert _notes(w["other_dept"]) == []
    client.force_login(w["dept"])
    assert client.get(note.url).status_code == 200


def test_no_notice_and_no_email_when_the_review_rolls_back(world, django_capture_on_commit_callbacks):
    w = world
    w["clerk_b"].email = "clerk_b@example.cn"
    w["clerk_b"].save()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        services.figure_return(figure=w["fb"], actor=w["office"], comment="数据有误")
        raise RuntimeError
    assert _notes(w["clerk_b"]) == [] and callbacks == []
    w["fb"].refresh_from_db()
    with django_capture_on_commit_callbacks() as callbacks:
        services.figure_return(figure=w["fb"], actor=w["office"], comment="数据有误")
    assert len(_notes(w["clerk_b"])) == 1 and len(callbacks) == 1  # the e-mail, queued on commit


def _day(period, days):
    return period.deadline.astimezone(SHANGHAI).date() + timedelta(days=days)


@pytest.mark.parametrize(
    ("kind", "offset", "words"),
    [(reminders.BEFORE, -2, "截止报送"), (reminders.TODAY, 0, "今天截止"), (reminders.OVERDUE, 1, "已过报送截止时间")],
)
def test_deadline_reminder_once_per_period_kind_and_person(world, kind, offset, words):
    w = world
    period = w["p9"]
    today = _day(period, offset)
    assert period in reminders.periods_due(today=today, kind=kind)
    now = datetime.combine(today, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=9)
    assert reminders.period_remind_unsubmitted(period=period, now=now, kind=kind) == 1  # 甲县 only
    (note,) = _notes(w["clerk_a"])
    assert words in note.title and "尚有 2 项指标未报送" in note.body
    assert note.url == reverse("progress:county_month", args=[period.pk])
    assert _notes(w["clerk_b"]) == []  # 乙县 has submitted
    # A re-run (or a concurrent one) tells nobody again; a clerk who joined meanwhile is told once.
    assert reminders.period_remind_unsubmitted(period=period, now=now, kind=kind) == 0
    late_joiner = county_clerk(w["a"], "clerk_a2")
    assert reminders.period_remind_unsubmitted(period=period, now=now, kind=kind) == 1
    assert reminders.period_remind_unsubmitted(period=period, now=now, kind=kind) == 0
    assert len(_notes(w["clerk_a"])) == 1 and len(_notes(late_joiner)) == 1
    assert NoticeOnce.objects.count() == 2


def test_the_daily_run_sends_each_kind_on_its_day(world):
    w = world
    period = w["p9"]
    for offset in (-3, -2, -1, 0, 1, 2, 3):
        now = datetime.combine(_day(period, offset), datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=9)
        reminders.deadline_reminders_send(now=now)
    titles = [n.title for n in _notes(w["clerk_a"]) if period.label in n.title]
    assert len(titles) == 3
    assert "截止报送" in titles[0] and "今天截止" in titles[1] and "已过报送截止时间" in titles[2]


def _overdue(period):
    type(period).objects.filter(pk=period.pk).update(deadline=period.deadline.replace(year=2020))
    period.refresh_from_db()


def test_office_urges_a_county_with_overdue_figures(client, world):
    w = world
    _overdue(w["p9"])
    url = reverse("progress:county_urge", args=[w["p9"].pk, w["a"].pk])
    client.force_login(w["clerk_a"])
    assert client.post(url).status_code == 403
    assert not Urge.objects.exists() and _notes(w["clerk_a"]) == []
    client.force_login(w["office"])
    assert client.get(url).status_code == 405
    page = client.post(url, follow=True).content.decode()
    urge = Urge.objects.get()
    assert (urge.by, urge.unit, urge.recipients) == (w["office"], w["a"], 1)
    assert "已催办 1 次" in page and "已向甲县催办，1 人收到通知。" in page
    (note,) = _notes(w["clerk_a"])
    assert note.title == urging.URGE_TITLE.format(label=w["p9"].label, missing=2)
    assert note.url == reverse("progress:county_month", args=[w["p9"].pk])
    client.post(url)
    assert "已催办 2 次" in client.get(reverse("progress:county_month", args=[w["p9"].pk]) + f"?county={w['a'].pk}").content.decode()


def test_urge_refused_before_the_deadline_and_when_all_is_submitted(client, world):
    w = world
    client.force_login(w["office"])
    period = w["p9"]
    type(period).objects.filter(pk=period.pk).update(deadline=datetime(2999, 1, 1, tzinfo=SHANGHAI))
    page = client.post(reverse("progress:county_urge", args=[period.pk, w["a"].pk]), follow=True).content.decode()
    assert urging.ERR_URGE_NOT_OVERDUE in page
    _overdue(period)
    page = client.post(reverse("progress:county_urge", args=[period.pk, w["b"].pk]), follow=True).content.decode()
    assert urging.ERR_URGE_NOTHING_MISSING in page
    assert not Urge.objects.exists()
