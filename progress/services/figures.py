"""Write services of figures and their workflow, evidence, scores and letters."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minsheng.common.files import upload_check
from minsheng.common.photos import photo_prepare
from minsheng.common.workflow import Change, Flow, transition
from projects.models import IndicatorTarget, Programme

from ..models import (
    EDITABLE_STATES,
    TRANSITIONS,
    DisclosureScore,
    Evidence,
    Figure,
    FigureState,
    FigureTransition,
    ReportingPeriod,
)
from ..notices import figure_review_notify
from ..stamps import rollup_stamp_renew
from ..status import fmt_number

ERR_NOT_EDITABLE = "该数据已报送或已审核，如需修改请联系专班办公室退回。"
ERR_BAD_TRANSITION = "不能从“{from_}”变为“{to}”。"
ERR_FALL_NEEDS_REASON = "累计完成值低于上月核定值（{previous}），请填写原因。"
ERR_RETURN_NEEDS_COMMENT = "退回时请填写退回意见。"
ERR_DEDUCT_NEEDS_REASON = "核减时请填写核减原因。"
ERR_DEDUCT_NOT_LOWER = "核减后的核定值须低于报送值（{value}）。"
ERR_NO_VALUE = "请先填写累计完成值再报送。"
ERR_PERIOD_CLOSED = "该月份已截止，不能再修改。"
ERR_REPLY_EMPTY = "请填写答复内容。"
ERR_LETTER_REPLIED = "该函件已回复，不能重复回复。"
ERR_EVIDENCE_LOCKED = "该数据已锁定，不能再上传佐证材料。"
ERR_EVIDENCE_PERIOD_CLOSED = "该月份已锁定，不能再上传佐证材料。"
LATE_NOTE = "逾期报送"

EVIDENCE_KINDS = ("pdf", "image", "office")


def _max_bytes() -> int:
    return settings.MINSHENG.get("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def _history(change: Change) -> FigureTransition:
    row = FigureTransition(
        figure=change.obj,
        actor=change.by,
        at=change.at,
        from_state=change.from_state,
        to_state=change.to_state,
        old_value=change.extra.get("old"),
        new_value=change.extra.get("new"),
        comment=change.reason[:300],
        source=change.extra.get("source", FigureTransition.Source.WEB),
    )
    row.save()
    return row


# The figure review workflow: its table and its history rows (FigureTransition).
FIGURES = Flow(
    model=Figure,
    table=TRANSITIONS,
    labels=FigureState,
    history=_history,
    refusal=lambda src, dst: ERR_BAD_TRANSITION.format(from_=src, to=dst),
    # A transition never changes a figure's task or month, and Figure.clean() checks the values its
    # CheckConstraints guard: skipping those database probes keeps a bulk verification of a whole
    # month (hundreds of figures, progress.services.verification) at a handful of queries per figure.
    clean={"exclude": ["target", "period"], "validate_constraints": False},
)


def _period_state(period_id: int) -> str:
    """A period's state as stored now (never a cached one: it may have been locked meanwhile)."""
    return ReportingPeriod.objects.values_list("state", flat=True).get(pk=period_id)


def previous_verified(*, target_id: int, period: ReportingPeriod) -> Decimal | None:
    """Last month's verified value of the same target (None in January or when not verified)."""
    if period.month == 1:
        return None
    return (
        Figure.objects.filter(
            target_id=target_id, period__programme_id=period.programme_id, period__month=period.month - 1
        )
        .values_list("verified_value", flat=True)
        .first()
    )


