"""Writes of the 人大代表票决: create, open and close a session, cast anonymous ballots (on a phone,
or keyed in from paper by the tellers). Who voted is recorded apart from what was voted.

While the session is open a cast ballot goes only into the session's sealed box (ballot_box.py); no
Ballot row exists and nobody — office, administrator, database reader — can count anything but turnout.
session_close empties the box into Ballot/BallotMark rows in random order and freezes the tally."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minsheng.accounts.models import Role
from minsheng.accounts.selectors import area_of
from minsheng.common.workflow import Flow

from .ballot_box import box_add, box_empty, box_lock, box_read, shuffled
from .models import (
    Ballot,
    BallotChannel,
    BallotMark,
    Candidate,
    CandidateStage,
    Choice,
    PassBase,
    ScreeningRound,
    SessionState,
    VoterRecord,
    VoterRecordVoid,
    VotingSession,
)
from .notices import session_opened_notify, session_results_notify
from .selectors import session_tally_compute
from .services import ERR_NOT_OFFICE as ERR_NOT_OFFICE  # re-exported: the refusal of its office-only writes
from .services import move, require_office
from .tally import CHOSEN, TIE, session_runoff_plan

ERR_ROSTER_EMPTY = "代表名单不能为空。"
ERR_ROSTER_NOT_DEPUTY = "“{name}”不是人大代表账户，不能列入代表名单。"
ERR_ROSTER_OTHER_LEVEL = "“{name}”是{org}的人大代表，不能参加{owner}的票决：代表只对本级的候选项目投票。"
ERR_ROSTER_NO_UNIT = "“{name}”没有所属的人民代表大会（所属单位为空），不能列入{owner}的代表名单。"
ERR_TOO_FEW_CANDIDATES = "候选项目数（{n}）须多于应选项目数（{seats}）。"
ERR_CANDIDATE_NOT_CONFIRMED = "“{name}”不处于“确定候选”阶段，不能提交票决。"
ERR_CANDIDATE_OTHER_ROUND = "“{name}”不属于本年度的候选项目。"
ERR_SESSION_NOT_DRAFT = "票决会议已经开始，不能再修改或重复开始。"
ERR_SESSION_NOT_OPEN = "票决会议不在投票中。"
ERR_NOT_ON_ROSTER = "您不在本次票决的代表名单中。"
ERR_ALREADY_VOTED = "您已经投过票，选票一经投出不能更改。"
ERR_DEPUTY_ALREADY_VOTED = "代表“{name}”已经投过票（或已领取纸质选票）。"
ERR_BALLOT_INCOMPLETE = "请对每一个候选项目表明赞成、反对或弃权（还有 {n} 项未选）。"
ERR_BALLOT_UNKNOWN = "选票中含有不属于本次票决的项目。"
ERR_BALLOT_BAD_CHOICE = "选票意见只能是赞成、反对或弃权。"
ERR_TOO_MANY_FOR = "每张选票最多只能对 {n} 个项目投赞成票，本票投了 {k} 个，无效，请重新选择。"
ERR_PAPER_EXCEEDS = "录入的纸质选票（{n} 张）不能多于领取纸质选票的代表人数（{m} 人）。"
ERR_PRESENT_RANGE = "出席人数须不少于已投票人数（{voters}）且不多于代表名单人数（{roster}）。"
ERR_RUNOFF_NOT_CLOSED = "投票结束后才能安排重新票决。"
ERR_RUNOFF_NOT_NEEDED = "本次票决已有结果（没有末位票数相同，出席也达到法定人数），不需要重新票决。"
ERR_RUNOFF_EXISTS = "已经为本次票决安排了重新票决：“{title}”。"
ERR_RUNOFF_CANDIDATE_MOVED = "“{name}”已不处于“确定候选”阶段，无法重新票决；请在新建票决会议中自行选择候选项目。"
ERR_VOID_REASON = "请填写更正原因。"
ERR_VOID_NOT_PAPER = (
    "只能撤销误登记的纸质选票领取记录；手机投票一经投出即已放入票箱，无法撤销，也无法找出是哪一张。"
)
ERR_VOID_NOT_REGISTERED = "代表“{name}”没有领取纸质选票的登记。"
ERR_VOID_BALLOT_ENTERED = (
    "已录入的纸质选票（{n} 张）已与领取登记人数相同，撤销这条登记会使选票多于领票人数，不能撤销。"
)

# Fixed-width ballot codes in the sealed box: one character per candidate, whatever the choice (a "for"
# longer than an "abstain" would let the box's length betray the choices).
BALLOT_CODES = {Choice.FOR: "F", Choice.AGAINST: "A", Choice.ABSTAIN: "W"}
BALLOT_CHOICES = {code: choice for choice, code in BALLOT_CODES.items()}

QUORUM_DEFAULT = (2, 3)

# A session's state moves (through minsheng.common.workflow: row lock, re-check, table); its opened_at /
# closed_at and its candidates' StageChange rows are its history.
SESSIONS = Flow(
    model=VotingSession,
    table={SessionState.DRAFT: {SessionState.OPEN}, SessionState.OPEN: {SessionState.CLOSED}},
    labels=SessionState,
    history=None,
    refusal=lambda current, target: ERR_SESSION_NOT_DRAFT if target == SessionState.OPEN.label else ERR_SESSION_NOT_OPEN,
)



def _check_deputy_level(deputy, owner) -> None:
    """A deputy votes at the level of the 人民代表大会 they were elected to: the government their unit belongs
    to (area_of) must be the round's own, not one below it (a 北塔区 deputy on 邵阳市's roster) nor beside it."""
    org = deputy.organisation
    if org is None:
        raise ValidationError(ERR_ROSTER_NO_UNIT.format(name=deputy.display_name, owner=owner.name))
    area = area_of(org)
    if area is None or area.pk != owner.pk:
        raise ValidationError(
            ERR_ROSTER_OTHER_LEVEL.format(name=deputy.display_name, org=(area or org).name, owner=owner.name)
        )


@transaction.atomic
def session_create(
    *,
    round: ScreeningRound,
    title: str,
    seats: int,
    roster: Iterable,
    candidates: Iterable[Candidate],
    by,  # noqa: A002
    pass_base: str = PassBase.ALL,
    quorum: tuple[int, int] = QUORUM_DEFAULT,
    is_demo: bool = False,
) -> VotingSession:
    """Prepare a session: deputies on the roster, more candidates than seats, all in 确定候选."""
    require_office(by, round)
    roster, candidates = list(roster), list(candidates)
    if not roster:
        raise ValidationError(ERR_ROSTER_EMPTY)
    owner = area_of(round.organisation)
    for deputy in roster:
        if deputy.role != Role.DEPUTY or not deputy.is_active:
            raise ValidationError(ERR_ROSTER_NOT_DEPUTY.format(name=deputy.display_name))
        _check_deputy_level(deputy, owner)
    for candidate in candidates:
        if candidate.round_id != round.pk:
            raise ValidationError(ERR_CANDIDATE_OTHER_ROUND.format(name=candidate.name))
        if candidate.stage != CandidateStage.CONFIRMED:
            raise ValidationError(ERR_CANDIDATE_NOT_CONFIRMED.format(name=candidate.name))
    if len(candidates) <= seats:
        raise ValidationError(ERR_TOO_FEW_CANDIDATES.format(n=len(candidates), seats=seats))
    session = VotingSession(
        round=round,
        title=title,
        seats=seats,
        pass_base=pass_base,
        quorum_numerator=quorum[0],
        quorum_denominator=quorum[1],
        created_by=by,
        is_demo=is_demo,
    )
    session.full_clean()
    session.save()
    session.roster.set(roster)
    session.candidates.set(candidates)
    return session


@transaction.atomic
def session_open(*, session: VotingSession, by) -> VotingSession:
    """Start voting: the candidates move into 票决 (refused if approvals or budget are missing)."""
    require_office(by, session.round)
    SESSIONS.lock(session)
    SESSIONS.check(session.state, SessionState.OPEN)
    candidates = list(session.candidates.select_for_update().select_related("round"))
    if len(candidates) <= session.seats:
        raise ValidationError(ERR_TOO_FEW_CANDIDATES.format(n=len(candidates), seats=session.seats))
    for candidate in candidates:
        if candidate.stage != CandidateStage.CONFIRMED:
            raise ValidationError(ERR_CANDIDATE_NOT_CONFIRMED.format(name=candidate.name))
        move(candidate=candidate, to_stage=CandidateStage.VOTING, by=by, comment=f"提交“{session.title}”票决")
    session.state = SessionState.OPEN
    session.opened_at = timezone.now()
    session.save(update_fields=["state", "opened_at"])
    box_lock(session=session, keys=sorted(c.pk for c in candidates))
    session_opened_notify(session=session)
    return session


def _clean_marks(session: VotingSession, marks: Mapping) -> dict[int, str]:
    wanted = set(session.candidates.values_list("pk", flat=True))
    clean: dict[int, str] = {}
    for key, value in marks.items():
        try:
            pk = int(key)
        except (TypeError, ValueError) as exc:
            raise ValidationError(ERR_BALLOT_UNKNOWN) from exc
        if pk not in wanted:
            raise ValidationError(ERR_BALLOT_UNKNOWN)
        if value not in Choice.values:
            raise ValidationError(ERR_BALLOT_BAD_CHOICE)
        clean[pk] = value
    if len(clean) < len(wanted):
        raise ValidationError(ERR_BALLOT_INCOMPLETE.format(n=len(wanted) - len(clean)), code="incomplete")
    n_for = sum(1 for v in clean.values() if v == Choice.FOR)
    if n_for > session.seats:
        raise ValidationError(ERR_TOO_MANY_FOR.format(n=session.seats, k=n_for), code="too_many_for")
    return clean


def _session_box(session: VotingSession):
    return box_lock(session=session, keys=list(session.candidates.order_by("pk").values_list("pk", flat=True)))


def _seal_ballot(session: VotingSession, marks: dict[int, str], *, paper: bool) -> None:
    box = _session_box(session)
    keys = box_read(box).keys
    box_add(box, "".join(BALLOT_CODES[marks[pk]] for pk in keys), paper=paper)


def _record_voter(session: VotingSession, deputy, channel: str, message: str) -> None:
    try:
        with transaction.atomic():
            VoterRecord.objects.create(session=session, deputy=deputy, channel=channel)
    except IntegrityError as exc:  # a concurrent submission won the race: count it once
        raise ValidationError(message, code="already_voted") from exc


@transaction.atomic
def ballot_cast(*, session: VotingSession, deputy, marks: Mapping) -> None:
    """A deputy casts their ballot once: who voted is recorded, what was voted goes into the sealed box."""
    # Lock the session row: concurrent submissions of one deputy queue here, and the second one
    # then sees the first one's VoterRecord (the unique constraint is the backstop).
    session = VotingSession.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise ValidationError(ERR_SESSION_NOT_OPEN, code="not_open")
    if deputy.role != Role.DEPUTY or not session.roster.filter(pk=deputy.pk).exists():
        raise PermissionDenied(ERR_NOT_ON_ROSTER)
    if VoterRecord.objects.filter(session=session, deputy=deputy).exists():
        raise ValidationError(ERR_ALREADY_VOTED, code="already_voted")
    clean = _clean_marks(session, marks)
    _record_voter(session, deputy, BallotChannel.ELECTRONIC, ERR_ALREADY_VOTED)
    _seal_ballot(session, clean, paper=False)


@transaction.atomic
def paper_voter_record(*, session: VotingSession, deputy, by) -> VoterRecord:
    """Tellers record that a deputy took a paper ballot (so they cannot also vote on the phone)."""
    require_office(by, session.round)
    session = VotingSession.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise ValidationError(ERR_SESSION_NOT_OPEN)
    if not session.roster.filter(pk=deputy.pk).exists():
        raise ValidationError(ERR_NOT_ON_ROSTER)
    message = ERR_DEPUTY_ALREADY_VOTED.format(name=deputy.display_name)
    if VoterRecord.objects.filter(session=session, deputy=deputy).exists():
        raise ValidationError(message)
    _record_voter(session, deputy, BallotChannel.PAPER, message)
    return VoterRecord.objects.get(session=session, deputy=deputy)


@transaction.atomic
def paper_ballot_enter(*, session: VotingSession, marks: Mapping, by) -> None:
    """Tellers key in one paper ballot; it is checked like an electronic one and goes into the same box."""
    require_office(by, session.round)
    session = VotingSession.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise ValidationError(ERR_SESSION_NOT_OPEN)
    clean = _clean_marks(session, marks)
    handed = session.voters.filter(channel=BallotChannel.PAPER).count()
    entered = box_read(_session_box(session)).paper
    if entered + 1 > handed:
        raise ValidationError(ERR_PAPER_EXCEEDS.format(n=entered + 1, m=handed))
    _seal_ballot(session, clean, paper=True)


@transaction.atomic
def paper_voter_void(*, session: VotingSession, deputy, reason: str, by) -> VoterRecordVoid:
    """Correct a paper-ballot hand-out registered by mistake, with a reason, while the vote is open (audited)."""
    require_office(by, session.round)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(ERR_VOID_REASON)
    session = VotingSession.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise ValidationError(ERR_SESSION_NOT_OPEN)
    record = VoterRecord.objects.filter(session=session, deputy=deputy).first()
    if record is None:
        raise ValidationError(ERR_VOID_NOT_REGISTERED.format(name=deputy.display_name))
    if record.channel != BallotChannel.PAPER:
        raise ValidationError(ERR_VOID_NOT_PAPER)
    handed = session.voters.filter(channel=BallotChannel.PAPER).count()
    entered = box_read(_session_box(session)).paper
    if entered >= handed:
        raise ValidationError(ERR_VOID_BALLOT_ENTERED.format(n=entered))
    void = VoterRecordVoid(session=session, deputy=deputy, channel=record.channel, reason=reason, by=by)
    void.full_clean()
    void.save()
    record.delete()
    return void


def _release_ballots(session: VotingSession) -> None:
    """Empty the box into Ballot/BallotMark rows, in random order, inside the closing transaction."""
    contents = box_empty(_session_box(session))
    ballots, marks = [], []
    for row in shuffled(contents.rows):
        ballot = Ballot(session=session)
        ballots.append(ballot)
        marks.extend(
            BallotMark(ballot=ballot, candidate_id=pk, choice=BALLOT_CHOICES[code])
            for pk, code in zip(contents.keys, row, strict=True)
        )
    Ballot.objects.bulk_create(ballots)
    BallotMark.objects.bulk_create(marks)


@transaction.atomic
def session_close(*, session: VotingSession, by, present_count: int | None = None) -> VotingSession:
    """Close the vote, freeze the tally and move each candidate to 入选 / 未入选 (or back for a new round)."""

    require_office(by, session.round)
    SESSIONS.lock(session)
    SESSIONS.check(session.state, SessionState.CLOSED)
    roster = session.roster.count()
    voters = session.voters.count()
    present = voters if present_count is None else present_count
    if present < voters or present > roster:
        raise ValidationError(ERR_PRESENT_RANGE.format(voters=voters, roster=roster))
    _release_ballots(session)
    session.present_count = present
    session.state = SessionState.CLOSED
    session.closed_at = timezone.now()
    session.tally = session_tally_compute(session=session)
    session.full_clean()
    session.save(update_fields=["present_count", "state", "closed_at", "tally"])
    tally = session.tally
    results = {row["candidate"]: row["result"] for row in tally["rows"]}
    for candidate in session.candidates.select_for_update().select_related("round"):
        result = results.get(candidate.pk)
        if not tally["quorum_met"]:
            move(
                candidate=candidate,
                to_stage=CandidateStage.CONFIRMED,
                by=by,
                comment=f"“{session.title}”出席代表未达法定人数，票决无效，待重新票决",
            )
        elif result == CHOSEN:
            move(
                candidate=candidate,
                to_stage=CandidateStage.CHOSEN,
                by=by,
                comment=f"“{session.title}”票决入选",
            )
        elif result == TIE:
            move(
                candidate=candidate,
                to_stage=CandidateStage.CONFIRMED,
                by=by,
                comment=f"“{session.title}”末位票数相同，待重新票决",
            )
        else:
            move(
                candidate=candidate,
                to_stage=CandidateStage.NOT_CHOSEN,
                by=by,
                comment=f"“{session.title}”票决未入选",
            )
    session_results_notify(session=session)
    return session


@transaction.atomic
def session_runoff_create(*, session: VotingSession, by) -> VotingSession:
    """Prepare the new vote a closed session calls for (DOMAIN: "a tie at the cut-off needs a new vote"):
    the tied candidates for the seats still open, or — when attendance missed the quorum — the whole vote again.
    Same roster, pass base and quorum; it starts as a draft, so the office can check it and open it at the meeting."""
    require_office(by, session.round)
    session = VotingSession.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.CLOSED or session.tally is None:
        raise ValidationError(ERR_RUNOFF_NOT_CLOSED)
    existing = VotingSession.objects.filter(runoff_of=session).first()
    if existing is not None:
        raise ValidationError(ERR_RUNOFF_EXISTS.format(title=existing.title), code="runoff_exists")
    plan = session_runoff_plan(session.tally)
    if plan is None:
        raise ValidationError(ERR_RUNOFF_NOT_NEEDED, code="runoff_not_needed")
    candidate_ids, seats = plan
    candidates = list(Candidate.objects.filter(pk__in=candidate_ids).order_by("pk"))
    for candidate in candidates:
        if candidate.stage != CandidateStage.CONFIRMED:
            raise ValidationError(ERR_RUNOFF_CANDIDATE_MOVED.format(name=candidate.name))
    runoff = session_create(
        round=session.round,
        title=f"{session.title}（重新票决）"[:200],
        seats=seats,
        roster=session.roster.all(),
        candidates=candidates,
        by=by,
        pass_base=session.pass_base,
        quorum=(session.quorum_numerator, session.quorum_denominator),
        is_demo=session.is_demo,
    )
    runoff.runoff_of = session
    runoff.save(update_fields=["runoff_of"])
    return runoff
