"""Overdue hand-offs: the daily notice to the unit and the observer (once per hand-off and deadline), and the
office's 催办 (each press recorded: who, when; shown on the hand-off)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.selectors import unit_users
from minsheng.common.models import Urge
from minsheng.common.schedules import OfficeShare, share_filter
from minsheng.common.services import notification_send_once, urge_record

from ..models import HandOff
from ..rules import report_owner

ERR_URGE_OFFICE_ONLY = "只有专班办公室可以催办。"
ERR_URGE_NOT_OVERDUE = "该交办事项未逾期（或已反馈、已办结），不能催办。"
OVERDUE_UNIT_TITLE = "{kind}已超过整改时限，请尽快整改并反馈"
OVERDUE_UNIT_BODY = "整改时限 {deadline}。问题：{description}"
OVERDUE_OBSERVER_TITLE = "您反映的问题已超过整改时限，专班办公室将督促办理"
URGE_TITLE = "专班办公室催办：{kind}已逾期 {days} 天，请立即整改并反馈"
URGE_BODY = "整改时限 {deadline}。问题：{description}"

OPEN_STATES = (HandOff.State.ISSUED, HandOff.State.RETURNED)


def _deadline(h: HandOff) -> str:
    return h.deadline.strftime("%Y年%-m月%-d日")


def handoffs_remind_overdue(*, today: date, share: OfficeShare | None = None) -> int:
    """Tell the unit and the observer once that a hand-off passed its deadline unanswered; returns how many
    hand-offs had someone newly told. With a `share`, only the hand-offs of that office's level."""
    n = 0
    overdue = HandOff.objects.filter(state__in=OPEN_STATES, deadline__lt=today).select_related(
        "unit",
        "finding__report__observer__user",
        "finding__report__observer__organisation",
        "finding__report__project__matter__programme__organisation",
    )
    overdue = share_filter(overdue, share=share, org_of=lambda h: report_owner(h.finding.report))
    for h in overdue:
        key = f"observers.handoff_overdue:{h.pk}:{h.deadline:%Y%m%d}"
        with transaction.atomic():
            sent = notification_send_once(
                key=key,
                recipients=unit_users(unit=h.unit),
                title=OVERDUE_UNIT_TITLE.format(kind=h.get_kind_display()),
                body=OVERDUE_UNIT_BODY.format(deadline=_deadline(h), description=h.finding.description[:200]),
                url=reverse("observers:handoff_detail", args=[h.pk]),
                kind="observers.handoff",
            )
            sent += notification_send_once(
                key=key,
                recipients=[h.finding.report.observer.user],
                title=OVERDUE_OBSERVER_TITLE,
                body=h.finding.description[:200],
                url=reverse("observers:finding_detail", args=[h.finding_id]),
                kind="observers.finding",
            )
        n += bool(sent)
    return n


@transaction.atomic
def handoff_urge(*, hand_off: HandOff, by, today: date | None = None) -> Urge:
    """催办 an overdue hand-off: the unit's clerks are notified and the press recorded."""
    if by is None or not by.has_perm("observers.manage"):
        raise PermissionDenied(ERR_URGE_OFFICE_ONLY)
    hand_off = HandOff.objects.select_for_update().select_related("unit", "finding").get(pk=hand_off.pk)
    today = today or timezone.localdate()
    if not hand_off.is_overdue(today):
        raise ValidationError(ERR_URGE_NOT_OVERDUE)
    return urge_record(
        target=hand_off,
        unit=hand_off.unit,
        by=by,
        recipients=unit_users(unit=hand_off.unit),
        title=URGE_TITLE.format(kind=hand_off.get_kind_display(), days=(today - hand_off.deadline).days),
        body=URGE_BODY.format(deadline=_deadline(hand_off), description=hand_off.finding.description[:200]),
        url=reverse("observers:handoff_detail", args=[hand_off.pk]),
        kind="observers.urge",
    )
