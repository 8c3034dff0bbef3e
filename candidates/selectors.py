"""Reads of the candidate screening, the vote and the satisfaction survey."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet

from minsheng.accounts.models import Role, User
from minsheng.accounts.rules import (
    department_id_of,
    is_department_staff,
    is_deputy,
    is_office,
    is_signed_in,
    office_scope_q,
)
from projects.models import Project

from .ballot_box import box_read
from .models import (
    Ballot,
    BallotChannel,
    BallotMark,
    Candidate,
    CandidateStage,
    Opinion,
    SatisfactionRating,
    SatisfactionSurvey,
    Score,
    ScreeningRound,
    SealedBox,
    SessionState,
    StageChange,
    SurveyParticipation,
    VoterRecord,
    VotingSession,
)
from .rules import PUBLIC_STAGES
from .tally import compute_survey, compute_tally

ERR_RESULTS_SEALED = (
    "投票尚未结束，计票结果不公开：结束投票前，任何人（包括专班办公室和系统管理员）都看不到任何项目的得票。"
    "结束投票后即可查看并公示结果。"
)
ERR_SURVEY_SEALED = (
    "测评尚未结束，结果不公开：结束测评前，任何人（包括专班办公室和系统管理员）都看不到任何项目的评价。"
)


def candidates_visible_to(user) -> QuerySet[Candidate]:
    """Candidates the user may see: the office all, a department its own, other roles from 征求意见 on."""
    qs = Candidate.objects.select_related("round__organisation", "responsible_unit")
    if not is_signed_in(user):
        return qs.none()
    if is_office(user):
        return qs.filter(office_scope_q(user, "round__organisation"))
    public = Q(stage__in=PUBLIC_STAGES)
    if is_department_staff(user):
        return qs.filter(public | Q(responsible_unit_id=department_id_of(user)))
    return qs.filter(public)


def rounds_in_reach(user) -> QuerySet[ScreeningRound]:
    """Rounds a user may open by id: an office user those of its subtree; everyone else any (what they see
    inside is limited by the candidate rules and stages)."""
    if is_office(user):
        return ScreeningRound.objects.filter(office_scope_q(user, "organisation"))
    return ScreeningRound.objects.all()


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
        return qs.filter(office_scope_q(user, "round__organisation"))
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
    """Recount a closed session from its ballots (the same function that froze the tally at closing)."""
    if session.state != SessionState.CLOSED:
        raise PermissionDenied(ERR_RESULTS_SEALED)
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
    """The frozen tally of a closed session; refused (for everyone) while the vote is open."""
    if session.state != SessionState.CLOSED:
        raise PermissionDenied(ERR_RESULTS_SEALED)
    return session.tally if session.tally is not None else session_tally_compute(session=session)


def _count_by_channel(qs) -> dict[str, int]:
    return {row["channel"]: row["n"] for row in qs.order_by().values("channel").annotate(n=Count("id"))}


def session_turnout(*, session: VotingSession) -> dict[str, int]:
    """What anyone may know of a vote in progress: how many have voted (by channel) and how many ballots
    are in the box — never a figure per candidate."""
    by_channel = _count_by_channel(session.voters.all())
    box = SealedBox.objects.filter(session=session).first()
    contents = box_read(box) if box is not None else None
    return {
        "voters": sum(by_channel.values()),
        "paper_voters": by_channel.get(BallotChannel.PAPER, 0),
        "ballots": session.ballots.count() + (len(contents.rows) if contents else 0),
        "paper_ballots": contents.paper if contents else 0,
    }


def sessions_published(*, organisation_id: int, year: int) -> QuerySet[VotingSession]:
    """The closed votes of an organisation's year, whose results are public (票决结果公示)."""
    return VotingSession.objects.filter(
        round__organisation_id=organisation_id, round__year=year, state=SessionState.CLOSED
    ).order_by("closed_at", "pk")


def programme_public_votes(*, programme) -> tuple[list[VotingSession], SatisfactionSurvey | None]:
    """For a public programme page: the closed votes that chose it, and its survey once the results are out."""
    survey = SatisfactionSurvey.objects.filter(programme=programme, is_open=False, published_at__isnull=False).first()
    return list(sessions_published(organisation_id=programme.organisation_id, year=programme.year)), survey


