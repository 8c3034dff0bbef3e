"""Reads of the intake. Every list a view or an export shows goes through `proposals_visible_to`."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from django.db.models import Count, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Candidate, CandidateStage, SessionState
from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_county_staff, is_department_staff, is_office, office_scope_q
from minsheng.common.codes import normalise_code, normalise_digits
from projects.records import project_finished

from . import similarity
from .models import Campaign, Proposal, ProposalAttachment, ProposalEvent, ProposalRating, Satisfaction, State


def campaign_list_public(*, at=None) -> QuerySet[Campaign]:
    """Published campaigns (drafts are never public), the ones open now first."""
    return Campaign.objects.filter(state=Campaign.State.PUBLISHED).select_related("organisation")


def campaign_list_open(*, at=None) -> QuerySet[Campaign]:
    """Campaigns whose window contains `at` (default: now)."""
    at = at or timezone.now()
    return campaign_list_public().filter(starts_at__lte=at, ends_at__gt=at)


def campaign_list_staff(user=None) -> QuerySet[Campaign]:
    """Every non-draft campaign for staff pickers, newest first; for an office user only those run in its
    subtree (a campaign belongs to the organisation that runs it). Units answer every campaign."""
    qs = Campaign.objects.exclude(state=Campaign.State.DRAFT).select_related("organisation")
    if user is not None and is_office(user):
        qs = qs.filter(office_scope_q(user, "organisation"))
    return qs


def user_unit(user) -> Organisation | None:
    """The unit whose proposals a county clerk or department user handles."""
    if is_county_staff(user):
        return user.county
    if is_department_staff(user):
        return user.organisation
    return None


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Office: everything. County/department: their unit's proposals and those forwarded to them."""
    qs = Proposal.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if is_office(user):
        return qs.filter(office_scope_q(user, "campaign__organisation"))
    unit = user_unit(user)
    if unit is None:
        return qs.none()
    forwarded = (
        Proposal.forwarded_to.through.objects.filter(organisation_id=unit.pk).order_by().values("proposal_id")
    )
    own = Proposal.objects.filter(unit_id=unit.pk).order_by().values("pk")
    # A UNION of two index scans: "unit OR id IN (forwarded)" made PostgreSQL scan every proposal of a province
    # (200,000 rows: 70 ms → 6 ms for a county's home panel count, bench/bench_homes.py).
    return qs.filter(pk__in=own.union(forwarded))


def proposal_list(*, user, filters: dict | None = None) -> QuerySet[Proposal]:
    """The triage list: visible rows, filtered, with everything a row shows in a fixed number of queries."""
    f = filters or {}
    qs = proposals_visible_to(user).select_related("campaign", "unit", "suggested_unit", "merged_into")
    for key in ("campaign", "unit", "domain", "level", "state", "channel"):
        value = f.get(key)
        if value:
            if key == "domain":
                qs = qs.filter(Q(domain=value) | Q(domain="", domain_suggested=value))
            else:
                qs = qs.filter(
                    **{f"{key}_id" if key in ("campaign", "unit") else key: getattr(value, "pk", value)}
                )
    q = (f.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(code__iexact=q) | Q(content__icontains=q))
    # Correlated counts, not Count(..., distinct=True): a GROUP BY over every visible row made PostgreSQL
    # aggregate 200,000 proposals before taking the page (1 s in bench/bench_province.py).
    return qs.annotate(
        n_attachments=_count_of(ProposalAttachment.objects.filter(proposal=OuterRef("pk"))),
        n_merged=_count_of(Proposal.objects.filter(merged_into=OuterRef("pk"))),
    ).order_by("-created_at", "-id")