@transaction.atomic
def figure_save(
    *,
    target: IndicatorTarget,
    period: ReportingPeriod,
    actor,
    value: Decimal | None,
    progress_percent: Decimal | None = None,
    planned_investment: Decimal | None = None,
    completed_investment: Decimal | None = None,
    narrative: str = "",
    fall_reason: str = "",
    submit: bool = False,
) -> Figure:
    """Create or update a county's draft (or returned) figure, and with submit=True also 报送 it — all or
    nothing; value changes are written to the history."""
    figure = Figure.objects.select_for_update().filter(target=target, period=period).first()
    if _period_state(period.pk) == ReportingPeriod.State.CLOSED:
        raise ValidationError(ERR_PERIOD_CLOSED)
    created = figure is None
    if created:
        figure = Figure(target=target, period=period)
    elif figure.state not in EDITABLE_STATES:
        raise ValidationError(ERR_NOT_EDITABLE, code="locked")
    previous = previous_verified(target_id=target.pk, period=period)
    if value is not None and previous is not None and value < previous and not fall_reason.strip():
        raise ValidationError({"fall_reason": ERR_FALL_NEEDS_REASON.format(previous=fmt_number(previous))})
    old = figure.value
    figure.value = value
    figure.progress_percent = progress_percent
    figure.planned_investment = planned_investment
    figure.completed_investment = completed_investment
    figure.narrative = narrative
    figure.fall_reason = fall_reason.strip()
    figure.full_clean()
    figure.save()
    rollup_stamp_renew(programme_id=period.programme_id)
    if old != value or created:
        FIGURES.record(
            Change(
                obj=figure,
                from_state="" if created else figure.state,
                to_state=figure.state,
                by=actor,
                at=timezone.now(),
                reason="填报累计完成值",
                extra={"old": old, "new": value},
            )
        )
    if submit:
        figure = figure_submit(figure=figure, actor=actor)
    return figure


@transaction.atomic
def figure_submit(
    *, figure: Figure, actor, source=FigureTransition.Source.WEB, expected: str | None = None
) -> Figure:
    """报送: a draft or returned figure goes to the office for verification."""
    with transition(
        figure, flow=FIGURES, to=FigureState.SUBMITTED, by=actor, expected=expected, source=source
    ) as change:
        if figure.value is None and figure.progress_percent is None:
            raise ValidationError(ERR_NO_VALUE)
        period = ReportingPeriod.objects.get(pk=figure.period_id)
        if period.state == ReportingPeriod.State.CLOSED:
            raise ValidationError(ERR_PERIOD_CLOSED)
        change.extra["new"] = figure.value
        if period.is_late(change.at):
            change.reason = LATE_NOTE
        figure.submitted_at = change.at
    rollup_stamp_renew(programme_id=period.programme_id)
    return figure


@transaction.atomic
def figure_verify(
    *, figure: Figure, actor, comment: str = "", expected: str | None = None, notify: bool = True
) -> Figure:
    """审核通过: the verified value is the reported one (notify=False: the caller sends one summary)."""
    require_office(actor, programme=figure.period.programme)
    with transition(
        figure,
        flow=FIGURES,
        to=FigureState.VERIFIED,
        by=actor,
        reason=comment,
        expected=expected,
        source=FigureTransition.Source.REVIEW,
    ) as change:
        change.extra.update(old=figure.verified_value, new=figure.value)
        figure.verified_value = figure.value
        figure.review_comment = comment
        figure.verified_at = change.at
    rollup_stamp_renew(programme_id=figure.period.programme_id)
    if notify:
        figure_review_notify(figure=figure)
    return figure


@transaction.atomic
def figure_return(*, figure: Figure, actor, comment: str, expected: str | None = None) -> Figure:
    """退回: the county must correct and resubmit; the comment says why."""
    require_office(actor, programme=figure.period.programme)
    if not comment.strip():
        raise ValidationError({"comment": ERR_RETURN_NEEDS_COMMENT})
    with transition(
        figure,
        flow=FIGURES,
        to=FigureState.RETURNED,
        by=actor,
        reason=comment,
        expected=expected,
        source=FigureTransition.Source.REVIEW,
    ) as change:
        change.extra["old"] = figure.verified_value
        figure.verified_value = None
        figure.verified_at = None
        figure.review_comment = comment
    rollup_stamp_renew(programme_id=figure.period.programme_id)
    figure_review_notify(figure=figure)
    return figure