def has_voted(*, session: VotingSession, deputy) -> bool:
    """Whether the deputy has voted (or taken a paper ballot) in the session."""
    return VoterRecord.objects.filter(session=session, deputy=deputy).exists()


# --- the year-end 满意度测评 ----------------------------------------------------------------------
def survey_projects(*, survey: SatisfactionSurvey) -> list:
    """The projects of the surveyed programme, in programme order."""
    return list(
        Project.objects.filter(matter__programme_id=survey.programme_id).order_by(
            "matter__level", "matter__seq", "seq", "pk"
        )
    )


def survey_default_roster(*, programme) -> QuerySet:
    """Who is asked to rate a programme: the deputies who voted it in (the rosters of its closed votes), or
    every active deputy account when the programme did not come from a vote held here."""
    deputies = User.objects.filter(role=Role.DEPUTY, is_active=True)
    voted = deputies.filter(
        voting_sessions__in=sessions_published(organisation_id=programme.organisation_id, year=programme.year)
    ).distinct()
    return voted if voted.exists() else deputies


def survey_result_compute(*, survey: SatisfactionSurvey) -> dict:
    """Grade a closed survey from its stored ratings (the same function that froze the result at closing)."""
    if survey.is_open:
        raise PermissionDenied(ERR_SURVEY_SEALED)
    counts: dict[int, dict[str, int]] = {}
    rows = (
        SatisfactionRating.objects.filter(survey=survey)
        .values("project_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["project_id"], {})[row["value"]] = row["n"]
    frozen_share = (survey.result or {}).get("pass_share")
    return compute_survey(
        projects=[(p.pk, p.name) for p in survey_projects(survey=survey)],
        counts=counts,
        roster_size=survey.roster.count(),
        participants=survey.participants.count(),
        pass_share=frozen_share if frozen_share is not None else settings.SATISFACTION_PASS_SHARE,
    )


def survey_result(*, survey: SatisfactionSurvey) -> dict:
    """The frozen result of a closed survey; refused (for everyone) while it is open."""
    if survey.is_open:
        raise PermissionDenied(ERR_SURVEY_SEALED)
    return survey.result if survey.result is not None else survey_result_compute(survey=survey)


def survey_turnout(*, survey: SatisfactionSurvey) -> dict[str, int]:
    """What anyone may know of a survey in progress: 实到人数 (by channel), sheets in the box, the roster size."""
    by_channel = _count_by_channel(survey.participants.all())
    box = SealedBox.objects.filter(survey=survey).first()
    contents = box_read(box) if box is not None else None
    return {
        "roster": survey.roster.count(),
        "participants": sum(by_channel.values()),
        "paper_participants": by_channel.get(BallotChannel.PAPER, 0),
        "sheets": len(contents.rows) if contents else 0,
        "paper_sheets": contents.paper if contents else 0,
    }


def has_rated(*, survey: SatisfactionSurvey, deputy) -> bool:
    """Whether the deputy has taken part in the survey (the ratings themselves are not theirs to see again)."""
    return SurveyParticipation.objects.filter(survey=survey, deputy=deputy).exists()


def deputies_of(*, organisation) -> QuerySet[User]:
    """The active deputies of a government's own 人民代表大会: users whose unit is the government itself or a
    unit of it, not of a city or county below it (those deputies vote at their own level). Two queries."""
    from minsheng.accounts.models import Organisation

    qs = User.objects.filter(role=Role.DEPUTY, is_active=True)
    if not organisation.path:
        return qs.filter(organisation=organisation)
    qs = qs.filter(organisation__path__startswith=organisation.path)
    below = Q()
    for path in (
        Organisation.objects.filter(
            path__startswith=organisation.path,
            kind__in=[Organisation.Kind.PROVINCE, Organisation.Kind.CITY, Organisation.Kind.COUNTY],
        )
        .exclude(pk=organisation.pk)
        .values_list("path", flat=True)
    ):
        below |= Q(organisation__path__startswith=path)
    return qs.exclude(below) if below else qs
