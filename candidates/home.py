"""Panels of the screening and the vote: a deputy's open votes and year-end ratings on the home page, and the
votes' 公示 and the published 测评 on a programme's public page."""

from __future__ import annotations

from minsheng.accounts.rules import is_deputy
from minsheng.common.home import Panel

from . import selectors
from .models import SatisfactionSurvey, SessionState, SurveyParticipation, VoterRecord, VotingSession


def deputy_queue_panel(request) -> Panel | None:
    """A deputy sees the votes open to them (and whether they have voted) and the ratings to give."""
    user = request.user
    if not is_deputy(user):
        return None
    sessions = list(
        VotingSession.objects.filter(roster=user, state=SessionState.OPEN).select_related(
            "round__organisation"
        )
    )
    voted = set(
        VoterRecord.objects.filter(deputy=user, session__in=sessions).values_list("session_id", flat=True)
    )
    surveys = list(
        SatisfactionSurvey.objects.filter(is_open=True, roster=user).select_related("programme__organisation")[:5]
    )
    rated = set(
        SurveyParticipation.objects.filter(deputy=user, survey__in=surveys).values_list("survey_id", flat=True)
    )
    return Panel(
        template="candidates/panels/deputy_queue.html",
        context={
            "sessions": [(s, s.pk in voted) for s in sessions],
            "surveys": [(s, s.pk in rated) for s in surveys],
        },
        order=10,
    )


def programme_record_panel(programme) -> Panel | None:
    """The closed votes that chose a programme, and its survey once the results are out."""
    votes, survey = selectors.programme_public_votes(programme=programme)
    if not votes and survey is None:
        return None
    return Panel(
        template="candidates/panels/programme_record.html",
        context={"programme": programme, "votes": votes, "survey": survey},
        order=10,
    )
