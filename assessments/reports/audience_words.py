"""Who judged what, in the words a report uses: a statement put to some roles only (product
people, leadership, a list of roles) is decided on their ratings alone, and the report says so
beside it; an enabler whose statements were judged by different people says that once.

Statements for everyone say nothing: that is the rule, and saying it everywhere would hide
the exceptions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from assessments.reports import scoring
from frameworks import audiences
from frameworks.models import Statement


def raters_words(n: int) -> str:
    return f"{n} rater{'' if n == 1 else 's'}"


def judged_by(statement: Statement, result: scoring.StatementResult | None) -> str:
    """ "Judged by leadership (3 raters)"; empty for a statement everyone is asked."""
    if audiences.is_everyone(statement.audience):
        return ""
    said = f"Judged by {statement.audience_label}"
    return f"{said} ({raters_words(result.answered)})" if result is not None else said


def enabler_judges(statements: Iterable[Statement]) -> str:
    """One short line for an enabler whose statements were judged by different people:
    "Judged by everyone on 5 statements; product people on 2; leadership on 1." Empty when
    everyone was asked all of them; "Judged by leadership." when one audience was asked all."""
    counts = Counter(s.audience for s in statements)
    if not counts or set(counts) == {audiences.EVERYONE}:
        return ""
    if len(counts) == 1:
        return f"Judged by {audiences.label(next(iter(counts)))}."
    # Everyone first, then the others by how many statements they judged.
    ordered = sorted(counts.items(), key=lambda kv: (kv[0] != audiences.EVERYONE, -kv[1], kv[0]))
    parts = [
        f"{audiences.label(a)} on {n}{' statement' if n == 1 else ' statements'}"
        if i == 0
        else f"{audiences.label(a)} on {n}"
        for i, (a, n) in enumerate(ordered)
    ]
    # Semicolons: an audience's own name may hold an "and" (product people and leadership).
    return f"Judged by {'; '.join(parts)}."
