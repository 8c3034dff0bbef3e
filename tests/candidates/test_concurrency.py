"""On PostgreSQL: two concurrent submissions of one deputy's ballot count exactly once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from candidates import voting as vt
from candidates.models import Ballot, BallotMark, CandidateStage, VoterRecord
from candidates.selectors import session_turnout

from .factories import CandidateFactory, RoundFactory, approve_all, deputy, office


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_one_deputy_count_once():
    user = office()
    rnd = RoundFactory()
    approve_all(rnd)
    cands = [
        CandidateFactory(round=rnd, stage=CandidateStage.CONFIRMED, budget_confirmed=True) for _ in range(3)
    ]
    voter = deputy()
    session = vt.session_create(
        round=rnd, title="并发测试", seats=1, roster=[voter, deputy()], candidates=cands, by=user
    )
    session = vt.session_open(session=session, by=user)
    ballot = {cands[0].pk: "for", cands[1].pk: "against", cands[2].pk: "abstain"}

    n_threads = 6
    barrier = threading.Barrier(n_threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit():
        try:
            barrier.wait()
            vt.ballot_cast(session=session, deputy=voter, marks=ballot)
            result = "ok"
        except ValidationError as exc:
            result = exc.messages[0]
        except Exception as exc:  # noqa: BLE001 - any other error must fail the test below
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert connection.vendor == "postgresql"
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count(vt.ERR_ALREADY_VOTED) == n_threads - 1, outcomes
    assert VoterRecord.objects.filter(session=session, deputy=voter).count() == 1
    assert session_turnout(session=session)["ballots"] == 1  # in the sealed box, not yet a row
    vt.session_close(session=session, by=user)
    assert Ballot.objects.filter(session=session).count() == 1
    assert BallotMark.objects.filter(ballot__session=session).count() == 3
