"""Writes of the screening stages: create and edit candidates, move them through the five stages
(an explicit allowed-transition table, a history row per move), score, merge, seek opinions,
record the approval meetings. The vote lives in voting.py; the programme hand-over in programme.py."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minsheng.accounts.models import Organisation, Role

from .models import (
    ApprovalDecision,
    ApprovalKind,
    Candidate,
    CandidateStage,
    CandidateYearTarget,
    ScreeningRound,
    StageChange,
)

S = CandidateStage

# The allowed moves. Forward moves follow 第六条's order; each stage may send an item one step back
# (with a reason). Moves into 票决 happen when a voting session opens, out of 票决 when it closes,
# and into 已归并 through a merge — never by hand.
TRANSITIONS: dict[str, set[str]] = {
    S.COLLECTED: {S.DECLARED, S.MERGED},
    S.DECLARED: {S.REVIEW, S.COLLECTED, S.MERGED},
    S.REVIEW: {S.CONSULTATION, S.DECLARED, S.MERGED},
    S.CONSULTATION: {S.CONFIRMED, S.REVIEW},
    S.CONFIRMED: {S.VOTING, S.CONSULTATION},
    S.VOTING: {S.CHOSEN, S.NOT_CHOSEN, S.CONFIRMED},
    S.CHOSEN: set(),
    S.NOT_CHOSEN: set(),
    S.MERGED: set(),
}
BACKWARD = {
    (S.DECLARED, S.COLLECTED),
    (S.REVIEW, S.DECLARED),
    (S.CONSULTATION, S.REVIEW),
    (S.CONFIRMED, S.CONSULTATION),
}
BY_SESSION_OPEN = {(S.CONFIRMED, S.VOTING)}
BY_SESSION_CLOSE = {(S.VOTING, S.CHOSEN), (S.VOTING, S.NOT_CHOSEN), (S.VOTING, S.CONFIRMED)}
MERGEABLE = (S.COLLECTED, S.DECLARED, S.REVIEW)

ERR_TRANSITION_NOT_ALLOWED = "不能从“{src}”直接转入“{dst}”。"
ERR_MOVE_BY_SESSION = "进入或结束“票决”只能通过票决会议的开始与结束完成。"
ERR_MOVE_BY_MERGE = "归并须使用“归并相似项目”功能。"
ERR_MISSING_FIELD = "缺少必填要素：{field}。"
ERR_DECLARATIONS = "申报单位须声明：不与年度重大项目（工作）重复、不含政策调整事项、不属于部门常规工作。"
ERR_MULTIYEAR_END = "跨年度项目须填写结束年度（晚于实施年度）。"
ERR_MULTIYEAR_TARGETS = "跨年度项目须明确每一年度的阶段性目标（缺少：{years}）。"
ERR_NO_SCORES = "审核论证尚无工作组评分，不能进入征求意见。"
ERR_BUDGET_NOT_CONFIRMED = "资金未确认纳入预算：未纳入预算的项目不得列入。"
ERR_NO_OPINIONS = "尚未录入任何征求意见，不能确定为候选项目。"
ERR_OPINIONS_UNANSWERED = "还有 {n} 条意见未作答复，不能确定为候选项目。"
ERR_APPROVALS_INCOMPLETE = (
    "候选项目方案须依次经人大常委会主任会议、政府常务会议、党委常委会审议通过（缺少：{missing}）。"
)
ERR_ALREADY_CHOSEN_MULTIYEAR = "该项目是已经票决确定的跨年度项目“{name}”的延续，不再列入票决。"
ERR_COMMENT_REQUIRED = "退回上一阶段须说明理由。"
ERR_NOT_EDITABLE = "当前阶段您不能修改该项目（责任单位只能在“初选申报”阶段修改本单位的项目）。"
ERR_NOT_OFFICE = "只有专班办公室可以执行此操作。"
ERR_DEPARTMENT_OWN_ONLY = "责任单位只能申报本单位为责任主体的项目。"
ERR_MERGE_STAGE = "只有征集项目、初选申报、审核论证阶段的项目可以归并（“{name}”当前为“{stage}”）。"
ERR_MERGE_ROUND = "只能归并同一年度的项目。"
ERR_MERGE_SELF = "请至少选择一个不同于保留项目的项目进行归并。"
ERR_TARGET_YEAR = "年度目标的年份须在项目实施年度内（{years}）。"

EDITABLE_FIELDS = (
    "name",
    "content",
    "responsible_unit",
    "investment",
    "funding_source",
    "deadline",
    "domain",
    "is_multi_year",
    "end_year",
    "continues",
    "not_major_project",
    "not_policy_adjustment",
    "not_routine_work",
)
REQUIRED_FIELDS = (
    ("name", "项目名称"),
    ("content", "主要内容"),
    ("responsible_unit", "责任主体"),
    ("investment", "投资额度"),
    ("funding_source", "资金来源"),
    ("deadline", "完成时限"),
)


def _require_office(user) -> None:
    if not (user and user.is_authenticated and user.is_office):
        raise PermissionDenied(ERR_NOT_OFFICE)


def _history(candidate: Candidate, src: str, dst: str, by, comment: str) -> StageChange:
    row = StageChange(candidate=candidate, from_stage=src, to_stage=dst, by=by, comment=comment[:500])
    row.full_clean()
    row.save()
    return row


# --- guards: the reasons a move is refused -------------------------------------------------------
def missing_required(candidate: Candidate) -> list[str]:
    """Labels of the 第十条 elements the candidate still lacks."""
    missing = []
    for field, label in REQUIRED_FIELDS:
        value = getattr(candidate, f"{field}_id" if field == "responsible_unit" else field)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(label)
    return missing


def _check_complete(candidate: Candidate) -> None:
    missing = missing_required(candidate)
    if missing:
        raise ValidationError(ERR_MISSING_FIELD.format(field="、".join(missing)), code="missing_field")
    if candidate.is_multi_year:
        if not candidate.end_year or candidate.end_year <= candidate.round.year:
            raise ValidationError(ERR_MULTIYEAR_END, code="multi_year")
        have = set(candidate.year_targets.values_list("year", flat=True))
        lacking = [str(y) for y in candidate.years if y not in have]
        if lacking:
            raise ValidationError(ERR_MULTIYEAR_TARGETS.format(years="、".join(lacking)), code="multi_year")
    if not candidate.declarations_complete:
        raise ValidationError(ERR_DECLARATIONS, code="declarations")


def _check_budget(candidate: Candidate) -> None:
    if not candidate.budget_confirmed:
        raise ValidationError(ERR_BUDGET_NOT_CONFIRMED, code="budget")


def approvals_missing(round: ScreeningRound) -> list[str]:  # noqa: A002 - the domain's word
    """Meetings of 第十六条 that have not (yet) passed the round's plan, in order."""
    passed = {
        m.kind
        for m in round.approvals.all()
        if m.decision in (ApprovalDecision.APPROVED, ApprovalDecision.REVISE)
    }
    return [kind.label for kind in ApprovalKind if kind.value not in passed]


