"""Moving a candidate through the stages: the checked move itself, the office's manual move, and the
stages the office may choose by hand."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Candidate, StageChange
from .base import (
    BY_SESSION_CLOSE,
    BY_SESSION_OPEN,
    ERR_MOVE_BY_MERGE,
    ERR_MOVE_BY_SESSION,
    ERR_TRANSITION_NOT_ALLOWED,
    TRANSITIONS,
    S,
    _history,
    _require_office,
)
from .guards import _guard


def move(*, candidate: Candidate, to_stage: str, by, comment: str = "") -> StageChange:
    """Check the table and the guards, change the stage and write the history row (no caller check)."""
    src = candidate.stage
    if to_stage not in TRANSITIONS.get(src, set()):
        raise ValidationError(
            ERR_TRANSITION_NOT_ALLOWED.format(src=S(src).label, dst=S(to_stage).label), code="not_allowed"
        )
    _guard(candidate, src, to_stage, comment)
    candidate.stage = to_stage
    candidate.full_clean()
    candidate.save(update_fields=["stage", "updated_at"])
    return _history(candidate, src, to_stage, by, comment)


@transaction.atomic
def candidate_transition(*, candidate: Candidate, to_stage: str, by, comment: str = "") -> StageChange:
    """Move a candidate one stage by hand (the office); refused with the reason when a rule is broken."""
    _require_office(by)
    given = candidate
    candidate = Candidate.objects.select_for_update().select_related("round").get(pk=candidate.pk)
    src = candidate.stage
    if to_stage not in TRANSITIONS.get(src, set()):
        raise ValidationError(
            ERR_TRANSITION_NOT_ALLOWED.format(src=S(src).label, dst=S(to_stage).label), code="not_allowed"
        )
    if (src, to_stage) in BY_SESSION_OPEN | BY_SESSION_CLOSE:
        raise ValidationError(ERR_MOVE_BY_SESSION, code="by_session")
    if to_stage == S.MERGED:
        raise ValidationError(ERR_MOVE_BY_MERGE, code="by_merge")
    row = move(candidate=candidate, to_stage=to_stage, by=by, comment=comment)
    given.stage = candidate.stage  # the caller's instance reflects the move
    return row


def manual_moves(candidate: Candidate) -> list[str]:
    """The stages the office may move this candidate to by hand."""
    return [
        dst
        for dst in S.values
        if dst in TRANSITIONS[candidate.stage]
        and dst != S.MERGED
        and (candidate.stage, dst) not in BY_SESSION_OPEN | BY_SESSION_CLOSE
    ]
