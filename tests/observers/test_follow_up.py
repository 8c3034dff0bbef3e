"""回访: the observer rates a closed rectification, or says 仍未解决 within 14 days (reopens it, office told)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from minsheng.common.models import Notification
from observers.models import HandOff, HandOffEvidence, Satisfaction, WorkflowEvent
from observers.services import handoff_accept, handoff_issue, handoff_rate, handoff_reopen, handoff_reply
from observers.services import workflow as wf

from .factories import FindingFactory, ObserverFactory, clerk, county, office
from .images import fake_jpeg, jpeg_with_gps

pytestmark = pytest.mark.django_db


def _closed():
    finding = FindingFactory()
    boss, unit = office(), county()
    worker = clerk(unit)
    hand_off = handoff_issue(
        finding=finding,
        by=boss,
        kind=HandOff.Kind.TIP,
        unit=unit,
        deadline=timezone.localdate() + timedelta(days=5),
    )
    handoff_reply(hand_off=hand_off, by=worker, text="已修复")
    handoff_accept(hand_off=hand_off, by=boss)
    hand_off.refresh_from_db()
    return hand_off, finding.report.observer.user, boss, worker


def test_reopen_within_14_days_goes_back_to_the_unit_with_photos_and_tells_the_office():
    hand_off, observer_user, boss, worker = _closed()
    handoff_rate(hand_off=hand_off, by=observer_user, satisfaction=Satisfaction.UNSATISFIED)
    hand_off.refresh_from_db()
    handoff_reopen(
        hand_off=hand_off,
        by=observer_user,
        comment="路灯仍然不亮",
        photos=[jpeg_with_gps("回访.jpg")],
        as_of=timezone.localdate() + timedelta(days=14),
    )
    hand_off.refresh_from_db()
    assert hand_off.state == HandOff.State.RETURNED and hand_off.closed_at is None
    assert hand_off.reopen_count == 1 and hand_off.satisfaction == ""
    event = WorkflowEvent.objects.get(hand_off=hand_off, from_state="closed")
    assert event.to_state == "returned" and event.actor == observer_user and "路灯仍然不亮" in event.comment
    ev = HandOffEvidence.objects.get(hand_off=hand_off)
    assert ev.mime == "image/jpeg" and ev.uploaded_by == observer_user
    assert Notification.objects.filter(recipient=boss, title__startswith="观察员回访：问题仍未解决").exists()
    assert Notification.objects.filter(
        recipient=worker, title="观察员回访认为问题仍未解决，请重新整改并反馈"
    ).exists()


def test_reopen_after_14_days_is_refused():
    hand_off, observer_user, *_ = _closed()
    with pytest.raises(ValidationError) as exc:
        handoff_reopen(
            hand_off=hand_off,
            by=observer_user,
            comment="仍未解决",
            as_of=timezone.localdate() + timedelta(days=15),
        )
    assert exc.value.messages == [wf.ERR_REOPEN_LATE]


def test_reopen_needs_a_reason_and_names_every_bad_photo():
    hand_off, observer_user, *_ = _closed()
    with pytest.raises(ValidationError) as exc:
        handoff_reopen(hand_off=hand_off, by=observer_user, comment="  ")
    assert exc.value.messages == [wf.ERR_REOPEN_REASON]
    with pytest.raises(ValidationError) as exc:
        handoff_reopen(hand_off=hand_off, by=observer_user, comment="仍未解决", photos=[fake_jpeg("坏.jpg")])
    assert "坏.jpg" in exc.value.messages[0]
    hand_off.refresh_from_db()
    assert hand_off.state == HandOff.State.CLOSED


def test_only_the_finding_observer_follows_up_and_only_when_closed():
    hand_off, observer_user, boss, worker = _closed()
    stranger = ObserverFactory().user
    for who in (stranger, boss, worker):
        with pytest.raises(PermissionDenied):
            handoff_rate(hand_off=hand_off, by=who, satisfaction=Satisfaction.SATISFIED)
        assert not who.has_perm("observers.follow_up_handoff", hand_off)
    assert observer_user.has_perm("observers.follow_up_handoff", hand_off)
    handoff_reopen(hand_off=hand_off, by=observer_user, comment="仍未解决")
    hand_off.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        handoff_rate(hand_off=hand_off, by=observer_user, satisfaction=Satisfaction.SATISFIED)
    assert exc.value.messages == [wf.ERR_NOT_CLOSED]
    assert not observer_user.has_perm("observers.follow_up_handoff", hand_off)


def test_rating_is_kept_with_its_history():
    hand_off, observer_user, *_ = _closed()
    with pytest.raises(ValidationError) as exc:
        handoff_rate(hand_off=hand_off, by=observer_user, satisfaction="great")
    assert exc.value.messages == [wf.ERR_RATING]
    handoff_rate(hand_off=hand_off, by=observer_user, satisfaction=Satisfaction.FAIR)
    hand_off.refresh_from_db()
    assert hand_off.get_satisfaction_display() == "基本满意" and hand_off.rated_at
    assert hand_off.history.filter(satisfaction="fair").exists()


def test_follow_up_pages(client):
    hand_off, observer_user, *_ = _closed()
    client.force_login(observer_user)
    page = client.get(reverse("observers:handoff_detail", args=[hand_off.pk])).content.decode()
    assert "回访评价" in page and "仍未解决，重新提出" in page
    response = client.post(
        reverse("observers:handoff_rate", args=[hand_off.pk]), {"satisfaction": "satisfied"}
    )
    assert response.status_code == 302
    page = client.get(reverse("observers:handoff_detail", args=[hand_off.pk])).content.decode()
    assert (
        "回访满意度" in page
        and "满意（" in page
        and "satisfied" not in page.split("<main")[1].split("<form")[0]
    )
    response = client.post(reverse("observers:handoff_reopen", args=[hand_off.pk]), {"comment": ""})
    assert response.status_code == 400 and "请写明仍未解决的情况。" in response.content.decode()
    response = client.post(
        reverse("observers:handoff_reopen", args=[hand_off.pk]),
        {"comment": "灯还是不亮", "photos": [jpeg_with_gps("a.jpg")]},
    )
    assert response.status_code == 302
    hand_off.refresh_from_db()
    assert hand_off.state == HandOff.State.RETURNED
    # Once reopened it is the unit's again: the observer's follow-up forms are gone and the URLs refuse.
    assert (
        client.post(
            reverse("observers:handoff_rate", args=[hand_off.pk]), {"satisfaction": "fair"}
        ).status_code
        == 403
    )