def carried_multi_year(candidate: Candidate) -> Candidate | None:
    """The already-chosen multi-year project this candidate repeats, if any (第五条（三）)."""
    from .selectors import carried_over_for_round

    for chosen in carried_over_for_round(round=candidate.round):
        if candidate.continues_id == chosen.pk or candidate.name.strip() == chosen.name.strip():
            return chosen
    return None


def _guard(candidate: Candidate, src: str, dst: str, comment: str) -> None:
    if (src, dst) in BACKWARD:
        if not comment.strip():
            raise ValidationError(ERR_COMMENT_REQUIRED, code="comment")
        return
    if dst == S.DECLARED:
        missing = [
            label
            for value, label in (
                (candidate.name.strip(), "项目名称"),
                (candidate.responsible_unit_id, "责任主体"),
            )
            if not value
        ]
        if missing:
            raise ValidationError(ERR_MISSING_FIELD.format(field="、".join(missing)), code="missing_field")
    elif dst == S.REVIEW:
        _check_complete(candidate)
    elif dst == S.CONSULTATION:
        _check_complete(candidate)
        if not candidate.scores.exists():
            raise ValidationError(ERR_NO_SCORES, code="scores")
        _check_budget(candidate)
    elif dst == S.CONFIRMED and src == S.CONSULTATION:
        _check_budget(candidate)
        opinions = list(candidate.opinions.all())
        if not opinions:
            raise ValidationError(ERR_NO_OPINIONS, code="opinions")
        unanswered = sum(1 for o in opinions if not o.is_answered)
        if unanswered:
            raise ValidationError(ERR_OPINIONS_UNANSWERED.format(n=unanswered), code="opinions")
    elif dst == S.VOTING:
        _check_budget(candidate)
        missing = approvals_missing(candidate.round)
        if missing:
            raise ValidationError(
                ERR_APPROVALS_INCOMPLETE.format(missing="、".join(missing)), code="approvals"
            )
        repeated = carried_multi_year(candidate)
        if repeated is not None:
            raise ValidationError(
                ERR_ALREADY_CHOSEN_MULTIYEAR.format(name=repeated.name), code="multi_year_chosen"
            )


