"""Writes of 审核论证, 征求意见 and 确定候选: work-group scores, opinions and responses, approval meetings."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minsheng.common.files import suffix_for, upload_check

from .models import ApprovalKind, ApprovalMeeting, Candidate, CandidateStage, Opinion, Score, ScreeningRound
from .services import require_office

ERR_APPROVAL_OUT_OF_ORDER = "审议顺序不对：须先经{previous}审议通过，才能提交{kind}。"
ERR_APPROVAL_DATE_ORDER = "{kind}的日期不能早于{previous}（{date}）。"
ERR_APPROVAL_NO_CANDIDATES = "本年度还没有处于“确定候选”阶段的项目，无需提交审议。"
ERR_SCORE_NOT_ALLOWED = "只有工作组成员可以在“审核论证”阶段评分。"
ERR_OPINION_STAGE = "只能在“征求意见”阶段录入意见。"
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def score_submit(
    *,
    candidate: Candidate,
    member,
    necessity: int,
    feasibility: int,
    funding: int,
    performance: int,
    comment: str = "",
) -> Score:
    """A work-group member scores (or re-scores) a candidate in 审核论证."""
    if not member.has_perm("candidates.score_candidate", candidate):
        raise PermissionDenied(ERR_SCORE_NOT_ALLOWED)
    score = Score.objects.filter(candidate=candidate, member=member).first() or Score(
        candidate=candidate, member=member
    )
    score.necessity, score.feasibility, score.funding, score.performance = (
        necessity,
        feasibility,
        funding,
        performance,
    )
    score.comment = comment
    score.full_clean()
    score.save()
    return score


@transaction.atomic
def opinion_add(*, candidate: Candidate, by, source: str, source_name: str, content: str) -> Opinion:
    """Record an opinion from one source on a candidate (第十四条)."""
    require_office(by, candidate.round)
    if candidate.stage != CandidateStage.CONSULTATION:
        raise ValidationError(ERR_OPINION_STAGE)
    opinion = Opinion(
        candidate=candidate, source=source, source_name=source_name, content=content, created_by=by
    )
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_respond(*, opinion: Opinion, by, response: str) -> Opinion:
    """The work group's response to an opinion (第十五条)."""
    require_office(by, opinion.candidate.round)
    opinion.response = response
    opinion.responded_by = by
    opinion.responded_at = timezone.now()
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def approval_record(
    *,
    round: ScreeningRound,
    kind: int,
    held_on: datetime.date,
    decision: str,
    by,
    note: str = "",  # noqa: A002
    attachment=None,
) -> ApprovalMeeting:
    """Record an approval meeting on the plan, only after the meetings before it have passed it."""
    require_office(by, round)
    round = ScreeningRound.objects.select_for_update().get(pk=round.pk)  # noqa: A001
    if not round.candidates.filter(stage=CandidateStage.CONFIRMED).exists():
        raise ValidationError(ERR_APPROVAL_NO_CANDIDATES)
    kind = ApprovalKind(int(kind))
    meetings = list(round.approvals.all())
    for previous in ApprovalKind:
        if previous >= kind:
            break
        passed = [m for m in meetings if m.kind == previous and m.is_passed]
        if not passed:
            raise ValidationError(
                ERR_APPROVAL_OUT_OF_ORDER.format(previous=previous.label, kind=kind.label),
                code="out_of_order",
            )
        latest = max(m.held_on for m in passed)
        if held_on < latest:
            raise ValidationError(
                ERR_APPROVAL_DATE_ORDER.format(
                    kind=kind.label, previous=previous.label, date=latest.isoformat()
                ),
                code="date_order",
            )
    meeting = ApprovalMeeting(
        round=round, kind=kind, held_on=held_on, decision=decision, note=note, recorded_by=by
    )
    if attachment is not None:
        checked = upload_check(attachment, kinds=("pdf", "office", "image"), max_bytes=ATTACHMENT_MAX_BYTES)
        meeting.attachment_name = checked.name[:200]
        meeting.attachment_mime = checked.mime
        meeting.attachment.save(f"approval-{kind.value}{suffix_for(checked.mime)}", attachment, save=False)
    meeting.full_clean()
    meeting.save()
    return meeting
