"""A tie at the cut-off (or a missed quorum) calls for a new vote: the office prepares it from the results page
with one click — the tied candidates for the seats still open, same roster, pass base and quorum — and the new vote
decides the remaining seats."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from candidates import voting as vt
from candidates.models import CandidateStage, PassBase, SessionState, VotingSession
from candidates.tally import session_runoff_plan

from .factories import deputy
from .test_voting import make_session, marks

S = CandidateStage
pytestmark = pytest.mark.django_db


def tied_session():
    """5 deputies, 2 seats, 4 candidates: A 4 赞成 (chosen), B and C 3 赞成 each (tie for the one seat left),
    D none — B and C pass the base (3 > 5/2) but only one seat is left."""
    session, cands, roster, user = make_session(n_deputies=5, seats=2, n_candidates=4)
    plan = [
        ("for", "for", "against", "abstain"),
        ("for", "for", "against", "abstain"),
        ("for", "against", "for", "abstain"),
        ("abstain", "for", "for", "abstain"),
        ("for", "against", "for", "abstain"),
    ]
    for d, choice in zip(roster, plan, strict=True):
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, *choice))
    session = vt.session_close(session=session, by=user)
    return session, cands, roster, user


def test_runoff_for_the_tied_candidates_and_the_seats_left():
    session, cands, roster, user = tied_session()
    a, b, c, d = cands
    assert session.tally["chosen"] == [a.pk]
    assert sorted(session.tally["tie"]) == sorted([b.pk, c.pk])
    assert session_runoff_plan(session.tally) == (session.tally["tie"], 1)

    runoff = vt.session_runoff_create(session=session, by=user)
    assert runoff.state == SessionState.DRAFT and runoff.runoff_of == session
    assert runoff.seats == 1 and runoff.title == "测试票决（重新票决）"
    assert set(runoff.candidates.values_list("pk", flat=True)) == {b.pk, c.pk}
    assert set(runoff.roster.all()) == set(roster)
    assert runoff.pass_base == session.pass_base
    assert (runoff.quorum_numerator, runoff.quorum_denominator) == (session.quorum_numerator, session.quorum_denominator)

    # The new vote decides: C wins the seat; A stays chosen from the first vote, D stays not chosen.
    runoff = vt.session_open(session=runoff, by=user)
    for i, dep in enumerate(roster):
        choice = ("against", "for") if i < 4 else ("for", "against")
        vt.ballot_cast(session=runoff, deputy=dep, marks=marks([b, c], *choice))
    runoff = vt.session_close(session=runoff, by=user)
    assert runoff.tally["chosen"] == [c.pk]
    for cand, stage in ((a, S.CHOSEN), (b, S.NOT_CHOSEN), (c, S.CHOSEN), (d, S.NOT_CHOSEN)):
        cand.refresh_from_db()
        assert cand.stage == stage, cand.name


def test_runoff_only_once_only_when_needed_and_only_by_the_office():
    session, cands, roster, user = tied_session()
    with pytest.raises(PermissionDenied):
        vt.session_runoff_create(session=session, by=deputy())
    first = vt.session_runoff_create(session=session, by=user)
    with pytest.raises(ValidationError, match="已经为本次票决安排了重新票决"):
        vt.session_runoff_create(session=session, by=user)
    assert VotingSession.objects.filter(runoff_of=session).count() == 1 and first.pk

    decided, c2, r2, _ = make_session(n_deputies=3, seats=1, n_candidates=2)
    with pytest.raises(ValidationError, match="投票结束后"):
        vt.session_runoff_create(session=decided, by=user)
    for dep in r2:
        vt.ballot_cast(session=decided, deputy=dep, marks=marks(c2, "for", "against"))
    decided = vt.session_close(session=decided, by=user)
    with pytest.raises(ValidationError, match="不需要重新票决"):
        vt.session_runoff_create(session=decided, by=user)


def test_runoff_after_a_missed_quorum_repeats_the_whole_vote():
    session, cands, roster, user = make_session(n_deputies=6, seats=1, n_candidates=2, pass_base=PassBase.ALL)
    for dep in roster[:4]:  # 4 of 6 is not more than 2/3
        vt.ballot_cast(session=session, deputy=dep, marks=marks(cands, "for", "against"))
    session = vt.session_close(session=session, by=user)
    runoff = vt.session_runoff_create(session=session, by=user)
    assert runoff.seats == 1
    assert set(runoff.candidates.values_list("pk", flat=True)) == {c.pk for c in cands}


def test_runoff_refused_when_a_tied_candidate_has_moved_on():
    session, cands, roster, user = tied_session()
    b = next(c for c in cands if c.pk == session.tally["tie"][0])
    b.stage = S.NOT_CHOSEN
    b.save(update_fields=["stage"])
    with pytest.raises(ValidationError, match="已不处于“确定候选”阶段"):
        vt.session_runoff_create(session=session, by=user)
    assert not VotingSession.objects.filter(runoff_of=session).exists()


def test_results_page_offers_the_runoff_to_the_office_only(client):
    session, cands, roster, user = tied_session()
    results = reverse("candidates:session_results", args=[session.pk])
    client.force_login(roster[0])
    page = client.get(results).content.decode()
    assert "末位票数相同" in page and "runoff-btn" not in page
    refused = client.post(reverse("candidates:session_runoff", args=[session.pk]), follow=True)
    assert vt.ERR_NOT_OFFICE in refused.content.decode()  # same refusal as the other office-only session actions
    assert not VotingSession.objects.filter(runoff_of=session).exists()

    client.force_login(user)
    assert 'id="runoff-btn"' in client.get(results).content.decode()
    response = client.post(reverse("candidates:session_runoff", args=[session.pk]))
    runoff = VotingSession.objects.get(runoff_of=session)
    assert response.status_code == 302 and response["Location"] == reverse(
        "candidates:session_detail", args=[runoff.pk]
    )
    page = client.get(results).content.decode()
    assert 'id="runoff-link"' in page and "runoff-btn" not in page
    again = client.post(reverse("candidates:session_runoff", args=[session.pk]), follow=True)
    assert "已经为本次票决安排了重新票决" in again.content.decode()