def move(*, candidate: Candidate, to_stage: str, by, comment: str = "") -> StageChange:
    """Check the table and the guards, change the stage and write the history row (no caller check)."""
    src = candidate.stage
    if to_stage not in TRANSITIONS.get(src, set()):
        raise ValidationError(
            ERR_TRANSITION_NOT_ALLOWED.format(src=S(src).label, dst=S(to_stage).label), code="not_allowed"
        )
    _guard(candidate, src, to_stage, comment)
    candidate.stage = to_stage
    candidate.full_clean()
    candidate.save(update_fields=["stage", "updated_at"])
    return _history(candidate, src, to_stage, by, comment)


@transaction.atomic
def candidate_transition(*, candidate: Candidate, to_stage: str, by, comment: str = "") -> StageChange:
    """Move a candidate one stage by hand (the office); refused with the reason when a rule is broken."""
    _require_office(by)
    given = candidate
    candidate = Candidate.objects.select_for_update().select_related("round").get(pk=candidate.pk)
    src = candidate.stage
    if to_stage not in TRANSITIONS.get(src, set()):
        raise ValidationError(
            ERR_TRANSITION_NOT_ALLOWED.format(src=S(src).label, dst=S(to_stage).label), code="not_allowed"
        )
    if (src, to_stage) in BY_SESSION_OPEN | BY_SESSION_CLOSE:
        raise ValidationError(ERR_MOVE_BY_SESSION, code="by_session")
    if to_stage == S.MERGED:
        raise ValidationError(ERR_MOVE_BY_MERGE, code="by_merge")
    row = move(candidate=candidate, to_stage=to_stage, by=by, comment=comment)
    given.stage = candidate.stage  # the caller's instance reflects the move
    return row


def manual_moves(candidate: Candidate) -> list[str]:
    """The stages the office may move this candidate to by hand."""
    return [
        dst
        for dst in S.values
        if dst in TRANSITIONS[candidate.stage]
        and dst != S.MERGED
        and (candidate.stage, dst) not in BY_SESSION_OPEN | BY_SESSION_CLOSE
    ]