def _count_of(related: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated subquery (no GROUP BY on the outer query), 0 when there are none."""
    counted = related.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def proposal_detail(*, user, pk: int) -> Proposal:
    """One visible proposal with its history, attachments, merged originals and forward units."""
    return (
        proposals_visible_to(user)
        .select_related("campaign", "unit", "suggested_unit", "merged_into", "sheet", "candidate")
        .prefetch_related(
            Prefetch("events", queryset=ProposalEvent.objects.select_related("actor")),
            "attachments",
            "forwarded_to",
            Prefetch("merged_from", queryset=Proposal.objects.select_related("unit")),
        )
        .get(pk=pk)
    )


def proposal_status(*, code: str, phone_last4: str) -> Proposal | None:
    """The citizen's status look-up: the tracking code and the last 4 digits of the phone must both match."""
    code, last4 = normalise_code(code), normalise_digits(phone_last4)
    if not code or len(last4) != 4 or not last4.isdigit():
        return None
    p = Proposal.objects.select_related("campaign", "merged_into").filter(code=code).first()
    if p is None or not p.proposer_phone.endswith(last4):
        return None
    return p


@dataclass
class SimilarRow:
    proposal: Proposal
    score: float


def proposal_similar(
    *,
    campaign: Campaign,
    title: str,
    content: str = "",
    exclude: set[int] | None = None,
    limit: int = 5,
    public: bool = False,
    base_qs: QuerySet | None = None,
) -> list[SimilarRow]:
    """The most similar proposals of a campaign (character-bigram similarity), best first."""
    corpus = similarity.corpus_for(Proposal.objects.filter(campaign=campaign), key=campaign.pk)
    qs = (base_qs if base_qs is not None else Proposal.objects.all()).filter(campaign=campaign)
    if public:
        qs = qs.exclude(state__in=[State.REJECTED])
    qs = qs.select_related("merged_into", "unit")
    # The index ranks every row of the campaign; `qs` decides which may be shown. Fetch the best ones
    # in growing chunks until `limit` visible rows are found (nearly always in the first chunk).
    out: list[SimilarRow] = []
    matches = similarity.ranked(corpus=corpus, title=title, content=content, exclude=exclude)
    chunk = max(limit * 3, 10)
    while len(out) < limit:
        batch = list(islice(matches, chunk))
        if not batch:
            break
        rows = qs.in_bulk([m.pk for m in batch])
        out.extend(SimilarRow(proposal=rows[m.pk], score=m.score) for m in batch if m.pk in rows)
        chunk *= 4
    return out[:limit]


@dataclass
class UnitCount:
    unit: Organisation
    count: int
    minimum: int

    @property
    def below(self) -> bool:
        return self.count < self.minimum


def campaign_unit_counts(*, campaign: Campaign) -> list[UnitCount]:
    """Each county and city department with how many proposals it sent (below the minimum first)."""
    city = campaign.organisation
    units = (
        Organisation.objects.filter(
            Q(parent=city, kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT]), is_active=True
        )
        .annotate(
            n=Count("proposals", filter=Q(proposals__campaign=campaign) & ~Q(proposals__state=State.MERGED))
        )
        .order_by("kind", "sort_order", "id")
    )
    rows = [UnitCount(unit=u, count=u.n, minimum=campaign.min_per_unit) for u in units]
    rows.sort(key=lambda r: (not r.below, r.unit.kind, r.unit.sort_order))
    return rows


def adoptable_candidates(*, campaign: Campaign) -> QuerySet[Candidate]:
    """The candidates of the campaign's year a proposal may be adopted into (采纳为备选), by name."""
    return Candidate.objects.filter(round__year=campaign.year).exclude(stage="merged").order_by("name")[:200]


def adoption_candidate(*, campaign: Campaign, pk: int) -> Candidate | None:
    """The candidate of the campaign's year with this id that a proposal is adopted into, or None."""
    return Candidate.objects.filter(round__year=campaign.year, pk=pk).first()


@dataclass
class JourneyStep:
    """One later step of a proposal on its public status page (一码到底)."""

    title: str
    at: object = None  # a date or datetime, or None when the step has no date of its own
    text: str = ""
    project: object = None  # the programme's project: the template links to its public page


