"""The guards: the reasons a move to a stage is refused (missing elements, scores, budget, opinions,
approval meetings, an already-chosen multi-year project)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ..models import ApprovalDecision, ApprovalKind, Candidate, CandidateStage, ScreeningRound
from ..selectors import carried_over_for_round
from .base import (
    BACKWARD,
    ERR_ALREADY_CHOSEN_MULTIYEAR,
    ERR_APPROVALS_INCOMPLETE,
    ERR_BUDGET_NOT_CONFIRMED,
    ERR_COMMENT_REQUIRED,
    ERR_DECLARATIONS,
    ERR_MISSING_FIELD,
    ERR_MULTIYEAR_END,
    ERR_MULTIYEAR_TARGETS,
    ERR_NO_OPINIONS,
    ERR_NO_SCORES,
    ERR_OPINIONS_UNANSWERED,
    REQUIRED_FIELDS,
)


def missing_required(candidate: Candidate) -> list[str]:
    """Labels of the 第十条 elements the candidate still lacks."""
    missing = []
    for field, label in REQUIRED_FIELDS:
        value = getattr(candidate, f"{field}_id" if field == "responsible_unit" else field)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(label)
    return missing


def _check_complete(candidate: Candidate) -> None:
    missing = missing_required(candidate)
    if missing:
        raise ValidationError(ERR_MISSING_FIELD.format(field="、".join(missing)), code="missing_field")
    if candidate.is_multi_year:
        if not candidate.end_year or candidate.end_year <= candidate.round.year:
            raise ValidationError(ERR_MULTIYEAR_END, code="multi_year")
        have = set(candidate.year_targets.values_list("year", flat=True))
        lacking = [str(y) for y in candidate.years if y not in have]
        if lacking:
            raise ValidationError(ERR_MULTIYEAR_TARGETS.format(years="、".join(lacking)), code="multi_year")
    if not candidate.declarations_complete:
        raise ValidationError(ERR_DECLARATIONS, code="declarations")


def _check_budget(candidate: Candidate) -> None:
    if not candidate.budget_confirmed:
        raise ValidationError(ERR_BUDGET_NOT_CONFIRMED, code="budget")


def approvals_missing(round: ScreeningRound) -> list[str]:  # noqa: A002 - the domain's word
    """Meetings of 第十六条 that have not (yet) passed the round's plan, in order."""
    passed = {
        m.kind
        for m in round.approvals.all()
        if m.decision in (ApprovalDecision.APPROVED, ApprovalDecision.REVISE)
    }
    return [kind.label for kind in ApprovalKind if kind.value not in passed]


def carried_multi_year(candidate: Candidate) -> Candidate | None:
    """The already-chosen multi-year project this candidate repeats, if any (第五条（三）)."""
    for chosen in carried_over_for_round(round=candidate.round):
        if candidate.continues_id == chosen.pk or candidate.name.strip() == chosen.name.strip():
            return chosen
    return None


def _guard(candidate: Candidate, src: str, dst: str, comment: str) -> None:
    if (src, dst) in BACKWARD:
        if not comment.strip():
            raise ValidationError(ERR_COMMENT_REQUIRED, code="comment")
        return
    if dst == CandidateStage.DECLARED:
        missing = [
            label
            for value, label in (
                (candidate.name.strip(), "项目名称"),
                (candidate.responsible_unit_id, "责任主体"),
            )
            if not value
        ]
        if missing:
            raise ValidationError(ERR_MISSING_FIELD.format(field="、".join(missing)), code="missing_field")
    elif dst == CandidateStage.REVIEW:
        _check_complete(candidate)
    elif dst == CandidateStage.CONSULTATION:
        _check_complete(candidate)
        if not candidate.scores.exists():
            raise ValidationError(ERR_NO_SCORES, code="scores")
        _check_budget(candidate)
    elif dst == CandidateStage.CONFIRMED and src == CandidateStage.CONSULTATION:
        _check_budget(candidate)
        opinions = list(candidate.opinions.all())
        if not opinions:
            raise ValidationError(ERR_NO_OPINIONS, code="opinions")
        unanswered = sum(1 for o in opinions if not o.is_answered)
        if unanswered:
            raise ValidationError(ERR_OPINIONS_UNANSWERED.format(n=unanswered), code="opinions")
    elif dst == CandidateStage.VOTING:
        _check_budget(candidate)
        missing = approvals_missing(candidate.round)
        if missing:
            raise ValidationError(
                ERR_APPROVALS_INCOMPLETE.format(missing="、".join(missing)), code="approvals"
            )
        repeated = carried_multi_year(candidate)
        if repeated is not None:
            raise ValidationError(
                ERR_ALREADY_CHOSEN_MULTIYEAR.format(name=repeated.name), code="multi_year_chosen"
            )
