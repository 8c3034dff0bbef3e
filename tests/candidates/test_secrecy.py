"""The vote is secret — from the office, from admins and from anyone holding a database dump (issue 12 §2).

While a session is open its ballots exist only in the sealed box; nobody sees a figure per candidate; at
closing they are written once, in random order; the admin cannot touch who voted or what was cast; a
mistaken paper hand-out is corrected only by the office's audited service."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from candidates import ballot_box
from candidates import programme as pg
from candidates import voting as vt
from candidates.models import (
    Ballot,
    BallotMark,
    SatisfactionRating,
    SealedBox,
    SessionState,
    SurveyParticipation,
    VoterRecord,
    VoterRecordVoid,
)
from candidates.selectors import ERR_RESULTS_SEALED, session_result, session_turnout
from minsheng.accounts.models import Role
from tests.factories import UserFactory

from .test_voting import make_session, marks

pytestmark = pytest.mark.django_db
NS = "candidates:"


def admin_user():
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)


def test_ballots_stay_sealed_until_the_session_closes():
    session, cands, roster, user = make_session(n_deputies=5, seats=2)
    vt.ballot_cast(session=session, deputy=roster[0], marks=marks(cands, "for", "for", "against", "abstain"))
    vt.ballot_cast(session=session, deputy=roster[1], marks=marks(cands, "for", "against", "against", "abstain"))
    # No ballot row, no mark row: the cast ballots are in the one sealed box, encrypted.
    assert not Ballot.objects.exists() and not BallotMark.objects.exists()
    box = SealedBox.objects.get(session=session)
    sealed = bytes(box.sealed)
    assert b"rows" not in sealed and b"FFAW" not in sealed and b"\"keys\":[" not in sealed
    assert session_turnout(session=session) == {"voters": 2, "paper_voters": 0, "ballots": 2, "paper_ballots": 0}
    # Fixed-width sheets: a box of two other ballots is exactly as long (its length tells only the count).
    other, oc, orr, _ = make_session(n_deputies=5, seats=2)
    for d in orr[:2]:
        vt.ballot_cast(session=other, deputy=d, marks=marks(oc, "abstain", "abstain", "abstain", "abstain"))
    assert len(bytes(SealedBox.objects.get(session=other).sealed)) == len(sealed)

    session = vt.session_close(session=session, by=user)
    assert not SealedBox.objects.filter(session=session).exists()
    assert Ballot.objects.filter(session=session).count() == 2
    assert BallotMark.objects.filter(ballot__session=session).count() == 8
    row = {r["candidate"]: r for r in session.tally["rows"]}[cands[0].pk]
    assert (row["for"], row["against"], row["abstain"]) == (2, 0, 0)


def test_box_is_authenticated_bound_to_its_session_and_survives_a_key_rotation(settings):
    blob = ballot_box.seal({"keys": [1], "rows": ["F"], "paper": 0}, context="session:1")
    assert ballot_box.unseal(blob, context="session:1")["rows"] == ["F"]
    for bad, context in ((blob, "session:2"), (blob[:-1] + bytes([blob[-1] ^ 1]), "session:1")):
        with pytest.raises(ValidationError) as exc:
            ballot_box.unseal(bad, context=context)
        assert exc.value.messages == [ballot_box.ERR_BOX_UNREADABLE]
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=[old]):
        assert ballot_box.unseal(blob, context="session:1")["rows"] == ["F"]
    with override_settings(SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=[]), pytest.raises(ValidationError):
        ballot_box.unseal(blob, context="session:1")
    assert blob != ballot_box.seal({"keys": [1], "rows": ["F"], "paper": 0}, context="session:1")  # fresh nonce


def test_no_tally_for_anyone_before_closing(client):
    session, cands, roster, user = make_session(n_deputies=3, seats=1, n_candidates=2)
    vt.ballot_cast(session=session, deputy=roster[0], marks=marks(cands, "for", "against"))
    results = reverse(NS + "session_results", args=[session.pk])
    for who in (user, admin_user(), roster[0]):
        client.force_login(who)
        for suffix in ("", "?format=xlsx", "?format=print"):
            response = client.get(results + suffix)
            assert response.status_code == 403, (who.role, suffix)
            assert ERR_RESULTS_SEALED in response.content.decode()
    client.force_login(user)
    page = client.get(reverse(NS + "session_detail", args=[session.pk])).content.decode()
    assert 'id="n-voters">1<' in page and 'id="n-ballots">1<' in page and "实时计票" not in page
    with pytest.raises(PermissionDenied):
        session_result(session=session)
    client.logout()
    assert client.get(reverse(NS + "session_public", args=[session.pk])).status_code == 404

    for d in roster[1:]:
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, "for", "against"))
    vt.session_close(session=session, by=user)
    client.force_login(user)
    assert client.get(results).status_code == 200
    client.logout()  # published: the 公示 page is public
    page = client.get(reverse(NS + "session_public", args=[session.pk])).content.decode()
    assert "结果公示" in page and cands[0].name in page and "票决入选项目" in page


def test_public_programme_page_links_to_the_vote_result(client):
    session, cands, roster, user = make_session(n_deputies=3, seats=1, n_candidates=2)
    for d in roster:
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, "for", "against"))
    vt.session_close(session=session, by=user)
    prog = pg.programme_adopt_chosen(round=session.round, by=user)
    page = client.get(reverse("projects:programme_detail", args=[prog.pk])).content.decode()
    assert reverse(NS + "session_public", args=[session.pk]) in page


def test_admin_is_read_only_for_who_voted_and_what_was_cast(client):
    session, cands, roster, user = make_session(n_deputies=3, seats=1, n_candidates=2)
    vt.ballot_cast(session=session, deputy=roster[0], marks=marks(cands, "for", "against"))
    record = VoterRecord.objects.get()
    client.force_login(admin_user())

    def admin(name, *args):
        return reverse(f"admin:candidates_{name}", args=args)

    for model in ("voterrecord", "ballot", "surveyparticipation", "satisfactionrating", "voterrecordvoid"):
        assert client.get(admin(f"{model}_add")).status_code == 403, model
        assert client.get(admin(f"{model}_changelist")).status_code == 200, model
    assert client.post(admin("voterrecord_delete", record.pk), {"post": "yes"}).status_code == 403
    assert client.post(admin("voterrecord_change", record.pk), {"channel": "paper"}).status_code == 403
    assert VoterRecord.objects.filter(pk=record.pk, channel="electronic").exists()

    # An open session: rules, seats, pass base, quorum and roster locked; no delete, no bulk delete.
    change = admin("votingsession_change", session.pk)
    form = client.get(change).content.decode()
    assert 'name="seats"' not in form and 'name="roster"' not in form and 'name="_save"' not in form
    client.post(change, {"title": "改", "seats": 2, "quorum_numerator": 1, "quorum_denominator": 2})
    session.refresh_from_db()
    assert (session.title, session.seats, session.quorum_numerator) == ("测试票决", 1, 2)
    assert client.post(admin("votingsession_delete", session.pk), {"post": "yes"}).status_code == 403
    assert "delete_selected" not in client.get(admin("votingsession_changelist")).content.decode()
    assert client.get(admin("votingsession_add")).status_code == 403
    # A draft session can still be corrected before voting starts.
    draft, *_ = make_session(open_=False)
    assert 'name="seats"' in client.get(admin("votingsession_change", draft.pk)).content.decode()


def test_paper_hand_out_registered_by_mistake_is_voided_with_a_reason(client):
    session, cands, roster, user = make_session(n_deputies=4, seats=1, n_candidates=2)
    vt.ballot_cast(session=session, deputy=roster[0], marks=marks(cands, "for", "against"))
    vt.paper_voter_record(session=session, deputy=roster[1], by=user)
    with pytest.raises(ValidationError) as exc:
        vt.paper_voter_void(session=session, deputy=roster[1], reason="  ", by=user)
    assert exc.value.messages == [vt.ERR_VOID_REASON]
    with pytest.raises(ValidationError) as exc:  # a phone ballot is in the box: it cannot be taken out
        vt.paper_voter_void(session=session, deputy=roster[0], reason="误操作", by=user)
    assert exc.value.messages == [vt.ERR_VOID_NOT_PAPER]
    with pytest.raises(PermissionDenied):
        vt.paper_voter_void(session=session, deputy=roster[1], reason="误操作", by=roster[2])

    client.force_login(user)
    detail = reverse(NS + "session_detail", args=[session.pk])
    client.post(
        reverse(NS + "paper_voter_void", args=[session.pk]),
        {"void-deputy": roster[1].pk, "void-reason": "登记错了代表，实为另一位代表领票"},
    )
    assert not VoterRecord.objects.filter(deputy=roster[1]).exists()
    void = VoterRecordVoid.objects.get()
    assert (void.deputy, void.by, void.channel) == (roster[1], user, "paper")
    assert "登记错了代表" in client.get(detail).content.decode()
    # The right deputy takes the paper ballot; once it is keyed in, the hand-out can no longer be voided.
    vt.paper_voter_record(session=session, deputy=roster[2], by=user)
    vt.paper_ballot_enter(session=session, marks=marks(cands, "against", "for"), by=user)
    with pytest.raises(ValidationError) as exc:
        vt.paper_voter_void(session=session, deputy=roster[2], reason="误操作", by=user)
    assert exc.value.messages == [vt.ERR_VOID_BALLOT_ENTERED.format(n=1)]
    vt.session_close(session=session, by=user)
    with pytest.raises(ValidationError):
        vt.paper_voter_void(session=session, deputy=roster[2], reason="误操作", by=user)


def _spearman(order: list[int]) -> float:
    """Rank correlation between positions 0..n-1 and a permutation of them."""
    n = len(order)
    return 1 - 6 * sum((i - v) ** 2 for i, v in enumerate(order)) / (n * (n * n - 1))


def _storage(table: str, column: str, where: str, params) -> list[tuple]:
    """(ctid, xmin, column) of a table's rows, in physical order."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT ctid, xmin::text, {column} FROM {table} WHERE {where} ORDER BY ctid", params)  # noqa: S608
        return cur.fetchall()


