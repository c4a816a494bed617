"""Which scoring method made a round's stored results, and when an older one's are kept.

Every stored row names the method that made it (``METHOD``): the scoring method's version,
the anonymity rules scoring follows and the stored shape. Rows of other anonymity rules or
another shape are never read. Rows of an older scoring method are: a round that has closed
keeps the results the method of its day made, stamped with that method, and an anonymous
round keeps its last release until the next one.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessments.reports import batches, releases, scoring
from assessments.reports.models import StoredResult
from assessments.reports.stored import SHAPE
from assessments.rounds import anonymity
from assessments.rounds.access import assessment_state
from assessments.rounds.models import Assessment

# The scoring method, the anonymity rules scoring follows (statements for product people in
# an anonymous round) and the shape of what is stored.
METHOD = f"{scoring.METHOD_VERSION}-a{anonymity.SCORING_RULES}.{SHAPE}"
# The end of every method this version can read: rows of other anonymity rules or another
# shape are never read. Rows of an older scoring method are: a round that has closed keeps
# the results the method of its day made (``keeps_its_method``), stamped with that method.
READABLE = f"-a{anonymity.SCORING_RULES}.{SHAPE}"


def method_version(method: str) -> str:
    """The scoring method's version in a stored row's method ("3" of "3-a2.…")."""
    return method.partition("-a")[0]


def keeps_its_method(assessment: Assessment) -> bool:
    """Read an older method's rows as they are, rather than score the round afresh.

    A closed round's report has been read, discussed and handed on: a new scoring method
    never rewrites it behind people's backs (``rescore_results`` does, on purpose). An
    anonymous round's figures change only by a release, so an open one keeps its last
    release, whatever method made it, until the next release replaces it."""
    return releases.batched(assessment) or assessment_state(assessment) == "closed"


def usable(assessment: Assessment, methods: set[str], *, ad_hoc: bool = False) -> bool:
    """Rows of these methods (one read) may be shown for this round: all of this method, or
    all of one older method the round keeps (never mixed with a scope scored now)."""
    if methods <= {METHOD}:
        return True
    return len(methods) == 1 and not ad_hoc and keeps_its_method(assessment)


def rescoring(
    assessment: Assessment,
    before: Mapping[int, batches.Person],
    after: Mapping[int, batches.Person],
) -> bool:
    """The same people's same answers, released before under an older scoring method: scoring
    them anew gives nobody away (both releases come from the same answers), so it is no batch
    to wait for."""
    return before == after and stored_version(assessment) != scoring.METHOD_VERSION


def stored_version(assessment: Assessment) -> str:
    """The scoring method of the round's stored results, just refreshed: this one, unless a
    release made under an older method was kept."""
    found = (
        StoredResult.objects.filter(
            assessment=assessment, scope_kind="summary", method__endswith=READABLE
        )
        .values_list("method", flat=True)
        .first()
    )
    return method_version(found) if found else scoring.METHOD_VERSION
