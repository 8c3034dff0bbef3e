"""The vote: roster, ballots (at most N 赞成, cast once), paper ballots, secrecy, frozen tally."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from candidates import voting as vt
from candidates.models import (
    Ballot,
    BallotMark,
    CandidateStage,
    PassBase,
    SessionState,
    VoterRecord,
)
from candidates.selectors import session_tally_compute, session_turnout

from .factories import CandidateFactory, RoundFactory, approve_all, deputy, office

S = CandidateStage
pytestmark = pytest.mark.django_db


def make_session(*, n_candidates=4, seats=2, n_deputies=5, pass_base=PassBase.ALL, open_=True):
    user = office()
    rnd = RoundFactory()
    approve_all(rnd)
    cands = [
        CandidateFactory(round=rnd, stage=S.CONFIRMED, budget_confirmed=True) for _ in range(n_candidates)
    ]
    roster = [deputy() for _ in range(n_deputies)]
    session = vt.session_create(
        round=rnd,
        title="测试票决",
        seats=seats,
        roster=roster,
        candidates=cands,
        by=user,
        pass_base=pass_base,
    )
    if open_:
        session = vt.session_open(session=session, by=user)
    return session, cands, roster, user


def marks(cands, *choices):
    return {c.pk: ch for c, ch in zip(cands, choices, strict=True)}


def test_open_moves_candidates_into_voting():
    session, cands, _, _ = make_session()
    assert session.state == SessionState.OPEN
    for c in cands:
        c.refresh_from_db()
        assert c.stage == S.VOTING
        assert c.history.last().to_stage == S.VOTING


def test_needs_more_candidates_than_seats_and_deputies_on_roster():
    user = office()
    rnd = RoundFactory()
    cands = [CandidateFactory(round=rnd, stage=S.CONFIRMED) for _ in range(2)]
    with pytest.raises(ValidationError) as exc:
        vt.session_create(round=rnd, title="x", seats=2, roster=[deputy()], candidates=cands, by=user)
    assert exc.value.messages == [vt.ERR_TOO_FEW_CANDIDATES.format(n=2, seats=2)]
    with pytest.raises(ValidationError) as exc:
        vt.session_create(round=rnd, title="x", seats=1, roster=[office()], candidates=cands, by=user)
    assert "不是人大代表账户" in exc.value.messages[0]


def test_open_refused_without_approvals():
    user = office()
    rnd = RoundFactory()
    cands = [CandidateFactory(round=rnd, stage=S.CONFIRMED, budget_confirmed=True) for _ in range(3)]
    session = vt.session_create(round=rnd, title="x", seats=1, roster=[deputy()], candidates=cands, by=user)
    with pytest.raises(ValidationError) as exc:
        vt.session_open(session=session, by=user)
    assert "人大常委会主任会议" in exc.value.messages[0]
    cands[0].refresh_from_db()
    assert cands[0].stage == S.CONFIRMED


def test_more_than_n_for_is_refused():
    session, cands, roster, _ = make_session(seats=2)
    with pytest.raises(ValidationError) as exc:
        vt.ballot_cast(session=session, deputy=roster[0], marks=marks(cands, "for", "for", "for", "against"))
    assert exc.value.messages == [vt.ERR_TOO_MANY_FOR.format(n=2, k=3)]
    assert not VoterRecord.objects.exists() and session_turnout(session=session)["ballots"] == 0
    vt.ballot_cast(session=session, deputy=roster[0], marks=marks(cands, "for", "for", "abstain", "against"))
    assert session_turnout(session=session)["ballots"] == 1


def test_ballot_must_mark_every_candidate():
    session, cands, roster, _ = make_session()
    with pytest.raises(ValidationError) as exc:
        vt.ballot_cast(session=session, deputy=roster[0], marks={cands[0].pk: "for"})
    assert exc.value.messages == [vt.ERR_BALLOT_INCOMPLETE.format(n=3)]


def test_cast_once_and_never_changed():
    session, cands, roster, _ = make_session()
    vt.ballot_cast(
        session=session, deputy=roster[0], marks=marks(cands, "for", "against", "abstain", "against")
    )
    with pytest.raises(ValidationError) as exc:
        vt.ballot_cast(
            session=session, deputy=roster[0], marks=marks(cands, "against", "for", "abstain", "against")
        )
    assert exc.value.messages == [vt.ERR_ALREADY_VOTED]
    assert session_turnout(session=session)["ballots"] == 1 and VoterRecord.objects.count() == 1


def test_only_roster_deputies_vote_and_only_while_open():
    session, cands, roster, _ = make_session(open_=False)
    with pytest.raises(ValidationError):
        vt.ballot_cast(
            session=session, deputy=roster[0], marks=marks(cands, "for", "for", "against", "against")
        )
    vt.session_open(session=session, by=office())
    with pytest.raises(PermissionDenied):
        vt.ballot_cast(
            session=session, deputy=deputy(), marks=marks(cands, "for", "for", "against", "against")
        )


def test_secrecy_no_column_links_a_ballot_to_a_deputy():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in (Ballot, BallotMark):
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) is not user_model, f"{model.__name__}.{field.name}"
            assert not isinstance(field, models.DateField | models.DateTimeField), (
                f"{model.__name__}.{field.name}"
            )
        assert isinstance(model._meta.pk, models.UUIDField)  # no insertion order to match against VoterRecord
    # No channel, no sequence: a ballot is its session and its marks, nothing else.
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "session", "marks"}
    assert {f.name for f in BallotMark._meta.get_fields()} == {"id", "ballot", "candidate", "choice"}
    # And VoterRecord holds nothing about the choices.
    assert {f.name for f in VoterRecord._meta.get_fields()} == {
        "id",
        "session",
        "deputy",
        "channel",
        "voted_at",
    }


def test_paper_ballots_counted_the_same_way():
    session, cands, roster, user = make_session()
    with pytest.raises(ValidationError) as exc:
        vt.paper_ballot_enter(
            session=session, marks=marks(cands, "for", "for", "against", "against"), by=user
        )
    assert exc.value.messages == [vt.ERR_PAPER_EXCEEDS.format(n=1, m=0)]
    vt.paper_voter_record(session=session, deputy=roster[4], by=user)
    with pytest.raises(ValidationError):
        vt.paper_ballot_enter(session=session, marks=marks(cands, "for", "for", "for", "against"), by=user)
    vt.paper_ballot_enter(session=session, marks=marks(cands, "for", "for", "against", "against"), by=user)
    with pytest.raises(ValidationError):  # a deputy who took a paper ballot cannot also vote on the phone
        vt.ballot_cast(
            session=session, deputy=roster[4], marks=marks(cands, "for", "for", "against", "against")
        )
    session = vt.session_close(session=session, by=user, present_count=1)
    assert session_tally_compute(session=session)["rows"][0]["for"] == 1


def test_close_freezes_the_tally_which_recomputes_the_same():
    session, cands, roster, user = make_session(n_deputies=5, seats=2)
    votes = [("for", "for", "against", "abstain")] * 4 + [("for", "against", "for", "abstain")]
    for d, v in zip(roster, votes, strict=True):
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, *v))
    session = vt.session_close(session=session, by=user)
    assert session.state == SessionState.CLOSED and session.present_count == 5
    frozen = session.tally
    assert frozen["chosen"] == [cands[0].pk, cands[1].pk]
    assert session_tally_compute(session=session) == frozen
    session.refresh_from_db()
    assert session.tally == frozen
    stages = {c.pk: c.stage for c in (c.__class__.objects.get(pk=c.pk) for c in cands)}
    assert stages == {
        cands[0].pk: S.CHOSEN,
        cands[1].pk: S.CHOSEN,
        cands[2].pk: S.NOT_CHOSEN,
        cands[3].pk: S.NOT_CHOSEN,
    }
    row = {r["candidate"]: r for r in frozen["rows"]}[cands[0].pk]
    assert (row["for"], row["against"], row["abstain"]) == (5, 0, 0)
    with pytest.raises(ValidationError):
        vt.ballot_cast(
            session=session, deputy=roster[0], marks=marks(cands, "for", "for", "against", "abstain")
        )


def test_quorum_not_met_sends_candidates_back_for_a_new_vote():
    session, cands, roster, user = make_session(n_deputies=6, seats=1, n_candidates=2)
    for d in roster[:4]:  # 4 of 6 is not more than 2/3
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, "for", "against"))
    session = vt.session_close(session=session, by=user)
    assert not session.tally["quorum_met"] and session.tally["chosen"] == []
    for c in cands:
        c.refresh_from_db()
        assert c.stage == S.CONFIRMED
        assert "未达法定人数" in c.history.last().comment


def test_tie_goes_to_a_new_round():
    session, cands, roster, user = make_session(n_deputies=4, seats=1, n_candidates=3)
    for d in roster:
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, "for", "against", "abstain"))
    # all four gave 赞成 to the first; make a second session where two tie
    session = vt.session_close(session=session, by=user)
    assert session.tally["chosen"] == [cands[0].pk]
    s2, c2, r2, _ = make_session(n_deputies=4, seats=1, n_candidates=3)
    for i, d in enumerate(r2):
        vt.ballot_cast(
            session=s2,
            deputy=d,
            marks=marks(c2, *(("for", "abstain", "against") if i < 2 else ("abstain", "for", "against"))),
        )
    s2 = vt.session_close(session=s2, by=user, present_count=4)
    # 2 赞成 of 4 deputies is not more than half: nobody passes, so no tie either
    assert s2.tally["chosen"] == [] and s2.tally["tie"] == []
    s3, c3, r3, _ = make_session(n_deputies=3, seats=1, n_candidates=3, pass_base=PassBase.PRESENT)
    for d in r3:
        vt.ballot_cast(session=s3, deputy=d, marks=marks(c3, "for", "against", "abstain"))
    s3 = vt.session_close(session=s3, by=user)
    assert s3.tally["chosen"] == [c3[0].pk]


def test_present_count_must_cover_voters():
    session, cands, roster, user = make_session(n_deputies=5)
    for d in roster[:4]:
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, "for", "for", "against", "against"))
    with pytest.raises(ValidationError):
        vt.session_close(session=session, by=user, present_count=3)
    with pytest.raises(ValidationError):
        vt.session_close(session=session, by=user, present_count=6)


def test_roster_takes_only_the_rounds_own_deputies():
    """A round's deputies are its own government's: a district deputy on the city's roster, a deputy of a
    neighbouring district, and a deputy with no unit are refused with a specific message; the form lists only
    the round's own deputies."""
    from candidates.forms import SessionForm
    from minsheng.accounts.models import Organisation
    from tests.factories import OrganisationFactory

    city = OrganisationFactory(name="测试市", kind=Organisation.Kind.CITY)
    district = OrganisationFactory(name="测试区", kind=Organisation.Kind.COUNTY, parent=city)
    neighbour = OrganisationFactory(name="邻区", kind=Organisation.Kind.COUNTY, parent=city)
    city_round = RoundFactory(organisation=city)
    cands = [CandidateFactory(round=city_round, stage=S.CONFIRMED) for _ in range(2)]
    user = office()
    city_deputy = deputy(organisation=city)
    congress = OrganisationFactory(name="测试市人大常委会", kind=Organisation.Kind.OTHER, parent=city)
    congress_deputy = deputy(organisation=congress)  # a unit of the city (its 人大常委会) counts as the city's
    district_deputy = deputy(organisation=district, real_name="区代表")
    with pytest.raises(ValidationError) as exc:
        vt.session_create(
            round=city_round, title="x", seats=1, roster=[city_deputy, district_deputy], candidates=cands, by=user
        )
    assert exc.value.messages == [vt.ERR_ROSTER_OTHER_LEVEL.format(name="区代表", org="测试区", owner="测试市")]
    assert not city_round.sessions.exists()

    district_round = RoundFactory(organisation=district)
    d_cands = [CandidateFactory(round=district_round, stage=S.CONFIRMED) for _ in range(2)]
    other = deputy(organisation=neighbour, real_name="邻区代表")
    with pytest.raises(ValidationError) as exc:
        vt.session_create(round=district_round, title="x", seats=1, roster=[other], candidates=d_cands, by=user)
    assert exc.value.messages == [vt.ERR_ROSTER_OTHER_LEVEL.format(name="邻区代表", org="邻区", owner="测试区")]
    nobody = deputy(organisation=None, real_name="无单位代表")
    with pytest.raises(ValidationError) as exc:
        vt.session_create(round=district_round, title="x", seats=1, roster=[nobody], candidates=d_cands, by=user)
    assert exc.value.messages == [vt.ERR_ROSTER_NO_UNIT.format(name="无单位代表", owner="测试区")]

    session = vt.session_create(
        round=city_round, title="市票决", seats=1, roster=[city_deputy, congress_deputy], candidates=cands, by=user
    )
    assert set(session.roster.all()) == {city_deputy, congress_deputy}
    listed = set(SessionForm(candidates=city_round.candidates.all(), round=city_round).fields["roster"].queryset)
    assert listed == {city_deputy, congress_deputy}
    listed = set(
        SessionForm(candidates=district_round.candidates.all(), round=district_round).fields["roster"].queryset
    )
    assert listed == {district_deputy}