def _columns(table: str) -> list[str]:
    with connection.cursor() as cur:
        return sorted(d.name for d in connection.introspection.get_table_description(cur, table))


@pytest.mark.postgres
def test_storage_order_of_ballots_tells_nothing_about_who_cast_them():
    """Cast 30 ballots one by one, each one different, then close: the ballots' physical order (ctid) and
    transaction ids (xmin), and every column, are unrelated to the order of the voter records."""
    n = 30
    session, cands, roster, user = make_session(n_deputies=n, seats=4, n_candidates=5)
    combos = [c for c in itertools.product(("for", "against", "abstain"), repeat=5) if c.count("for") <= 4]
    ballots = combos[:: len(combos) // n][:n]
    assert len(set(ballots)) == n
    for d, choice in zip(roster, ballots, strict=True):
        vt.ballot_cast(session=session, deputy=d, marks=marks(cands, *choice))
        assert not Ballot.objects.exists()  # nothing written per cast
    assert connection.vendor == "postgresql"
    voters = _storage("projects_voterrecord", "deputy_id", "session_id = %s", [session.pk])
    voter_order = [row[2] for row in voters]
    assert voter_order == [d.pk for d in roster]  # voter records do follow the casting order …
    voter_xmins = {row[1] for row in voters}
    assert len(voter_xmins) == n

    vt.session_close(session=session, by=user)
    rows = _storage("projects_ballot", "id", "session_id = %s", [session.pk])
    # … but the ballots were all written by the closing transaction, none by a casting one,
    assert len({row[1] for row in rows}) == 1 and not ({row[1] for row in rows} & voter_xmins)
    # and carry no column but their random key and their session.
    assert _columns("projects_ballot") == ["id", "session_id"]
    assert _columns("projects_ballotmark") == ["ballot_id", "candidate_id", "choice", "id"]
    mark_rows = _storage(
        "projects_ballotmark", "id", "ballot_id IN (SELECT id FROM projects_ballot WHERE session_id = %s)", [session.pk]
    )
    assert len({row[1] for row in mark_rows}) == 1 and not ({row[1] for row in mark_rows} & voter_xmins)
    by_ballot: dict = {}
    for mark in BallotMark.objects.filter(ballot__session=session).order_by("candidate_id"):
        by_ballot.setdefault(mark.ballot_id, []).append(mark.choice)
    caster = {ballot: i for i, ballot in enumerate(ballots)}
    in_ctid_order = [caster[tuple(by_ballot[row[2]])] for row in rows]
    in_key_order = [caster[tuple(by_ballot[b.pk])] for b in Ballot.objects.filter(session=session).order_by("pk")]
    assert sorted(in_ctid_order) == list(range(n))
    # A random order of 30 has |ρ| > 0.9 with probability far below one in a million; cast order gives ρ = 1.
    assert abs(_spearman(in_ctid_order)) < 0.9, in_ctid_order
    assert abs(_spearman(in_key_order)) < 0.9, in_key_order
    assert session.__class__.objects.get(pk=session.pk).state == SessionState.CLOSED


@pytest.mark.postgres
def test_storage_order_of_ratings_tells_nothing_about_who_rated():
    from .test_survey import make_survey, sheet

    survey, projects, deputies, user = make_survey(n_deputies=12, n_projects=3)
    values = ("satisfied", "fairly", "unsatisfied")
    for i, d in enumerate(deputies):
        own = sheet(projects, *(values[(i + k) % 3] for k in range(3)))
        pg.survey_sheet_submit(survey=survey, deputy=d, values=own)
        assert not SatisfactionRating.objects.exists()
    takers = {row[1] for row in _storage("projects_surveyparticipation", "id", "survey_id = %s", [survey.pk])}
    assert len(takers) == 12 and SurveyParticipation.objects.count() == 12
    pg.survey_publish(survey=survey, by=user)
    rows = _storage("projects_satisfactionrating", "id", "survey_id = %s", [survey.pk])
    assert len(rows) == 36 and len({row[1] for row in rows}) == 1 and not ({row[1] for row in rows} & takers)
    assert _columns("projects_satisfactionrating") == ["id", "project_id", "survey_id", "value"]
