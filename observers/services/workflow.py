"""The hand-off loop: office triage → 提示函/提醒函/交办函 → unit rectifies → office accepts or returns.

Every move goes through minsheng.common.workflow (row lock, re-check of the state the person saw, the
transition tables below) and leaves a WorkflowEvent row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation, Role, User
from minsheng.accounts.selectors import office_users_for
from minsheng.common.files import upload_check
from minsheng.common.services import notification_send
from minsheng.common.workflow import Change, Flow, transition
from projects.models import Project

from ..models import (
    FieldReport,
    Finding,
    HandOff,
    HandOffEvidence,
    Inspection,
    Observer,
    Satisfaction,
    WorkflowEvent,
)
from ..photos import photo_prepare
from ..rules import report_owner
from ..selectors import inspections_open_to

FindingState = Finding.State
HandOffState = HandOff.State

# Allowed moves. A finding leaves NEW once the office decides; NO_ACTION / DUPLICATE can be reopened.
FINDING_TRANSITIONS: dict[str, set[str]] = {
    FindingState.NEW: {FindingState.NO_ACTION, FindingState.DUPLICATE, FindingState.HANDED_OFF},
    FindingState.NO_ACTION: {FindingState.NEW},
    FindingState.DUPLICATE: {FindingState.NEW},
    FindingState.HANDED_OFF: set(),
}
HANDOFF_TRANSITIONS: dict[str, set[str]] = {
    HandOffState.ISSUED: {HandOffState.REPLIED},
    HandOffState.RETURNED: {HandOffState.REPLIED},
    HandOffState.REPLIED: {HandOffState.CLOSED, HandOffState.RETURNED},
    # Only the observer's 仍未解决 (within REOPEN_DAYS of closure) reopens a closed hand-off: handoff_reopen.
    HandOffState.CLOSED: {HandOffState.RETURNED},
}
REOPEN_DAYS = 14

MAX_EVIDENCE_FILES = 9
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

ERR_TRANSITION = "当前状态“{current}”不能变更为“{target}”。"
ERR_OFFICE_ONLY = "只有专班办公室可以进行此操作。"
ERR_NOT_UNIT = "此交办事项不是交给您所在单位的。"
ERR_DRAFT_FINDING = "草稿中的问题尚未报送，不能研判。"
ERR_DUPLICATE_REQUIRED = "请指明与哪一个问题重复。"
ERR_DUPLICATE_SELF = "问题不能与自身重复。"
ERR_DEADLINE_PAST = "整改时限不能早于今天。"
ERR_UNIT_KIND = "只能交办给县市区或市直责任单位。"
ERR_REPLY_EMPTY = "请填写整改情况。"
ERR_RETURN_REASON = "退回时请写明理由。"
ERR_TOO_MANY_EVIDENCE = "一次最多上传 9 个佐证材料。"
ERR_INSPECTION_PEOPLE = "已举行的活动请至少选择一名参加的观察员；尚未举行的活动可先发布，由观察员报名。"
ERR_SIGN_UP_PAST = "这次活动已经开始，不能再报名或取消报名。"
ERR_SIGN_UP_NOT_YOURS = "这次活动不涉及您所在小组联系的项目，无需报名。"
ERR_NOT_FINDING_OWNER = "只有反映这个问题的观察员可以回访评价。"
ERR_NOT_CLOSED = "只有已办结的交办事项可以回访评价或重新提出。"
ERR_REOPEN_LATE = "办结已超过 14 天，不能再重新提出；如问题仍存在，请报送新的观察信息。"
ERR_REOPEN_REASON = "请写明仍未解决的情况。"
ERR_RATING = "请选择满意、基本满意或不满意。"
ERR_NOT_UNDER_REVIEW = "只有已反馈待审核的整改情况可以退回。"


def _event(
    *,
    finding: Finding,
    by: User,
    from_state: str,
    to_state: str,
    comment: str = "",
    hand_off: HandOff | None = None,
) -> WorkflowEvent:
    event = WorkflowEvent(
        finding=finding,
        hand_off=hand_off,
        actor=by,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )
    event.full_clean()
    event.save()
    return event


def _finding_history(change: Change) -> WorkflowEvent:
    return _event(
        finding=change.obj,
        by=change.by,
        from_state=change.from_state,
        to_state=change.to_state,
        comment=change.reason,
    )


def _handoff_history(change: Change) -> WorkflowEvent:
    return _event(
        finding=change.obj.finding,
        hand_off=change.obj,
        by=change.by,
        from_state=change.from_state,
        to_state=change.to_state,
        comment=change.reason,
    )


def _refusal(current: str, target: str) -> str:
    return ERR_TRANSITION.format(current=current, target=target)


FINDINGS = Flow(
    model=Finding, table=FINDING_TRANSITIONS, labels=FindingState, history=_finding_history, refusal=_refusal
)
HANDOFFS = Flow(
    model=HandOff, table=HANDOFF_TRANSITIONS, labels=HandOffState, history=_handoff_history, refusal=_refusal
)


def _require_office(by: User) -> None:
    if not (by and by.has_perm("observers.manage")):
        raise PermissionDenied(ERR_OFFICE_ONLY)


def _unit_users(unit: Organisation):
    """The clerks who act for a unit: its own users, and for a county also its office's users."""
    return (
        User.objects.filter(is_active=True)
        .filter(organisation__in=[unit, *unit.children.filter(kind=Organisation.Kind.OFFICE)])
        .exclude(role=Role.OBSERVER)
    )


