"""Moving a candidate through the stages: the checked move itself, the office's manual move, and the
stages the office may choose by hand."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from minsheng.common.workflow import transition

from ..models import Candidate, CandidateStage, StageChange
from .base import (
    BY_SESSION_CLOSE,
    BY_SESSION_OPEN,
    CANDIDATES,
    ERR_MOVE_BY_MERGE,
    ERR_MOVE_BY_SESSION,
    TRANSITIONS,
    require_office,
)
from .guards import _guard


def move(*, candidate: Candidate, to_stage: str, by, comment: str = "") -> StageChange:
    """Lock and re-check the candidate, check the table and the guards, change the stage and write the
    history row (no caller check)."""
    with transition(candidate, flow=CANDIDATES, to=to_stage, by=by, reason=comment) as change:
        _guard(candidate, change.from_state, to_stage, comment)
    return change.row


@transaction.atomic
def candidate_transition(*, candidate: Candidate, to_stage: str, by, comment: str = "") -> StageChange:
    """Move a candidate one stage by hand (the office); refused with the reason when a rule is broken, or
    when someone else has moved it since the page was shown."""
    require_office(by, candidate.round)
    with transition(candidate, flow=CANDIDATES, to=to_stage, by=by, reason=comment) as change:
        if (change.from_state, to_stage) in BY_SESSION_OPEN | BY_SESSION_CLOSE:
            raise ValidationError(ERR_MOVE_BY_SESSION, code="by_session")
        if to_stage == CandidateStage.MERGED:
            raise ValidationError(ERR_MOVE_BY_MERGE, code="by_merge")
        _guard(candidate, change.from_state, to_stage, comment)
    return change.row


def manual_moves(candidate: Candidate) -> list[str]:
    """The stages the office may move this candidate to by hand."""
    return [
        dst
        for dst in CandidateStage.values
        if dst in TRANSITIONS[candidate.stage]
        and dst != CandidateStage.MERGED
        and (candidate.stage, dst) not in BY_SESSION_OPEN | BY_SESSION_CLOSE
    ]
