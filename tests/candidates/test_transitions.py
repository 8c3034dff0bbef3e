"""The five stages: every allowed and every refused move of the transition table, and each reason."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from candidates import review as rv
from candidates import services as sv
from candidates.models import (
    ApprovalDecision,
    ApprovalKind,
    CandidateStage,
    CandidateYearTarget,
    Opinion,
    OpinionSource,
    StageChange,
)

from .factories import CandidateFactory, RoundFactory, department_user, make_ready, office

S = CandidateStage
pytestmark = pytest.mark.django_db


def _expected(src, dst):
    if dst not in sv.TRANSITIONS[src]:
        return sv.ERR_TRANSITION_NOT_ALLOWED.format(src=S(src).label, dst=S(dst).label)
    if (src, dst) in sv.BY_SESSION_OPEN | sv.BY_SESSION_CLOSE:
        return sv.ERR_MOVE_BY_SESSION
    if dst == S.MERGED:
        return sv.ERR_MOVE_BY_MERGE
    return None


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(S.values, S.values)))
def test_transition_table(src, dst):
    user = office()
    candidate = make_ready(CandidateFactory(stage=src), member=user)
    expected = _expected(src, dst)
    if expected is None:
        row = sv.candidate_transition(candidate=candidate, to_stage=dst, by=user, comment="理由")
        candidate.refresh_from_db()
        assert candidate.stage == dst
        assert (row.from_stage, row.to_stage, row.by, row.comment) == (src, dst, user, "理由")
        assert row.at is not None
    else:
        with pytest.raises(ValidationError) as exc:
            sv.candidate_transition(candidate=candidate, to_stage=dst, by=user, comment="理由")
        assert exc.value.messages == [expected]
        candidate.refresh_from_db()
        assert candidate.stage == src
        assert not StageChange.objects.filter(candidate=candidate).exists()


def test_table_is_the_documented_order():
    forward = [S.COLLECTED, S.DECLARED, S.REVIEW, S.CONSULTATION, S.CONFIRMED, S.VOTING]
    for a, b in itertools.pairwise(forward):
        assert b in sv.TRANSITIONS[a]
    assert sv.TRANSITIONS[S.VOTING] >= {S.CHOSEN, S.NOT_CHOSEN}
    assert not sv.TRANSITIONS[S.CHOSEN] and not sv.TRANSITIONS[S.NOT_CHOSEN] and not sv.TRANSITIONS[S.MERGED]


def _refusal(candidate, dst, comment=""):
    with pytest.raises(ValidationError) as exc:
        sv.candidate_transition(candidate=candidate, to_stage=dst, by=office(), comment=comment)
    return exc.value.messages[0]


def test_missing_required_field_refused():
    c = CandidateFactory(stage=S.DECLARED, funding_source="", deadline=None)
    assert _refusal(c, S.REVIEW) == sv.ERR_MISSING_FIELD.format(field="资金来源、完成时限")


def test_declared_needs_responsible_unit():
    c = CandidateFactory(stage=S.COLLECTED, responsible_unit=None)
    assert _refusal(c, S.DECLARED) == sv.ERR_MISSING_FIELD.format(field="责任主体")


def test_declarations_required():
    c = CandidateFactory(stage=S.DECLARED, not_routine_work=False)
    assert _refusal(c, S.REVIEW) == sv.ERR_DECLARATIONS


def test_multi_year_needs_a_target_per_year():
    c = CandidateFactory(stage=S.DECLARED, is_multi_year=True, end_year=2027)
    CandidateYearTarget.objects.create(candidate=c, year=2025, description="改造 5 公里")
    assert _refusal(c, S.REVIEW) == sv.ERR_MULTIYEAR_TARGETS.format(years="2026、2027")
    c2 = CandidateFactory(stage=S.DECLARED, is_multi_year=True, end_year=None)
    assert _refusal(c2, S.REVIEW) == sv.ERR_MULTIYEAR_END


def test_budget_not_confirmed_refused():
    user = office()
    c = make_ready(CandidateFactory(stage=S.REVIEW), member=user)
    c.budget_confirmed = False
    c.save()
    assert _refusal(c, S.CONSULTATION) == sv.ERR_BUDGET_NOT_CONFIRMED
    assert "未纳入预算的项目不得列入" in sv.ERR_BUDGET_NOT_CONFIRMED


def test_review_needs_a_score():
    c = CandidateFactory(stage=S.REVIEW, budget_confirmed=True)
    assert _refusal(c, S.CONSULTATION) == sv.ERR_NO_SCORES


def test_opinions_must_be_answered():
    c = CandidateFactory(stage=S.CONSULTATION, budget_confirmed=True)
    assert _refusal(c, S.CONFIRMED) == sv.ERR_NO_OPINIONS
    Opinion.objects.create(
        candidate=c, source=OpinionSource.CPPCC, source_name="区政协", content="建议扩大范围"
    )
    assert _refusal(c, S.CONFIRMED) == sv.ERR_OPINIONS_UNANSWERED.format(n=1)


def test_backward_move_needs_a_reason():
    c = CandidateFactory(stage=S.REVIEW)
    assert _refusal(c, S.DECLARED) == sv.ERR_COMMENT_REQUIRED


def test_approvals_in_order():
    user = office()
    c = CandidateFactory(stage=S.CONFIRMED, budget_confirmed=True)
    rnd = c.round
    with pytest.raises(ValidationError) as exc:
        rv.approval_record(
            round=rnd,
            kind=ApprovalKind.GOVERNMENT,
            held_on=datetime.date(2025, 1, 5),
            decision=ApprovalDecision.APPROVED,
            by=user,
        )
    assert exc.value.messages == [
        rv.ERR_APPROVAL_OUT_OF_ORDER.format(previous="人大常委会主任会议", kind="政府常务会议")
    ]
    rv.approval_record(
        round=rnd,
        kind=ApprovalKind.NPC_CHAIRS,
        held_on=datetime.date(2025, 1, 5),
        decision=ApprovalDecision.APPROVED,
        by=user,
    )
    with pytest.raises(ValidationError) as exc:
        rv.approval_record(
            round=rnd,
            kind=ApprovalKind.PARTY,
            held_on=datetime.date(2025, 1, 9),
            decision=ApprovalDecision.APPROVED,
            by=user,
        )
    assert exc.value.messages == [
        rv.ERR_APPROVAL_OUT_OF_ORDER.format(previous="政府常务会议", kind="党委常委会")
    ]
    with pytest.raises(ValidationError) as exc:
        rv.approval_record(
            round=rnd,
            kind=ApprovalKind.GOVERNMENT,
            held_on=datetime.date(2025, 1, 1),
            decision=ApprovalDecision.APPROVED,
            by=user,
        )
    assert exc.value.messages == [
        rv.ERR_APPROVAL_DATE_ORDER.format(
            kind="政府常务会议", previous="人大常委会主任会议", date="2025-01-05"
        )
    ]
    assert sv.approvals_missing(rnd) == ["政府常务会议", "党委常委会"]
    assert rv.approval_record(
        round=rnd,
        kind=ApprovalKind.GOVERNMENT,
        held_on=datetime.date(2025, 1, 8),
        decision=ApprovalDecision.APPROVED,
        by=user,
    ).pk


def test_voting_needs_all_approvals():
    c = CandidateFactory(stage=S.CONFIRMED, budget_confirmed=True)
    from candidates.services import move

    with pytest.raises(ValidationError) as exc:
        move(candidate=c, to_stage=S.VOTING, by=office())
    assert exc.value.messages == [
        sv.ERR_APPROVALS_INCOMPLETE.format(missing="人大常委会主任会议、政府常务会议、党委常委会")
    ]


def test_only_office_moves():
    c = CandidateFactory(stage=S.COLLECTED)
    with pytest.raises(PermissionDenied):
        sv.candidate_transition(candidate=c, to_stage=S.DECLARED, by=department_user(c.responsible_unit))


def test_department_creates_its_own_in_declared_and_edits_only_there():
    rnd = RoundFactory()
    c = CandidateFactory.build()
    c.responsible_unit.save()
    dept = department_user(c.responsible_unit)
    cand = sv.candidate_create(round=rnd, name="新建口袋公园", by=dept)
    assert (cand.stage, cand.responsible_unit) == (S.DECLARED, dept.organisation)
    assert cand.history.get().to_stage == S.DECLARED
    sv.candidate_update(candidate=cand, by=dept, content="建设口袋公园 3 个")
    other = CandidateFactory(stage=S.DECLARED)
    with pytest.raises(PermissionDenied):
        sv.candidate_update(candidate=other, by=dept, content="x")
    cand.stage = S.REVIEW
    cand.save()
    with pytest.raises(PermissionDenied) as exc:
        sv.candidate_update(candidate=cand, by=dept, content="y")
    assert str(exc.value) == sv.ERR_NOT_EDITABLE


def test_merge_keeps_lineage():
    user = office()
    a, b, c = (CandidateFactory(stage=S.REVIEW) for _ in range(3))
    b.round = c.round = a.round
    b.save()
    c.save()
    sv.candidate_merge(target=a, sources=[b, c], by=user, comment="内容相似")
    b.refresh_from_db()
    assert b.stage == S.MERGED and b.merged_into == a
    assert set(a.merged_from.all()) == {b, c}
    assert b.history.last().to_stage == S.MERGED
    assert "归并了" in a.history.last().comment
    d = CandidateFactory(stage=S.CONFIRMED, round=a.round)
    with pytest.raises(ValidationError):
        sv.candidate_merge(target=a, sources=[d], by=user)
