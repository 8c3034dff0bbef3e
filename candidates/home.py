"""Panels of the screening and the vote: a deputy's open votes and year-end ratings on the home page, and the
votes' 公示 and the published 测评 on a programme's public page."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.rules import is_deputy
from minsheng.common.home import Panel
from minsheng.common.todo import URGENCY_INFO, URGENCY_SOON, TodoItem

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


def project_survey_panel(project) -> Panel | None:
    """On a project's public page, once its programme's year-end 测评 is published: the project's grade and
    counts (what the published result already shows), with a link to the whole result."""
    survey = SatisfactionSurvey.objects.filter(
        programme_id=project.matter.programme_id, is_open=False, published_at__isnull=False
    ).first()
    if survey is None:
        return None
    result = selectors.survey_result(survey=survey)
    row = next((r for r in result.get("rows", []) if r.get("project") == project.pk), None)
    if row is None:
        return None
    return Panel(
        template="candidates/panels/project_survey.html",
        context={"row": row, "result": result, "programme_id": survey.programme_id},
        order=5,
    )


RESULTS_NEWS_DAYS = 30  # a published result stays on a deputy's 待办 (as news) this long


def deputy_todo(request, today) -> list[TodoItem]:
    """A deputy: each open vote not yet cast and each open survey not yet rated (linking to the ballot or the
    survey), then the results of their votes and surveys published in the last 30 days. Four queries."""
    user = request.user
    if not is_deputy(user):
        return []
    items: list[TodoItem] = []
    sessions = (
        VotingSession.objects.filter(roster=user, state=SessionState.OPEN)
        .annotate(voted=Exists(VoterRecord.objects.filter(deputy=user, session=OuterRef("pk"))))
        .filter(voted=False)
        .order_by("opened_at", "pk")
    )
    for s in sessions:
        items.append(
            TodoItem(
                title=f"请参加票决：{s.title}",
                url=reverse("candidates:ballot", args=[s.pk]),
                count=1,
                note=f"应选 {s.seats} 项",
                group="人大代表票决",
                urgency=URGENCY_SOON,
                order=10,
            )
        )
    surveys = (
        SatisfactionSurvey.objects.filter(roster=user, is_open=True)
        .annotate(rated=Exists(SurveyParticipation.objects.filter(deputy=user, survey=OuterRef("pk"))))
        .filter(rated=False)
        .select_related("programme__organisation")
        .order_by("pk")
    )
    for sv in surveys:
        items.append(
            TodoItem(
                title=f"请参加满意度测评：{sv.programme}",
                url=reverse("candidates:survey", args=[sv.programme_id]),
                count=1,
                note="无记名测评",
                group="满意度测评",
                order=11,
            )
        )
    since = timezone.now() - dt.timedelta(days=RESULTS_NEWS_DAYS)
    for s in VotingSession.objects.filter(roster=user, state=SessionState.CLOSED, closed_at__gte=since).order_by(
        "-closed_at"
    ):
        items.append(
            TodoItem(
                title=f"票决结果已公布：{s.title}",
                url=reverse("candidates:session_results", args=[s.pk]),
                group="结果公布",
                urgency=URGENCY_INFO,
                order=20,
            )
        )
    for sv in (
        SatisfactionSurvey.objects.filter(roster=user, is_open=False, published_at__gte=since)
        .select_related("programme__organisation")
        .order_by("-published_at")
    ):
        items.append(
            TodoItem(
                title=f"满意度测评结果已公布：{sv.programme}",
                url=reverse("candidates:survey", args=[sv.programme_id]),
                group="结果公布",
                urgency=URGENCY_INFO,
                order=21,
            )
        )
    return items
