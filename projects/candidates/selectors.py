"""Reads of the candidate screening, the vote and the satisfaction survey."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet

from minsheng.accounts.rules import department_id_of, is_department_staff, is_deputy, is_office, is_signed_in

from ..models import Project
from .models import (
    Ballot,
    BallotMark,
    Candidate,
    CandidateStage,
    Opinion,
    SatisfactionRating,
    SatisfactionSurvey,
    Score,
    ScreeningRound,
    StageChange,
    VotingSession,
)
from .rules import PUBLIC_STAGES
from .tally import compute_tally


def candidates_visible_to(user) -> QuerySet[Candidate]:
    """Candidates the user may see: the office all, a department its own, other roles from 征求意见 on."""
    qs = Candidate.objects.select_related("round__organisation", "responsible_unit")
    if not is_signed_in(user):
        return qs.none()
    if is_office(user):
        return qs
    public = Q(stage__in=PUBLIC_STAGES)
    if is_department_staff(user):
        return qs.filter(public | Q(responsible_unit_id=department_id_of(user)))
    return qs.filter(public)


def rounds_visible_to(user) -> QuerySet[ScreeningRound]:
    """Rounds with the number of candidates the user may see in each."""
    visible = candidates_visible_to(user).values("pk")
    return ScreeningRound.objects.select_related("organisation").annotate(
        n_visible=Count("candidates", filter=Q(candidates__in=visible), distinct=True),
    )


def round_candidates(*, round: ScreeningRound, user) -> list[Candidate]:  # noqa: A002
    """The round's candidates visible to the user, with their score averages, in stage order."""
    order = {value: i for i, value in enumerate(CandidateStage.values)}
    rows = list(
        candidates_visible_to(user)
        .filter(round=round)
        .annotate(
            n_scores=Count("scores", distinct=True),
            n_opinions=Count("opinions", distinct=True),
        )
    )
    rows.sort(key=lambda c: (order[c.stage], c.pk))
    return rows


def candidate_ranking(*, round: ScreeningRound, user) -> QuerySet[Candidate]:  # noqa: A002
    """The 审核论证 ranked view: average of each dimension and of the total, best first."""
    return (
        candidates_visible_to(user)
        .filter(round=round)
        .exclude(stage=CandidateStage.MERGED)
        .annotate(
            n_scores=Count("scores"),
            avg_necessity=Avg("scores__necessity"),
            avg_feasibility=Avg("scores__feasibility"),
            avg_funding=Avg("scores__funding"),
            avg_performance=Avg("scores__performance"),
            avg_total=Avg(
                F("scores__necessity")
                + F("scores__feasibility")
                + F("scores__funding")
                + F("scores__performance")
            ),
        )
        .filter(n_scores__gt=0)
        .order_by(F("avg_total").desc(nulls_last=True), "pk")
    )


def candidate_detail(*, pk: int, user) -> Candidate:
    """One candidate with everything its page shows."""
    return (
        candidates_visible_to(user)
        .prefetch_related(
            "year_targets",
            "co_units",
            Prefetch("history", queryset=StageChange.objects.select_related("by")),
            Prefetch("scores", queryset=Score.objects.select_related("member")),
            Prefetch("opinions", queryset=Opinion.objects.select_related("responded_by")),
            "merged_from",
        )
        .select_related("merged_into", "continues", "project__matter__programme")
        .get(pk=pk)
    )


def carried_over_for_round(*, round: ScreeningRound) -> list[Candidate]:  # noqa: A002
    """Multi-year projects chosen in an earlier year that still run in this round's year: not voted again."""
    return list(
        Candidate.objects.filter(
            round__organisation_id=round.organisation_id,
            round__year__lt=round.year,
            stage=CandidateStage.CHOSEN,
            is_multi_year=True,
            end_year__gte=round.year,
        ).select_related("round")
    )


def opinions_for_round(*, round: ScreeningRound, user) -> QuerySet[Opinion]:  # noqa: A002
    """Every opinion on the round's visible candidates, for the summary and its xlsx."""
    return (
        Opinion.objects.filter(candidate__in=candidates_visible_to(user).filter(round=round))
        .select_related("candidate", "responded_by")
        .order_by("candidate_id", "source", "id")
    )


def sessions_visible_to(user) -> QuerySet[VotingSession]:
    """The office sees every session; a deputy the sessions whose roster holds them."""
    qs = VotingSession.objects.select_related("round__organisation")
    if not (user and user.is_authenticated):
        return qs.none()
    if is_office(user):
        return qs
    if is_deputy(user):
        return qs.filter(roster=user)
    return qs.filter(state="closed") if user.is_active else qs.none()


def session_counts(*, session: VotingSession) -> dict[int, dict[str, int]]:
    """赞成 / 反对 / 弃权 per candidate, counted from the stored ballots (one query)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        BallotMark.objects.filter(ballot__session=session)
        .values("candidate_id", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["candidate_id"], {})[row["choice"]] = row["n"]
    return counts


def session_tally_compute(*, session: VotingSession) -> dict:
    """Recount a session from its ballots (the same function that froze the tally at closing)."""
    candidates = [(c.pk, c.name) for c in session.candidates.order_by("pk")]
    voters = session.voters.count()
    return compute_tally(
        candidates=candidates,
        counts=session_counts(session=session),
        seats=session.seats,
        roster_size=session.roster.count(),
        present=session.present_count if session.present_count is not None else voters,
        ballots=Ballot.objects.filter(session=session).count(),
        base_rule=session.pass_base,
        quorum_num=session.quorum_numerator,
        quorum_den=session.quorum_denominator,
    )


def session_result(*, session: VotingSession) -> dict:
    """The frozen tally of a closed session (or a live recount of an open one)."""
    return session.tally if session.tally is not None else session_tally_compute(session=session)


def survey_results(*, survey: SatisfactionSurvey) -> list[dict]:
    """Per project: 满意 / 基本满意 / 不满意 and the satisfaction rate ((满意+基本满意) / 评价数)."""
    projects = (
        Project.objects.filter(matter__programme_id=survey.programme_id)
        .order_by("matter__level", "matter__seq", "seq")
        .annotate(
            n_satisfied=Count(
                "satisfaction_ratings",
                filter=Q(satisfaction_ratings__value="satisfied", satisfaction_ratings__survey=survey),
            ),
            n_fairly=Count(
                "satisfaction_ratings",
                filter=Q(satisfaction_ratings__value="fairly", satisfaction_ratings__survey=survey),
            ),
            n_unsatisfied=Count(
                "satisfaction_ratings",
                filter=Q(satisfaction_ratings__value="unsatisfied", satisfaction_ratings__survey=survey),
            ),
        )
    )
    results = []
    for p in projects:
        total = p.n_satisfied + p.n_fairly + p.n_unsatisfied
        rate = round(100 * (p.n_satisfied + p.n_fairly) / total, 1) if total else None
        results.append(
            {
                "project": p,
                "satisfied": p.n_satisfied,
                "fairly": p.n_fairly,
                "unsatisfied": p.n_unsatisfied,
                "total": total,
                "rate": rate,
            }
        )
    return results


def ratings_by_deputy(*, survey: SatisfactionSurvey, deputy) -> dict[int, str]:
    """The deputy's own ratings in this survey, by project."""
    return dict(
        SatisfactionRating.objects.filter(survey=survey, deputy=deputy).values_list("project_id", "value")
    )
