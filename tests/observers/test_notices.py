"""Notices of the hand-off loop to the unit and to the observer who reported the finding, the overdue
notice (once), and the office's 催办 (office only, recorded and shown on the hand-off)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.common.models import Notification, Urge
from observers.models import HandOff
from observers.services import (
    handoff_accept,
    handoff_issue,
    handoff_reply,
    handoff_return,
    handoffs_remind_overdue,
    urging,
)

from .factories import FindingFactory, clerk, county, office

pytestmark = pytest.mark.django_db


def _issue(days=1):
    finding, unit, boss = FindingFactory(), county(), office()
    worker = clerk(unit)
    hand_off = handoff_issue(
        finding=finding, by=boss, kind=HandOff.Kind.ASSIGN, unit=unit, deadline=timezone.localdate() + timedelta(days=days)
    )
    return hand_off, worker, boss, finding.report.observer.user


def _titles(user, since=0):
    return [(n.title, n.url) for n in Notification.objects.filter(recipient=user, pk__gt=since).order_by("id")]


def _last():
    return Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_each_step_tells_the_unit_and_the_observer_with_links_to_their_page():
    hand_off, worker, boss, observer = _issue()
    unit_url = reverse("observers:handoff_detail", args=[hand_off.pk])
    finding_url = reverse("observers:finding_detail", args=[hand_off.finding_id])
    assert _titles(worker)[-1][1] == unit_url and _titles(observer)[-1][1] == finding_url

    mark = _last()
    handoff_reply(hand_off=hand_off, by=worker, text="已补齐消防设施")
    assert _titles(boss, mark) == [(f"{hand_off.unit.display_name}反馈了整改情况，请审核", unit_url)]
    assert _titles(observer, mark) == [(f"{hand_off.unit.display_name}已反馈整改情况，待专班办公室审核", finding_url)]

    mark = _last()
    handoff_return(hand_off=hand_off, by=boss, comment="缺少现场照片")
    assert _titles(worker, mark) == [("整改情况被退回，请重新整改并反馈", unit_url)]
    assert _titles(observer, mark) == [(f"您反映的问题整改未通过，已退回{hand_off.unit.display_name}重新整改", finding_url)]

    handoff_reply(hand_off=hand_off, by=worker, text="已补充照片")
    mark = _last()
    handoff_accept(hand_off=hand_off, by=boss)
    assert _titles(worker, mark) == [("整改情况已审核通过，交办事项办结", unit_url)]
    assert _titles(observer, mark) == [("您反映的问题已整改办结", finding_url)]


def test_a_rolled_back_return_tells_nobody(django_capture_on_commit_callbacks):
    hand_off, worker, boss, observer = _issue()
    handoff_reply(hand_off=hand_off, by=worker, text="已整改")
    mark = _last()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        handoff_return(hand_off=hand_off, by=boss, comment="不合格")
        raise RuntimeError
    assert _last() == mark and callbacks == []
    hand_off.refresh_from_db()
    handoff_return(hand_off=hand_off, by=boss, comment="不合格")
    assert len(_titles(worker, mark)) == 1 and len(_titles(observer, mark)) == 1


def test_overdue_notice_goes_once_to_unit_and_observer():
    hand_off, worker, boss, observer = _issue(days=0)
    replied, *_ = _issue(days=0)
    handoff_reply(hand_off=replied, by=clerk(replied.unit), text="已整改")
    today = timezone.localdate()
    assert handoffs_remind_overdue(today=today) == 0  # due today: not yet overdue
    mark = _last()
    assert handoffs_remind_overdue(today=today + timedelta(days=1)) == 1  # the replied one is not overdue
    assert _titles(worker, mark) == [
        (urging.OVERDUE_UNIT_TITLE.format(kind="交办函"), reverse("observers:handoff_detail", args=[hand_off.pk]))
    ]
    assert _titles(observer, mark) == [
        (urging.OVERDUE_OBSERVER_TITLE, reverse("observers:finding_detail", args=[hand_off.finding_id]))
    ]
    assert handoffs_remind_overdue(today=today + timedelta(days=2)) == 0
    assert len(_titles(worker, mark)) == 1


def test_only_the_office_may_urge_and_each_urge_is_recorded_and_shown(client):
    hand_off, worker, boss, observer = _issue()
    url = reverse("observers:handoff_urge", args=[hand_off.pk])
    detail = reverse("observers:handoff_detail", args=[hand_off.pk])
    client.force_login(boss)
    page = client.post(url, follow=True).content.decode()
    assert urging.ERR_URGE_NOT_OVERDUE in page and not Urge.objects.exists()  # not overdue yet

    HandOff.objects.filter(pk=hand_off.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    for user in (worker, observer):
        client.force_login(user)
        assert client.post(url).status_code == 403
        assert "催办" not in client.get(detail).content.decode()
    assert not Urge.objects.exists()

    client.force_login(boss)
    assert f'action="{url}"' in client.get(detail).content.decode()
    mark = _last()
    page = client.post(url, follow=True).content.decode()
    urge = Urge.objects.get()
    assert (urge.by, urge.unit, urge.object_id, urge.recipients) == (boss, hand_off.unit, hand_off.pk, 1)
    assert "已催办 1 次" in page
    assert _titles(worker, mark) == [(urging.URGE_TITLE.format(kind="交办函", days=3), detail)]
    assert _titles(observer, mark) == []
    client.post(url)
    client.force_login(worker)
    assert "已催办 2 次" in client.get(detail).content.decode()  # the unit sees it was pressed
