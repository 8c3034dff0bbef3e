"""Reporting-period lifecycle: open a month, extend its deadline, lock it once verified (audited)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from minsheng.common.schedules import OfficeShare, share_filter
from minsheng.common.workflow import Change, Flow, transition
from projects.models import Indicator, IndicatorTarget, Programme

from ..models import (
    Figure,
    FigureState,
    FigureTransition,
    PeriodEvent,
    ReportingPeriod,
    default_deadline,
)
from ..stamps import rollup_stamp_renew
from .figures import FIGURES, require_office

ERR_ALL_OPEN = "本年度 12 个月的填报均已开启。"
ERR_DEADLINE_NOT_LATER = "新的截止时间须晚于当前截止时间（{current}）。"
ERR_REASON_REQUIRED = "请填写延期原因。"
ERR_ALREADY_LOCKED = "该月份已锁定。"
ERR_UNVERIFIED = "还有 {n} 条已报送的数据未审核，请全部审核（通过、退回或核减）后再锁定。"
ERR_NOT_CONFIRMED = "请勾选确认后再锁定。"
ERR_DRAFT = "{programme}仍是草稿：请先补齐票决项目的指标和年度目标并发布计划，再开启调度月份。"
ERR_UNDEFINED = "{programme}还有 {n} 个票决项目没有填写指标和年度目标，补齐后才能开启调度月份。"


def _event(period, action, *, actor, old=None, new=None, comment="", at=None) -> PeriodEvent:
    event = PeriodEvent(
        period=period,
        action=action,
        actor=actor,
        at=at or timezone.now(),
        old_deadline=old,
        new_deadline=new,
        comment=comment[:300],
    )
    event.full_clean()
    event.save()
    return event


def _history(change: Change) -> PeriodEvent:
    return _event(
        change.obj,
        change.extra.get("action", PeriodEvent.Action.LOCK),
        actor=change.by,
        comment=change.reason,
        at=change.at,
    )


# A month is open for reports until the office locks it; a locked month stays locked.
PERIOD_TRANSITIONS: dict[str, set[str]] = {
    ReportingPeriod.State.OPEN: {ReportingPeriod.State.CLOSED},
    ReportingPeriod.State.CLOSED: set(),
}
PERIODS = Flow(
    model=ReportingPeriod, table=PERIOD_TRANSITIONS, labels=ReportingPeriod.State, history=_history
)


@transaction.atomic
def period_ensure(*, programme: Programme, month: int, actor=None, comment: str = "") -> ReportingPeriod:
    """The reporting period of a programme's month, created (and audited) with the default deadline if missing."""
    period, created = ReportingPeriod.objects.get_or_create(
        programme=programme, month=month, defaults={"deadline": default_deadline(programme.year, month)}
    )
    if created:
        _event(period, PeriodEvent.Action.OPEN, actor=actor, new=period.deadline, comment=comment)
        rollup_stamp_renew(programme_id=programme.pk)
    return period


@transaction.atomic
def period_open_next(*, programme: Programme, actor) -> ReportingPeriod:
    """Office: open the month after the programme's latest period (January when it has none)."""
    require_office(actor, programme=programme)
    if programme.is_draft:
        raise ValidationError(ERR_DRAFT.format(programme=programme))
    waiting = Indicator.objects.filter(project__matter__programme=programme, needs_definition=True).count()
    if waiting:
        raise ValidationError(ERR_UNDEFINED.format(programme=programme, n=waiting))
    latest = ReportingPeriod.objects.filter(programme=programme).order_by("-month").first()
    month = latest.month + 1 if latest else 1
    if month > 12:
        raise ValidationError(ERR_ALL_OPEN)
    return period_ensure(programme=programme, month=month, actor=actor, comment="专班办公室开启")


@transaction.atomic
def period_extend(*, period: ReportingPeriod, deadline: datetime, actor, reason: str) -> ReportingPeriod:
    """Office: move a period's deadline later, with a reason (re-opens a closed-by-date month for reports)."""
    require_office(actor, programme=period.programme)
    if period.state == ReportingPeriod.State.CLOSED:
        raise ValidationError(ERR_ALREADY_LOCKED)
    PERIODS.lock(period)  # refused if it was locked meanwhile; the deadline compared below is the stored one
    if not reason.strip():
        raise ValidationError({"reason": ERR_REASON_REQUIRED})
    if deadline <= period.deadline:
        current = timezone.localtime(period.deadline).strftime("%Y-%m-%d %H:%M")
        raise ValidationError({"deadline": ERR_DEADLINE_NOT_LATER.format(current=current)})
    old = period.deadline
    period.deadline = deadline
    period.full_clean()
    period.save(update_fields=["deadline"])
    _event(period, PeriodEvent.Action.EXTEND, actor=actor, old=old, new=deadline, comment=reason.strip())
    return period


