"""The stage table (allowed moves), the error messages, the fields a candidate must have, and the two
helpers every candidate service shares: the office check and the history row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from minsheng.accounts.rules import is_office
from minsheng.common.workflow import Flow

from ..models import Candidate, CandidateStage, StageChange

# The allowed moves. Forward moves follow 第六条's order; each stage may send an item one step back
# (with a reason). Moves into 票决 happen when a voting session opens, out of 票决 when it closes,
# and into 已归并 through a merge — never by hand.
TRANSITIONS: dict[str, set[str]] = {
    CandidateStage.COLLECTED: {CandidateStage.DECLARED, CandidateStage.MERGED},
    CandidateStage.DECLARED: {CandidateStage.REVIEW, CandidateStage.COLLECTED, CandidateStage.MERGED},
    CandidateStage.REVIEW: {CandidateStage.CONSULTATION, CandidateStage.DECLARED, CandidateStage.MERGED},
    CandidateStage.CONSULTATION: {CandidateStage.CONFIRMED, CandidateStage.REVIEW},
    CandidateStage.CONFIRMED: {CandidateStage.VOTING, CandidateStage.CONSULTATION},
    CandidateStage.VOTING: {CandidateStage.CHOSEN, CandidateStage.NOT_CHOSEN, CandidateStage.CONFIRMED},
    CandidateStage.CHOSEN: set(),
    CandidateStage.NOT_CHOSEN: set(),
    CandidateStage.MERGED: set(),
}
BACKWARD = {
    (CandidateStage.DECLARED, CandidateStage.COLLECTED),
    (CandidateStage.REVIEW, CandidateStage.DECLARED),
    (CandidateStage.CONSULTATION, CandidateStage.REVIEW),
    (CandidateStage.CONFIRMED, CandidateStage.CONSULTATION),
}
BY_SESSION_OPEN = {(CandidateStage.CONFIRMED, CandidateStage.VOTING)}
BY_SESSION_CLOSE = {(CandidateStage.VOTING, CandidateStage.CHOSEN), (CandidateStage.VOTING, CandidateStage.NOT_CHOSEN), (CandidateStage.VOTING, CandidateStage.CONFIRMED)}
MERGEABLE = (CandidateStage.COLLECTED, CandidateStage.DECLARED, CandidateStage.REVIEW)

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


ERR_OTHER_LEVEL = "这项工作由下级或其他地区的专班办公室负责，本专班办公室只能查看，不能办理。"


def require_office(user, owner=None) -> None:
    """Refuse anyone the candidates rules do not let run the round (the office), and an office whose level
    does not run `owner` (a round, or a programme for the 测评: anything with an organisation)."""
    if not (user and user.has_perm("candidates.manage_round", owner)):
        raise PermissionDenied(ERR_NOT_OFFICE if not is_office(user) else ERR_OTHER_LEVEL)


def _history(candidate: Candidate, src: str, dst: str, by, comment: str) -> StageChange:
    row = StageChange(candidate=candidate, from_stage=src, to_stage=dst, by=by, comment=comment[:500])
    row.full_clean()
    row.save()
    return row


# The stage workflow: the table above, its wording, and StageChange rows as its history.
CANDIDATES = Flow(
    model=Candidate,
    field="stage",
    table=TRANSITIONS,
    labels=CandidateStage,
    history=lambda change: _history(change.obj, change.from_state, change.to_state, change.by, change.reason),
    refusal=lambda src, dst: ERR_TRANSITION_NOT_ALLOWED.format(src=src, dst=dst),
)