@transaction.atomic
def figure_deduct(
    *,
    figure: Figure,
    actor,
    verified_value: Decimal,
    reason: str,
    at: datetime | None = None,
    source=FigureTransition.Source.REVIEW,
    expected: str | None = None,
) -> Figure:
    """核减: the office sets a lower verified value with a reason (the history keeps old and new)."""
    require_office(
        actor, allow_none=source == FigureTransition.Source.DEMO, programme=figure.period.programme
    )
    if not reason.strip():
        raise ValidationError({"reason": ERR_DEDUCT_NEEDS_REASON})
    with transition(
        figure,
        flow=FIGURES,
        to=FigureState.DEDUCTED,
        by=actor,
        reason=reason,
        at=at,
        expected=expected,
        source=source,
    ) as change:
        ceiling = figure.value if figure.value is not None else figure.verified_value
        if ceiling is not None and verified_value >= ceiling:
            raise ValidationError({"verified_value": ERR_DEDUCT_NOT_LOWER.format(value=fmt_number(ceiling))})
        old = figure.verified_value if figure.verified_value is not None else figure.value
        change.extra.update(old=old, new=verified_value)
        figure.verified_value = verified_value
        figure.deduction_reason = reason.strip()
        figure.verified_at = change.at
    rollup_stamp_renew(programme_id=figure.period.programme_id)
    if source != FigureTransition.Source.DEMO:  # the demo data set is built, not reviewed
        figure_review_notify(figure=figure)
    return figure


def require_office(actor, *, allow_none: bool = False, programme: Programme | None = None) -> None:
    """Refuse anyone but the office, and (given the programme acted on) an office of another level."""
    if actor is None and allow_none:
        return
    if actor is None or not actor.has_perm("progress.manage", programme):
        raise PermissionDenied


@transaction.atomic
def evidence_add(*, figure: Figure, actor, uploaded) -> Evidence:
    """Attach a 佐证材料 file after checking its real type (PDF, image, office) and size; refused once the
    figure or its month is locked (checked under the figure's row lock, which period_lock takes too)."""
    state = Figure.objects.select_for_update().values_list("state", flat=True).get(pk=figure.pk)
    if state == FigureState.LOCKED:
        raise ValidationError(ERR_EVIDENCE_LOCKED)
    if _period_state(figure.period_id) == ReportingPeriod.State.CLOSED:
        raise ValidationError(ERR_EVIDENCE_PERIOD_CLOSED)
    checked = upload_check(uploaded, kinds=EVIDENCE_KINDS, max_bytes=_max_bytes())
    evidence = Evidence(
        figure=figure,
        original_name=checked.name[:200],
        mime=checked.mime,
        size=checked.size,
        uploaded_by=actor,
    )
    if checked.mime.startswith("image/"):
        # The observers' photo policy: re-encoded without EXIF, the position kept on the row for the office.
        photo = photo_prepare(uploaded, max_bytes=_max_bytes())
        evidence.mime, evidence.size = photo.mime, photo.content.size
        evidence.latitude, evidence.longitude = photo.latitude, photo.longitude
        evidence.file.save(photo.content.name, photo.content, save=False)
    else:
        evidence.file.save(checked.name, uploaded, save=False)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def disclosure_score_set(
    *, programme: Programme, county, month: int, score: Decimal, actor
) -> DisclosureScore:
    """Enter (or change) a county's 信息公开 score for a month."""
    require_office(actor, programme=programme)
    max_score = Decimal(str(getattr(settings, "PROGRESS_DISCLOSURE_MAX", 6)))
    obj = DisclosureScore.objects.filter(
        programme=programme, county=county, month=month
    ).first() or DisclosureScore(programme=programme, county=county, month=month)
    obj.score, obj.max_score = score, max_score
    obj.full_clean()
    obj.save()
    return obj
