"""Pages: permissions by role, a deputy's ballot through the page, exports agree with the tally."""

from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from candidates import voting as vt
from candidates.models import CandidateStage, Opinion, OpinionSource, VoterRecord
from candidates.selectors import session_turnout

from .factories import CandidateFactory, RoundFactory, approve_all, department_user, deputy, office

S = CandidateStage
pytestmark = pytest.mark.django_db
NS = "candidates:"


def url(name, *args):
    return reverse(NS + name, args=args)


def login(client, user):
    client.force_login(user)
    return client


def test_office_pages_render(client):
    user = office()
    c = CandidateFactory(stage=S.CONSULTATION)
    Opinion.objects.create(candidate=c, source=OpinionSource.DEPUTY, source_name="王小明", content="=1+1")
    login(client, user)
    for name, arg in [
        ("round_list", None),
        ("round_detail", c.round_id),
        ("candidate_detail", c.pk),
        ("ranking", c.round_id),
        ("merge", c.round_id),
        ("opinions", c.round_id),
        ("candidate_create", c.round_id),
        ("candidate_edit", c.pk),
    ]:
        r = client.get(url(name, arg) if arg else url(name))
        assert r.status_code == 200, name
    assert "王小明" in client.get(url("opinions", c.round_id)).content.decode()


def test_opinion_export_neutralised_and_masked_for_non_office(client):
    c = CandidateFactory(stage=S.CONSULTATION)
    Opinion.objects.create(candidate=c, source=OpinionSource.DEPUTY, source_name="王小明", content="=cmd|x")
    login(client, deputy())
    page = client.get(url("opinions", c.round_id)).content.decode()
    assert "王小明" not in page and "王**" in page
    r = client.get(url("opinions", c.round_id) + "?format=xlsx")
    ws = openpyxl.load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "项目名称", "意见来源")
    assert rows[1][3] == "王**" and rows[1][4] == "'=cmd|x"


def test_department_sees_own_and_edits_only_in_declared(client):
    own = CandidateFactory(stage=S.DECLARED)
    other = CandidateFactory(stage=S.DECLARED, round=own.round)
    dept = department_user(own.responsible_unit)
    login(client, dept)
    assert client.get(url("candidate_detail", own.pk)).status_code == 200
    assert client.get(url("candidate_detail", other.pk)).status_code == 404
    assert client.get(url("candidate_edit", own.pk)).status_code == 200
    r = client.post(url("candidate_edit", own.pk), {"name": "新名称", "content": "x"})
    assert r.status_code == 302
    own.refresh_from_db()
    assert own.name == "新名称"
    own.stage = S.REVIEW
    own.save()
    assert client.get(url("candidate_edit", own.pk)).status_code == 403
    r = client.post(url("candidate_move", own.pk), {"to_stage": S.CONSULTATION})
    own.refresh_from_db()
    assert own.stage == S.REVIEW


def test_department_creates_candidate_in_declared(client):
    rnd = RoundFactory()
    c = CandidateFactory()
    dept = department_user(c.responsible_unit)
    login(client, dept)
    r = client.post(
        url("candidate_create", rnd.pk), {"name": "新建口袋公园", "content": "3 个", "investment": "120"}
    )
    assert r.status_code == 302
    created = rnd.candidates.get(name="新建口袋公园")
    assert created.stage == S.DECLARED and created.responsible_unit == dept.organisation


def test_office_move_refusal_is_shown(client):
    c = CandidateFactory(stage=S.DECLARED, funding_source="")
    login(client, office())
    r = client.post(url("candidate_move", c.pk), {"to_stage": S.REVIEW}, follow=True)
    assert "缺少必填要素：资金来源。" in r.content.decode()


def _session(n=3):
    user = office()
    rnd = RoundFactory()
    approve_all(rnd)
    cands = [CandidateFactory(round=rnd, stage=S.CONFIRMED, budget_confirmed=True) for _ in range(3)]
    roster = [deputy() for _ in range(n)]
    s = vt.session_create(round=rnd, title="票决", seats=1, roster=roster, candidates=cands, by=user)
    return vt.session_open(session=s, by=user), cands, roster, user


def test_deputy_votes_through_the_page_once(client):
    session, cands, roster, _ = _session()
    login(client, roster[0])
    assert client.get(url("ballot", session.pk)).status_code == 200
    data = {f"c{cands[0].pk}": "for", f"c{cands[1].pk}": "for", f"c{cands[2].pk}": "abstain"}
    r = client.post(url("ballot", session.pk), data, follow=True)
    assert "最多只能对 1 个项目投赞成票" in r.content.decode()
    data[f"c{cands[1].pk}"] = "against"
    client.post(url("ballot", session.pk), data)
    assert VoterRecord.objects.count() == 1 and session_turnout(session=session)["ballots"] == 1
    client.post(url("ballot", session.pk), data)
    assert session_turnout(session=session)["ballots"] == 1
    assert "您已投票" in client.get(url("ballot", session.pk)).content.decode()


def test_deputy_not_on_roster_cannot_vote(client):
    session, *_ = _session()
    login(client, deputy())
    assert client.get(url("ballot", session.pk)).status_code == 403
    assert client.get(url("session_detail", session.pk)).status_code == 403


def test_results_page_print_and_xlsx_agree(client):
    session, cands, roster, user = _session(n=3)
    for d in roster:
        vt.ballot_cast(
            session=session,
            deputy=d,
            marks={cands[0].pk: "for", cands[1].pk: "against", cands[2].pk: "abstain"},
        )
    vt.session_close(session=session, by=user)
    login(client, user)
    page = client.get(url("session_results", session.pk)).content.decode()
    assert "与结束时冻结的结果一致" in page and "入选" in page
    assert "@media print" in client.get(url("session_results", session.pk) + "?format=print").content.decode()
    ws = openpyxl.load_workbook(
        BytesIO(client.get(url("session_results", session.pk) + "?format=xlsx").content)
    ).active
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, max_row=4, values_only=True)}
    assert rows[cands[0].name][2:6] == (3, 0, 0, "入选")
    assert rows[cands[1].name][2:6] == (0, 3, 0, "未入选")


def test_round_detail_query_count_does_not_grow(client, django_assert_max_num_queries):
    user = office()
    rnd = RoundFactory()
    CandidateFactory(round=rnd, stage=S.DECLARED)
    login(client, user)
    with django_assert_max_num_queries(20) as small:
        client.get(url("round_detail", rnd.pk))
    for stage in (S.COLLECTED, S.REVIEW, S.CONSULTATION, S.CONFIRMED) * 5:
        CandidateFactory(round=rnd, stage=stage)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("round_detail", rnd.pk))
