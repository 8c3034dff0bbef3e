"""Monthly progress: periods, figures (one per county × indicator × month), their history and evidence,
plus the public side of a project (updates, policy documents, 意见建议) and the office's letters.

periods: ReportingPeriod, PeriodEvent, RollupStamp, ReminderLog; figures: Figure and its state table,
FigureTransition, Evidence; office: DisclosureScore; public: PublicUpdate, PolicyDocument,
PublicOpinion. Every name is re-exported here (migrations refer to progress.models.evidence_path and
progress.models.policy_path).
"""

from .figures import (
    ACCEPTED_STATES,
    EDITABLE_STATES,
    ERR_NEGATIVE,
    ERR_PERCENT_RANGE,
    FIGURE_OWNER,
    TRANSITIONS,
    Evidence,
    Figure,
    FigureState,
    FigureTransition,
    effective_value,
    evidence_path,
)
from .office import (
    DISCLOSURE_DEFAULT_WEIGHTS,
    ERR_SCORE_OVER_MAX,
    ERR_WEIGHT_NEGATIVE,
    ERR_WEIGHTS_ALL_ZERO,
    DisclosureScore,
    DisclosureWeights,
)
from .periods import (
    ERR_MONTH_RANGE,
    SHANGHAI,
    PeriodEvent,
    ReminderLog,
    ReportingPeriod,
    RollupStamp,
    default_deadline,
)
from .public import (
    OPINION_TRANSITIONS,
    PolicyDocument,
    PosterPrint,
    PublicOpinion,
    PublicUpdate,
    PublicUpdatePhoto,
    UpdateKind,
    policy_path,
)

__all__ = [
    "FIGURE_OWNER",
    "ACCEPTED_STATES",
    "EDITABLE_STATES",
    "ERR_MONTH_RANGE",
    "ERR_NEGATIVE",
    "ERR_PERCENT_RANGE",
    "ERR_SCORE_OVER_MAX",
    "SHANGHAI",
    "TRANSITIONS",
    "DisclosureScore",
    "DisclosureWeights",
    "DISCLOSURE_DEFAULT_WEIGHTS",
    "ERR_WEIGHT_NEGATIVE",
    "ERR_WEIGHTS_ALL_ZERO",
    "Evidence",
    "Figure",
    "FigureState",
    "FigureTransition",
    "PeriodEvent",
    "PolicyDocument",
    "PosterPrint",
    "PublicOpinion",
    "OPINION_TRANSITIONS",
    "PublicUpdate",
    "PublicUpdatePhoto",
    "UpdateKind",
    "ReminderLog",
    "ReportingPeriod",
    "RollupStamp",
    "default_deadline",
    "effective_value",
    "evidence_path",
    "policy_path",
]
