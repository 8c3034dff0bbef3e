"""Models of the candidate screening and the vote; re-exported into projects.models."""

from .screening import (  # noqa: F401
    ApprovalDecision,
    ApprovalKind,
    ApprovalMeeting,
    Candidate,
    CandidateStage,
    CandidateYearTarget,
    Opinion,
    OpinionSource,
    Score,
    ScreeningRound,
    StageChange,
)
from .vote import (  # noqa: F401
    Ballot,
    BallotChannel,
    BallotMark,
    Choice,
    PassBase,
    RatingValue,
    SatisfactionRating,
    SatisfactionSurvey,
    SessionState,
    VoterRecord,
    VotingSession,
)

__all__ = [
    "ApprovalDecision",
    "ApprovalKind",
    "ApprovalMeeting",
    "Ballot",
    "BallotChannel",
    "BallotMark",
    "Candidate",
    "CandidateStage",
    "CandidateYearTarget",
    "Choice",
    "Opinion",
    "OpinionSource",
    "PassBase",
    "RatingValue",
    "SatisfactionRating",
    "SatisfactionSurvey",
    "Score",
    "ScreeningRound",
    "SessionState",
    "StageChange",
    "VoterRecord",
    "VotingSession",
]

from .. import rules as _rules  # noqa: E402,F401  (register the object permissions with django-rules)
