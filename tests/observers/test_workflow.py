"""Services: report save/submit, the hand-off state table with its history rows, notifications."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minsheng.accounts.models import Role
from minsheng.common.models import Notification
from observers.models import FieldReport, Finding, HandOff, WorkflowEvent
from observers.services import (
    card_version_publish,
    finding_decide,
    finding_triage,
    handoff_accept,
    handoff_issue,
    handoff_reply,
    handoff_return,
    observer_create,
    report_save,
)
from observers.services import reports as report_services
from observers.services import workflow as wf
from tests.factories import UserFactory

from .factories import CityFactory, FindingFactory, ObserverFactory, clerk, county, office, project

pytestmark = pytest.mark.django_db


def tomorrow():
    """Computed when a test runs, never at import (the suite may cross midnight)."""
    return timezone.localdate() + timedelta(days=1)


def test_observer_create_makes_an_observer_login():
    observer, password = observer_create(
        username="gc001",
        name="李明",
        organisation=CityFactory(),
        category="teacher",
        appointed_on=date(2023, 6, 1),
        certificate_no="SY-001",
        phone="13900001111",
    )
    assert observer.user.role == Role.OBSERVER and observer.user.check_password(password)
    with pytest.raises(ValidationError) as exc:
        observer_create(
            username="gc001",
            name="王",
            organisation=CityFactory(),
            category="teacher",
            appointed_on=date(2023, 6, 1),
            certificate_no="SY-002",
        )
    assert "登录名“gc001”已被使用。" in str(exc.value)


def test_report_draft_then_submit_creates_findings_and_notifies_office():
    observer = ObserverFactory()
    office_user = office()
    report = report_save(
        observer=observer,
        by=observer.user,
        problems=["墙体开裂", " ", "未加装电梯"],
        data={"project": project(), "kind": "snapshot", "visited_on": date(2024, 3, 1)},
    )
    assert report.state == FieldReport.State.DRAFT
    assert list(report.findings.order_by("seq").values_list("seq", "description")) == [
        (1, "墙体开裂"),
        (2, "未加装电梯"),
    ]
    report = report_save(
        observer=observer, by=observer.user, report=report, problems=["墙体开裂"], data={}, submit=True
    )
    assert report.state == FieldReport.State.SUBMITTED and report.submitted_at
    assert report.findings.count() == 1
    assert Notification.objects.filter(recipient=office_user, kind="observers.report").exists()
    with pytest.raises(ValidationError) as exc:
        report_save(observer=observer, by=observer.user, report=report, data={"content": "改"})
    assert report_services.ERR_NOT_DRAFT in exc.value.messages


def test_submit_requires_project_and_some_content():
    observer = ObserverFactory()
    with pytest.raises(ValidationError) as exc:
        report_save(
            observer=observer,
            by=observer.user,
            submit=True,
            data={"kind": "snapshot", "visited_on": date(2024, 3, 1)},
        )
    assert report_services.ERR_PROJECT_REQUIRED in exc.value.messages
    assert report_services.ERR_EMPTY_REPORT in exc.value.messages


def test_someone_else_cannot_save_into_a_report():
    observer, other = ObserverFactory(), ObserverFactory()
    report = report_save(observer=observer, by=observer.user, data={"visited_on": date(2024, 3, 1)})
    with pytest.raises(PermissionDenied):
        report_save(observer=other, by=other.user, report=report, data={})


def test_card_versions_keep_old_answers():
    proj = project()
    v1 = card_version_publish(project=proj, items=[("是否按期开工", "yesno"), ("完成户数", "number", "户")])
    assert (
        card_version_publish(project=proj, items=[("是否按期开工", "yesno"), ("完成户数", "number", "户")])
        == v1
    )
    observer = ObserverFactory()
    item = v1.items.get(seq=2)
    report = report_save(
        observer=observer,
        by=observer.user,
        answers={str(item.pk): "12"},
        data={"project": proj, "visited_on": date(2024, 3, 1)},
    )
    v2 = card_version_publish(project=proj, items=[("是否设置公示牌", "yesno")])
    assert v2.number == 2
    report.refresh_from_db()
    assert report.card_version == v1 and report.answers == {str(item.pk): "12"}
    with pytest.raises(ValidationError) as exc:
        report_save(
            observer=observer, by=observer.user, report=report, answers={str(item.pk): "十二"}, data={}
        )
    assert report_services.ERR_ANSWER_NUMBER.format(item="完成户数") in exc.value.messages


def _handed(unit=None, by=None):
    finding = FindingFactory()
    by = by or office()
    unit = unit or county()
    clerk(unit)
    hand_off = handoff_issue(
        finding=finding,
        by=by,
        kind=HandOff.Kind.ASSIGN,
        unit=unit,
        deadline=tomorrow(),
        number="邵民生交〔2024〕1号",
    )
    return finding, hand_off, by, unit


def test_full_loop_with_history_rows():
    finding, hand_off, boss, unit = _handed()
    finding.refresh_from_db()
    assert finding.state == Finding.State.HANDED_OFF and hand_off.state == HandOff.State.ISSUED
    worker = clerk(unit)
    assert Notification.objects.filter(recipient=worker, kind="observers.handoff").exists()
    handoff_reply(hand_off=hand_off, by=worker, text="已完成消防设施配套")
    handoff_return(hand_off=hand_off, by=boss, comment="缺少照片")
    handoff_reply(hand_off=hand_off, by=worker, text="已补充照片")
    handoff_accept(hand_off=hand_off, by=boss, comment="经核实已整改")
    hand_off.refresh_from_db()
    assert hand_off.state == HandOff.State.CLOSED and hand_off.closed_at
    rows = list(
        WorkflowEvent.objects.filter(finding=finding).values_list("from_state", "to_state", "actor_id")
    )
    assert rows == [
        ("new", "handed_off", boss.pk),
        ("", "issued", boss.pk),
        ("issued", "replied", worker.pk),
        ("replied", "returned", boss.pk),
        ("returned", "replied", worker.pk),
        ("replied", "closed", boss.pk),
    ]
    observer_user = finding.report.observer.user
    assert Notification.objects.filter(recipient=observer_user, title="您反映的问题已整改办结").exists()


# The whole table: every (from, to) pair is either allowed or refused with the Chinese message.
@pytest.mark.parametrize("start", list(HandOff.State.values))
@pytest.mark.parametrize("target", [HandOff.State.REPLIED, HandOff.State.CLOSED, HandOff.State.RETURNED])
def test_handoff_transition_table(start, target):
    finding, hand_off, boss, unit = _handed()
    HandOff.objects.filter(pk=hand_off.pk).update(state=start)
    hand_off.refresh_from_db()
    actions = {
        HandOff.State.REPLIED: lambda: handoff_reply(hand_off=hand_off, by=clerk(unit), text="已整改"),
        HandOff.State.CLOSED: lambda: handoff_accept(hand_off=hand_off, by=boss),
        HandOff.State.RETURNED: lambda: handoff_return(hand_off=hand_off, by=boss, comment="不合格"),
    }
    if (start, target) == (HandOff.State.CLOSED, HandOff.State.RETURNED):
        # Reopening a closed one is the observer's 仍未解决 (tests/observers/test_follow_up.py), never the office's.
        with pytest.raises(ValidationError) as exc:
            actions[target]()
        assert exc.value.messages == [wf.ERR_NOT_UNDER_REVIEW]
        HandOff.objects.filter(pk=hand_off.pk).update(closed_at=timezone.now())
        hand_off.refresh_from_db()
        observer_user = finding.report.observer.user
        actions[target] = lambda: wf.handoff_reopen(hand_off=hand_off, by=observer_user, comment="仍在漏水")
    if target in wf.HANDOFF_TRANSITIONS[start]:
        actions[target]()
        hand_off.refresh_from_db()
        assert hand_off.state == target
        assert WorkflowEvent.objects.filter(hand_off=hand_off, from_state=start, to_state=target).count() == 1
    else:
        with pytest.raises(ValidationError) as exc:
            actions[target]()
        assert exc.value.messages == [
            wf.ERR_TRANSITION.format(current=HandOff.State(start).label, target=HandOff.State(target).label)
        ]


@pytest.mark.parametrize("start", list(Finding.State.values))
@pytest.mark.parametrize("target", [Finding.State.NEW, Finding.State.NO_ACTION, Finding.State.DUPLICATE])
def test_finding_transition_table(start, target):
    finding = FindingFactory()
    other = FindingFactory()
    Finding.objects.filter(pk=finding.pk).update(state=start)
    finding.refresh_from_db()  # the services refuse a copy older than the stored state
    boss = office()
    if target in wf.FINDING_TRANSITIONS[start]:
        finding_decide(finding=finding, by=boss, to=target, duplicate_of=other, comment="研判")
        finding.refresh_from_db()
        assert finding.state == target
        assert finding.duplicate_of == (other if target == Finding.State.DUPLICATE else None)
    else:
        with pytest.raises(ValidationError):
            finding_decide(finding=finding, by=boss, to=target, duplicate_of=other)


def test_only_the_office_triages_and_only_the_unit_replies():
    finding = FindingFactory()
    with pytest.raises(PermissionDenied):
        finding_triage(finding=finding, by=UserFactory(role=Role.COUNTY), category="safety", severity="high")
    finding_triage(finding=finding, by=office(), category="safety", severity="high")
    finding, hand_off, boss, unit = _handed()
    stranger = clerk(county("另一个县"))
    with pytest.raises(PermissionDenied) as exc:
        handoff_reply(hand_off=hand_off, by=stranger, text="x")
    assert wf.ERR_NOT_UNIT in str(exc.value)
    with pytest.raises(PermissionDenied):
        handoff_accept(hand_off=hand_off, by=clerk(unit))


def test_handoff_rules():
    finding = FindingFactory()
    boss = office()
    with pytest.raises(ValidationError) as exc:
        handoff_issue(finding=finding, by=boss, kind="tip", unit=county(), deadline=date(2000, 1, 1))
    assert wf.ERR_DEADLINE_PAST in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        handoff_issue(finding=finding, by=boss, kind="tip", unit=CityFactory(), deadline=tomorrow())
    assert wf.ERR_UNIT_KIND in exc.value.messages
    draft = FindingFactory(report__state=FieldReport.State.DRAFT, report__submitted_at=None)
    with pytest.raises(ValidationError) as exc:
        handoff_issue(finding=draft, by=boss, kind="tip", unit=county(), deadline=tomorrow())
    assert wf.ERR_DRAFT_FINDING in exc.value.messages
    _f, hand_off, _b, unit = _handed()
    with pytest.raises(ValidationError) as exc:
        handoff_reply(hand_off=hand_off, by=clerk(unit), text="  ")
    assert wf.ERR_REPLY_EMPTY in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        finding_decide(finding=FindingFactory(), by=boss, to="duplicate")
    assert wf.ERR_DUPLICATE_REQUIRED in exc.value.messages


def test_overdue():
    _f, hand_off, _b, _u = _handed()
    assert not hand_off.is_overdue(tomorrow())
    assert hand_off.is_overdue(tomorrow() + timedelta(days=1))