def period_lock_preview(*, period: ReportingPeriod) -> dict:
    """What locking would do: {"to_lock", "unverified" (submitted, not reviewed), "open" (draft/returned),
    "missing" (assigned tasks without a figure)}."""
    counts = dict.fromkeys(FigureState, 0)
    for state in Figure.objects.filter(period=period).values_list("state", flat=True):
        counts[state] += 1
    assigned = IndicatorTarget.objects.filter(
        indicator__project__matter__programme_id=period.programme_id
    ).count()
    return {
        "to_lock": counts[FigureState.VERIFIED] + counts[FigureState.DEDUCTED],
        "locked": counts[FigureState.LOCKED],
        "unverified": counts[FigureState.SUBMITTED],
        "open": counts[FigureState.DRAFT] + counts[FigureState.RETURNED],
        "missing": assigned - sum(counts.values()),
        "assigned": assigned,
    }


@transaction.atomic
def period_lock(*, period: ReportingPeriod, actor, confirmed: bool = True, comment: str = "") -> int:
    """Lock every verified or deducted figure of a month and close it; returns how many were locked.

    Refused while submitted figures wait for review. Drafts, returned and missing figures stay as they are
    (the month is closed for them; their counties' status keeps the latest verified value)."""
    require_office(actor, programme=period.programme)
    if not confirmed:
        raise ValidationError(ERR_NOT_CONFIRMED)
    if period.state == ReportingPeriod.State.CLOSED:
        raise ValidationError(ERR_ALREADY_LOCKED)
    with transition(
        period, flow=PERIODS, to=ReportingPeriod.State.CLOSED, by=actor, reason=comment
    ) as change:
        # Every figure of the month is locked (in id order), so a submit, review, save or evidence upload in
        # flight finishes first and is counted below, and none can start until the month is closed.
        figures = list(Figure.objects.select_for_update().filter(period=period).order_by("pk"))
        pending = Figure.objects.filter(period=period, state=FigureState.SUBMITTED).count()
        if pending:
            raise ValidationError(ERR_UNVERIFIED.format(n=pending))
        to_lock = [f for f in figures if f.state in (FigureState.VERIFIED, FigureState.DEDUCTED)]
        rows = []
        for figure in to_lock:
            FIGURES.check(figure.state, FigureState.LOCKED)
            rows.append(
                FigureTransition(
                    figure=figure,
                    actor=actor,
                    at=change.at,
                    from_state=figure.state,
                    to_state=FigureState.LOCKED,
                    source=FigureTransition.Source.REVIEW,
                )
            )
            figure.state, figure.updated_at = FigureState.LOCKED, change.at
        if to_lock:
            bulk_update_with_history(
                to_lock,
                Figure,
                ["state", "updated_at"],
                batch_size=1000,
                default_user=actor,
                default_change_reason="锁定",
            )
            FigureTransition.objects.bulk_create(rows, batch_size=1000)
        change.reason = comment or f"锁定 {len(to_lock)} 条数据"
    rollup_stamp_renew(programme_id=period.programme_id)
    return len(to_lock)


def periods_open_month(*, today: date, share: OfficeShare | None = None) -> list[ReportingPeriod]:
    """On the 1st (or any later day of a month): open this month's period of every programme of the year
    that has decomposed targets (not a draft, no adopted item without its target). Idempotent: an existing period is left alone."""
    out = []
    programmes = (
        Programme.objects.filter(year=today.year, matters__projects__indicators__targets__isnull=False)
        .exclude(is_draft=True)
        .exclude(matters__projects__indicators__needs_definition=True)
        .select_related("organisation")
        .distinct()
    )
    for programme in share_filter(programmes, share=share, org_of=lambda p: p.organisation):
        try:
            out.append(period_ensure(programme=programme, month=today.month, comment="每月 1 日自动开启"))
        except IntegrityError:  # a concurrent run created it first
            continue
    return out