def proposal_journey(*, proposal: Proposal) -> list[JourneyStep]:
    """What became of a proposal after intake, step by step with dates: merged into another proposal, adopted
    as a 备选项目 (and that item merged), 确定候选, each closed 票决 with its public totals and result, listed as a
    project of the programme (a link to its page). Only what the 公示 already publishes; a handful of queries."""
    steps: list[JourneyStep] = []
    root, seen = proposal, {proposal.pk}
    candidate_id = proposal.candidate_id
    while root.merged_into_id and root.merged_into_id not in seen:
        merged_at = (
            root.events.filter(to_state=State.MERGED).order_by("-at").values_list("at", flat=True).first()
        )
        root = Proposal.objects.select_related("merged_into").get(pk=root.merged_into_id)
        seen.add(root.pk)
        steps.append(JourneyStep("与同类建议合并办理", merged_at, f"并入“{root.title}”（{root.code}）"))
        candidate_id = candidate_id or root.candidate_id

    def fetch(pk):
        qs = Candidate.objects.select_related("round", "project__matter__programme")
        return qs.filter(pk=pk).first() if pk else None

    candidate = fetch(candidate_id)
    if candidate is None:
        return steps
    steps.append(
        JourneyStep(
            "采纳为备选项目", candidate.created_at, f"“{candidate.name}”（{candidate.round.year} 年）"
        )
    )
    visited = {candidate.pk}
    while candidate.merged_into_id and candidate.merged_into_id not in visited:
        into = fetch(candidate.merged_into_id)
        if into is None:
            break
        visited.add(into.pk)
        steps.append(JourneyStep("与同类备选项目合并", None, f"并入“{into.name}”"))
        candidate = into
    later = {
        CandidateStage.CONFIRMED,
        CandidateStage.VOTING,
        CandidateStage.CHOSEN,
        CandidateStage.NOT_CHOSEN,
    }
    if candidate.stage in later:
        steps.append(JourneyStep("确定为候选项目", None, f"“{candidate.name}”提交人大代表票决"))
    for session in candidate.voting_sessions.filter(state=SessionState.CLOSED).order_by("closed_at", "pk"):
        row = next(
            (r for r in (session.tally or {}).get("rows", []) if r.get("candidate") == candidate.pk), None
        )
        if row is None:
            continue
        steps.append(
            JourneyStep(
                "人大代表票决",
                session.closed_at,
                f"{session.title}：赞成 {row['for']} 票，{row.get('result_label', '')}",
            )
        )
    if candidate.project is not None and candidate.project.matter.programme.is_public:
        programme = candidate.project.matter.programme
        steps.append(
            JourneyStep(
                f"列入 {programme.year} 年{programme.name}",
                None,
                f"项目“{candidate.project.name}”",
                project=candidate.project,
            )
        )
    elif candidate.stage == CandidateStage.CHOSEN:
        steps.append(JourneyStep("票决入选", None, "正在列入年度民生实事计划"))
    return steps


def campaign_outcomes(*, campaigns: list[Campaign]) -> dict[int, dict]:
    """What closed campaigns produced, for the public list: {campaign pk: {"proposals", "candidates",
    "projects": [Project of a public programme]}}. Proposals merged into others count as proposals; a
    candidate or project counts once however many proposals led to it. Two queries."""
    from projects.models import Project

    ids = [c.pk for c in campaigns]
    out = {pk: {"proposals": 0, "candidates": 0, "projects": []} for pk in ids}
    rows = (
        Proposal.objects.filter(campaign_id__in=ids)
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("id"), candidates=Count("candidate", distinct=True))
    )
    for row in rows:
        out[row["campaign_id"]].update(proposals=row["n"], candidates=row["candidates"])
    projects = (
        Project.objects.filter(candidate__proposals__campaign_id__in=ids, matter__programme__is_public=True)
        .annotate(campaign_id=F("candidate__proposals__campaign_id"))
        .select_related("matter__programme")
        .order_by("matter__programme__year", "pk")
        .distinct()
    )
    for project in projects:
        listed = out[project.campaign_id]["projects"]
        if project not in listed:
            listed.append(project)
    return out


def proposal_project(*, journey: list[JourneyStep]):
    """The programme's project a proposal became (the last journey step that names one), or None."""
    return next((s.project for s in reversed(journey) if s.project is not None), None)


@dataclass
class RatingState:
    """What the status page offers about rating: the project, whether it is finished, the rating given."""

    project: object = None
    finished: bool = False
    rating: ProposalRating | None = None

    @property
    def can_rate(self) -> bool:
        return self.project is not None and self.finished and self.rating is None


def proposal_rating_state(*, proposal: Proposal, journey: list[JourneyStep]) -> RatingState:
    """Whether the proposer may rate now: their proposal became a project, it is finished by the computed status
    (projects.records → the progress app's roll-up, never a stored flag) and this receipt code has not rated."""
    project = proposal_project(journey=journey)
    rating = ProposalRating.objects.filter(proposal=proposal).first()
    finished = project is not None and rating is None and project_finished(project=project)
    return RatingState(project=project, finished=finished, rating=rating)


def project_rating_counts(*, project) -> dict:
    """The proposers' ratings of a project as counts only (who rated is never returned): {"rows": [(label, n,
    percent)], "total": n}. One query."""
    counts = dict(
        ProposalRating.objects.filter(project=project)
        .order_by()
        .values_list("value")
        .annotate(n=Count("id"))
        .values_list("value", "n")
    )
    total = sum(counts.values())
    rows = [
        (label, counts.get(value, 0), round(100 * counts.get(value, 0) / total) if total else 0)
        for value, label in Satisfaction.choices
    ]
    return {"rows": rows, "total": total}