def _lock_finding(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().select_related("report__observer__user").get(pk=finding.pk)


@transaction.atomic
def finding_triage(*, finding: Finding, by: User, category: str, severity: str, comment: str = "") -> Finding:
    """Sort a submitted finding (category, severity, office note) without changing its state."""
    _require_office(by)
    finding = _lock_finding(finding)
    if finding.report.state != FieldReport.State.SUBMITTED:
        raise ValidationError(ERR_DRAFT_FINDING)
    finding.category, finding.severity = category, severity
    if comment:
        finding.office_comment = comment
    finding.full_clean()
    finding.save(update_fields=["category", "severity", "office_comment"])
    return finding


@transaction.atomic
def finding_decide(
    *, finding: Finding, by: User, to: str, comment: str = "", duplicate_of: Finding | None = None
) -> Finding:
    """Close a finding without hand-off (无需交办 / 重复问题), or reopen it (待研判)."""
    _require_office(by)
    if to == FindingState.HANDED_OFF:
        raise ValidationError(
            ERR_TRANSITION.format(current=finding.get_state_display(), target=FindingState.HANDED_OFF.label)
        )
    with transition(finding, flow=FINDINGS, to=to, by=by, reason=comment):
        if finding.report.state != FieldReport.State.SUBMITTED:
            raise ValidationError(ERR_DRAFT_FINDING)
        if to == FindingState.DUPLICATE:
            if duplicate_of is None:
                raise ValidationError({"duplicate_of": ERR_DUPLICATE_REQUIRED})
            if duplicate_of.pk == finding.pk:
                raise ValidationError({"duplicate_of": ERR_DUPLICATE_SELF})
            finding.duplicate_of = duplicate_of
        elif to == FindingState.NEW:
            finding.duplicate_of = None
        if comment:
            finding.office_comment = comment
    notification_send(
        recipients=[finding.report.observer.user],
        title=f"您反映的问题已研判：{finding.get_state_display()}",
        body=finding.description[:200],
        url=reverse("observers:finding_detail", args=[finding.pk]),
        kind="observers.finding",
    )
    return finding


@transaction.atomic
def handoff_issue(
    *,
    finding: Finding,
    by: User,
    kind: str,
    unit: Organisation,
    deadline: date,
    number: str = "",
    instructions: str = "",
    today: date | None = None,
) -> HandOff:
    """Send a finding to a county or department with a deadline (the letter itself comes from reports)."""
    _require_office(by)
    with transition(finding, flow=FINDINGS, to=FindingState.HANDED_OFF, by=by, reason=instructions):
        if finding.report.state != FieldReport.State.SUBMITTED:
            raise ValidationError(ERR_DRAFT_FINDING)
        if unit.kind not in (Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT):
            raise ValidationError({"unit": ERR_UNIT_KIND})
        if deadline < (today or timezone.localdate()):
            raise ValidationError({"deadline": ERR_DEADLINE_PAST})
        hand_off = HandOff(
            finding=finding,
            kind=kind,
            unit=unit,
            deadline=deadline,
            number=number.strip(),
            instructions=instructions.strip(),
            issued_by=by,
            is_demo=finding.is_demo,
        )
        hand_off.full_clean()
        hand_off.save()
    _event(
        finding=finding,
        hand_off=hand_off,
        by=by,
        from_state="",
        to_state=HandOffState.ISSUED,
        comment=f"{hand_off.get_kind_display()}，整改时限 {deadline:%Y-%m-%d}",
    )
    url = reverse("observers:handoff_detail", args=[hand_off.pk])
    notification_send(
        recipients=_unit_users(unit),
        title=f"【{hand_off.get_kind_display()}】请于 {deadline:%Y年%m月%d日} 前反馈整改情况",
        body=finding.description[:500],
        url=url,
        kind="observers.handoff",
    )
    notification_send(
        recipients=[finding.report.observer.user],
        title=f"您反映的问题已交办{unit.display_name}",
        body=finding.description[:200],
        url=reverse("observers:finding_detail", args=[finding.pk]),
        kind="observers.finding",
    )
    return hand_off


@transaction.atomic
def handoff_reply(*, hand_off: HandOff, by: User, text: str, files: Sequence = ()) -> HandOff:
    """The unit reports what it rectified, with evidence (typed from content)."""
    text = (text or "").strip()
    with transition(hand_off, flow=HANDOFFS, to=HandOffState.REPLIED, by=by, reason=text) as change:
        if not by.has_perm("observers.reply_handoff", hand_off):
            raise PermissionDenied(ERR_NOT_UNIT)
        if not text:
            raise ValidationError({"reply_text": ERR_REPLY_EMPTY})
        files = [f for f in files if f]
        if len(files) > MAX_EVIDENCE_FILES:
            raise ValidationError(ERR_TOO_MANY_EVIDENCE)
        checked = [
            upload_check(f, kinds=("image", "pdf", "office"), max_bytes=MAX_EVIDENCE_BYTES) for f in files
        ]
        for f, info in zip(files, checked, strict=True):
            ev = HandOffEvidence(
                hand_off=hand_off, original_name=info.name[:200], mime=info.mime, uploaded_by=by
            )
            ev.file.save(info.name, f, save=False)
            ev.save()
        hand_off.reply_text, hand_off.replied_at = text, change.at
    notification_send(
        recipients=office_users_for(org=report_owner(hand_off.finding.report)),
        title=f"{hand_off.unit.display_name}反馈了整改情况，请审核",
        body=text[:500],
        url=reverse("observers:handoff_detail", args=[hand_off.pk]),
        kind="observers.handoff",
    )
    notification_send(
        recipients=[hand_off.finding.report.observer.user],
        title=f"{hand_off.unit.display_name}已反馈整改情况，待专班办公室审核",
        body=text[:500],
        url=reverse("observers:finding_detail", args=[hand_off.finding_id]),
        kind="observers.finding",
    )
    return hand_off


@transaction.atomic
def handoff_accept(*, hand_off: HandOff, by: User, comment: str = "") -> HandOff:
    """The office verifies the rectification: the hand-off is closed (已办结)."""
    _require_office(by)
    with transition(hand_off, flow=HANDOFFS, to=HandOffState.CLOSED, by=by, reason=comment) as change:
        hand_off.closed_at = change.at
    notification_send(
        recipients=[hand_off.finding.report.observer.user],
        title="您反映的问题已整改办结",
        body=hand_off.finding.description[:200],
        url=reverse("observers:finding_detail", args=[hand_off.finding_id]),
        kind="observers.finding",
    )
    notification_send(
        recipients=_unit_users(hand_off.unit),
        title="整改情况已审核通过，交办事项办结",
        body=hand_off.finding.description[:200],
        url=reverse("observers:handoff_detail", args=[hand_off.pk]),
        kind="observers.handoff",
    )
    return hand_off


@transaction.atomic
def handoff_return(*, hand_off: HandOff, by: User, comment: str) -> HandOff:
    """The office sends the rectification back to the unit with its reasons."""
    _require_office(by)
    comment = (comment or "").strip()
    with transition(hand_off, flow=HANDOFFS, to=HandOffState.RETURNED, by=by, reason=comment):
        if hand_off.state != HandOffState.REPLIED:  # a closed one is reopened by its observer only
            raise ValidationError(ERR_NOT_UNDER_REVIEW)
        if not comment:
            raise ValidationError({"comment": ERR_RETURN_REASON})
    notification_send(
        recipients=_unit_users(hand_off.unit),
        title="整改情况被退回，请重新整改并反馈",
        body=comment,
        url=reverse("observers:handoff_detail", args=[hand_off.pk]),
        kind="observers.handoff",
    )
    notification_send(
        recipients=[hand_off.finding.report.observer.user],
        title=f"您反映的问题整改未通过，已退回{hand_off.unit.display_name}重新整改",
        body=comment,
        url=reverse("observers:finding_detail", args=[hand_off.finding_id]),
        kind="observers.finding",
    )
    return hand_off


@transaction.atomic
def finding_publish(*, finding: Finding, by: User, published: bool) -> Finding:
    """Make a finding (without the observer's name) visible to the public, or withdraw it."""
    _require_office(by)
    finding = _lock_finding(finding)
    if finding.report.state != FieldReport.State.SUBMITTED:
        raise ValidationError(ERR_DRAFT_FINDING)
    finding.is_published = published
    finding.save(update_fields=["is_published"])
    return finding


@transaction.atomic
def inspection_record(
    *,
    by: User,
    title: str,
    kind: str,
    date: date,
    participants: Iterable[Observer],
    projects: Iterable[Project] = (),
    end_date: date | None = None,
    places: str = "",
    summary: str = "",
    is_demo: bool = False,
    as_of: date | None = None,
) -> Inspection:
    """Record an organised inspection with its participants (counts toward the yearly duty), or publish a
    planned one (after as_of) for observers to sign up."""
    _require_office(by)
    participants = list(participants)
    if not participants and (as_of is None or date <= as_of):
        raise ValidationError({"participants": ERR_INSPECTION_PEOPLE})
    inspection = Inspection(
        title=title, kind=kind, date=date, end_date=end_date, places=places, summary=summary, is_demo=is_demo
    )
    inspection.full_clean()
    inspection.save()
    inspection.participants.set(participants)
    inspection.projects.set(list(projects))
    return inspection


@transaction.atomic
def inspection_sign_up(*, by: User, inspection: Inspection, as_of: date, join: bool = True) -> Inspection:
    """An observer signs up for (or withdraws from) a planned inspection that concerns them."""
    observer = getattr(by, "observer_profile", None)
    if observer is None or observer.status != Observer.Status.ACTIVE:
        raise PermissionDenied(ERR_SIGN_UP_NOT_YOURS)
    if inspection.date <= as_of:
        raise ValidationError(ERR_SIGN_UP_PAST)
    if not inspections_open_to(observer=observer, as_of=as_of).filter(pk=inspection.pk).exists():
        raise PermissionDenied(ERR_SIGN_UP_NOT_YOURS)
    if join:
        inspection.registrants.add(observer)
    else:
        inspection.registrants.remove(observer)
    return inspection


def _require_closed_by_owner(hand_off: HandOff, by: User) -> None:
    if hand_off.finding.report.observer.user_id != by.pk:
        raise PermissionDenied(ERR_NOT_FINDING_OWNER)
    if hand_off.state != HandOffState.CLOSED:
        raise ValidationError(ERR_NOT_CLOSED)


def handoff_reopen_open(*, hand_off: HandOff, as_of: date) -> bool:
    """True while the observer may still say 仍未解决 (within REOPEN_DAYS of closure)."""
    if hand_off.state != HandOffState.CLOSED or hand_off.closed_at is None:
        return False
    return (as_of - timezone.localdate(hand_off.closed_at)).days <= REOPEN_DAYS


@transaction.atomic
def handoff_reopen(
    *, hand_off: HandOff, by: User, comment: str, photos: Sequence = (), as_of: date | None = None
) -> HandOff:
    """The observer's 仍未解决 within 14 days of closure: back to the unit (退回), with new photos; office told."""
    hand_off = (
        HandOff.objects.select_for_update().select_related("finding__report__observer").get(pk=hand_off.pk)
    )
    _require_closed_by_owner(hand_off, by)
    as_of = as_of or timezone.localdate()
    if not handoff_reopen_open(hand_off=hand_off, as_of=as_of):
        raise ValidationError(ERR_REOPEN_LATE)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": ERR_REOPEN_REASON})
    photos = [p for p in photos if p]
    if len(photos) > MAX_EVIDENCE_FILES:
        raise ValidationError(ERR_TOO_MANY_EVIDENCE)
    prepared, bad = [], []
    for p in photos:  # every bad one named, none dropped silently
        try:
            prepared.append(photo_prepare(p))
        except ValidationError as exc:
            bad += exc.messages
    if bad:
        raise ValidationError(bad)
    with transition(
        hand_off, flow=HANDOFFS, to=HandOffState.RETURNED, by=by, reason=f"观察员回访：仍未解决。{comment}"
    ):
        hand_off.closed_at = None
        hand_off.satisfaction = ""
        hand_off.rated_at = None
        hand_off.reopen_count += 1
    for p in prepared:
        ev = HandOffEvidence(
            hand_off=hand_off,
            original_name=f"观察员回访照片-{p.original_name}"[:200],
            mime=p.mime,
            uploaded_by=by,
        )
        ev.file.save(p.content.name, p.content, save=False)
        ev.full_clean()
        ev.save()
    notification_send(
        recipients=office_users_for(org=report_owner(hand_off.finding.report)),
        title=f"观察员回访：问题仍未解决，已重新提出（{hand_off.unit.display_name}）",
        body=comment[:200],
        url=reverse("observers:handoff_detail", args=[hand_off.pk]),
        kind="observers.handoff",
    )
    notification_send(
        recipients=_unit_users(hand_off.unit),
        title="观察员回访认为问题仍未解决，请重新整改并反馈",
        body=comment[:200],
        url=reverse("observers:handoff_detail", args=[hand_off.pk]),
        kind="observers.handoff",
    )
    return hand_off


@transaction.atomic
def handoff_rate(*, hand_off: HandOff, by: User, satisfaction: str) -> HandOff:
    """The observer rates the closed rectification (回访满意度); the history table keeps every change."""
    hand_off = (
        HandOff.objects.select_for_update().select_related("finding__report__observer").get(pk=hand_off.pk)
    )
    _require_closed_by_owner(hand_off, by)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": ERR_RATING})
    hand_off.satisfaction = satisfaction
    hand_off.rated_at = timezone.now()
    hand_off.full_clean()
    hand_off.save(update_fields=["satisfaction", "rated_at"])
    return hand_off