# --- create and edit -----------------------------------------------------------------------------
@transaction.atomic
def candidate_create(
    *,
    round: ScreeningRound,
    name: str,
    by,
    responsible_unit: Organisation | None = None,  # noqa: A002
    stage: str | None = None,
    comment: str = "",
    **fields: Any,
) -> Candidate:
    """Create a candidate: a department declares directly (初选申报); the office files it in 征集项目."""
    if by is not None and getattr(by, "role", None) == Role.DEPARTMENT:
        if responsible_unit is not None and responsible_unit.pk != by.organisation_id:
            raise PermissionDenied(ERR_DEPARTMENT_OWN_ONLY)
        responsible_unit = by.organisation
        stage = S.DECLARED
    elif by is not None and not by.is_office:
        raise PermissionDenied(ERR_NOT_OFFICE)
    stage = stage or S.COLLECTED
    if stage not in (S.COLLECTED, S.DECLARED):
        raise ValidationError(ERR_TRANSITION_NOT_ALLOWED.format(src="—", dst=S(stage).label))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    candidate = Candidate(
        round=round, name=name, responsible_unit=responsible_unit, stage=stage, created_by=by, **fields
    )
    candidate.full_clean()
    candidate.save()
    _history(candidate, "", stage, by, comment or ("责任单位直接申报" if stage == S.DECLARED else "征集汇总"))
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, by, **fields: Any) -> Candidate:
    """Edit a candidate's elements, if the user may edit it in its current stage."""
    candidate = Candidate.objects.select_for_update().select_related("round").get(pk=candidate.pk)
    if not by.has_perm("candidates.change_candidate", candidate):
        raise PermissionDenied(ERR_NOT_EDITABLE)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    if (
        by.role == Role.DEPARTMENT
        and "responsible_unit" in fields
        and fields["responsible_unit"] != by.organisation
    ):
        raise PermissionDenied(ERR_DEPARTMENT_OWN_ONLY)
    for name, value in fields.items():
        setattr(candidate, name, value)
    if not candidate.is_multi_year:
        candidate.end_year = None
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def year_target_set(
    *,
    candidate: Candidate,
    by,
    year: int,
    description: str,
    quantity: Decimal | None = None,
    unit: str = "",
) -> CandidateYearTarget:
    """Set the target of one year (a multi-year item needs one for every year it spans)."""
    if not by.has_perm("candidates.change_candidate", candidate):
        raise PermissionDenied(ERR_NOT_EDITABLE)
    years = candidate.years
    if year not in years:
        raise ValidationError({"year": ERR_TARGET_YEAR.format(years="、".join(map(str, years)))})
    row = CandidateYearTarget.objects.filter(candidate=candidate, year=year).first() or CandidateYearTarget(
        candidate=candidate, year=year
    )
    row.description, row.quantity, row.unit = description, quantity, unit
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def year_target_delete(*, target: CandidateYearTarget, by) -> None:
    """Remove one year's target."""
    if not by.has_perm("candidates.change_candidate", target.candidate):
        raise PermissionDenied(ERR_NOT_EDITABLE)
    target.delete()


@transaction.atomic
def candidate_budget_confirm(
    *, candidate: Candidate, by, confirmed: bool = True, note: str = ""
) -> Candidate:
    """Record (or withdraw) that the candidate's funds are in the budget (第十三条、第十八条)."""
    _require_office(by)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    candidate.budget_confirmed = confirmed
    candidate.budget_note = note
    candidate.full_clean()
    candidate.save(update_fields=["budget_confirmed", "budget_note", "updated_at"])
    return candidate


@transaction.atomic
def candidate_merge(*, target: Candidate, sources: Iterable[Candidate], by, comment: str = "") -> Candidate:
    """Merge similar candidates into one (第十二条); the merged ones keep a link to it (lineage)."""
    _require_office(by)
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        raise ValidationError(ERR_MERGE_SELF)
    rows = {
        c.pk: c
        for c in Candidate.objects.select_for_update().filter(pk__in=[target.pk, *[s.pk for s in sources]])
    }
    target = rows[target.pk]
    for item in rows.values():
        if item.round_id != target.round_id:
            raise ValidationError(ERR_MERGE_ROUND)
        if item.stage not in MERGEABLE:
            raise ValidationError(ERR_MERGE_STAGE.format(name=item.name, stage=item.get_stage_display()))
    names = []
    for source in (rows[s.pk] for s in sources):
        src = source.stage
        source.stage = S.MERGED
        source.merged_into = target
        source.save(update_fields=["stage", "merged_into", "updated_at"])
        _history(source, src, S.MERGED, by, f"归并入“{target.name}”。{comment}")
        names.append(source.name)
    _history(target, target.stage, target.stage, by, f"归并了：{'、'.join(names)}。{comment}")
    return target


@transaction.atomic
def round_create(
    *,
    organisation: Organisation,
    year: int,
    by,
    name: str = "民生实事候选项目产生",
    work_group: Iterable = (),
) -> ScreeningRound:
    """Open the production of candidates for one programme year."""
    _require_office(by)
    round = ScreeningRound(organisation=organisation, year=year, name=name)  # noqa: A001
    round.full_clean()
    round.save()
    round.work_group.set(list(work_group))
    return round
