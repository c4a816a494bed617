"""How answers become scores: pure code, plain data in, plain data out, no ORM.

``method`` holds the rules for statements and enabler levels (versioned: every report
names the method that computed it), ``instruments`` the dials and who-leads-what, and
``findings`` what a report picks out: strengths, next moves, splits and contradictions.
"""

from assessments.reports.scoring.findings import (
    Flag,
    Move,
    Ranked,
    Scores,
    by_role,
    consistency_flags,
    next_moves,
    score,
    splits,
    strengths,
)
from assessments.reports.scoring.instruments import (
    ActivityResult,
    ActivitySpec,
    DialInputSpec,
    DialResult,
    DialSpec,
)
from assessments.reports.scoring.method import (
    CONFIDENCE_RULES,
    IN_PLACE_SHARE,
    METHOD_LABEL,
    METHOD_VERSION,
    MIN_RATERS,
    MOSTLY,
    SPLIT_SHARE,
    SYMPTOMS_ABSENT,
    ActivityAnswerIn,
    EnablerResult,
    LevelEvidence,
    ResponseIn,
    StatementResult,
    StatementSpec,
    as_evidence,
    decide_level,
    method_label,
    raters_needed,
)

__all__ = [
    "CONFIDENCE_RULES",
    "IN_PLACE_SHARE",
    "METHOD_LABEL",
    "METHOD_VERSION",
    "MIN_RATERS",
    "MOSTLY",
    "SPLIT_SHARE",
    "SYMPTOMS_ABSENT",
    "ActivityAnswerIn",
    "ActivityResult",
    "ActivitySpec",
    "DialInputSpec",
    "DialResult",
    "DialSpec",
    "EnablerResult",
    "Flag",
    "LevelEvidence",
    "Move",
    "Ranked",
    "ResponseIn",
    "Scores",
    "StatementResult",
    "StatementSpec",
    "as_evidence",
    "by_role",
    "consistency_flags",
    "decide_level",
    "method_label",
    "next_moves",
    "raters_needed",
    "score",
    "splits",
    "strengths",
]
