"""What the store hands to reports and comparisons: the scopes asked for, and how fresh."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from assessments.reports import scoring
from assessments.reports.pairs import PAIRS_KIND
from assessments.reports.scoring.pairs import NO_PAIRS, PairTable
from assessments.reports.stored import EnablerSummary, Key, RoleTable, ScopeResults, ScopeSummary


@dataclass(frozen=True)
class Results:
    """The scopes a report asked for, and how fresh they are."""

    scopes: Mapping[Key, ScopeResults]
    computed_at: datetime
    updating: bool  # answers changed since; a refresh is on its way
    batched: bool = False  # an anonymous round: results are released in batches
    held: bool = False  # answers that came after the last release wait for more
    method: str = scoring.METHOD_VERSION  # the scoring method that made them


@dataclass(frozen=True)
class Wanted:
    """What a comparison reads of one round: its summary, always; these full scopes; and, if
    asked, every scope's enablers per role, and its pair totals with an earlier round."""

    scopes: frozenset[Key] = frozenset()
    roles: bool = False
    pairs_with: int | None = None  # an earlier round's pk


@dataclass(frozen=True)
class RoundResults:
    scopes: Mapping[Key, ScopeResults]  # the full scopes asked for (those the round has)
    summaries: Mapping[Key, ScopeSummary]  # every scope of the round
    roles: RoleTable  # every scope, if asked
    computed_at: datetime
    updating: bool
    method: str = scoring.METHOD_VERSION  # the scoring method that made them
    pairs: PairTable = NO_PAIRS  # with the earlier round asked for, if any
    _unpacked: dict[tuple[Key, str], dict[str, EnablerSummary]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def role_enablers(self, key: Key, role: str) -> dict[str, EnablerSummary]:
        """One role's enabler results in one scope, unpacked once."""
        found = self._unpacked.get((key, role))
        if found is None:
            packed = self.roles.get(key, role)
            found = {k: EnablerSummary.unpack(k, p) for k, p in packed.items()}
            self._unpacked[(key, role)] = found
        return found


def wanted_rows(pk: int, wanted: Wanted) -> Q:
    asked = Q(
        assessment_id=pk, scope_kind__in=["summary", "roles"] if wanted.roles else ["summary"]
    )
    if wanted.pairs_with is not None:
        asked |= Q(assessment_id=pk, scope_kind=PAIRS_KIND, scope_pk=wanted.pairs_with)
    by_kind: dict[str, list[int]] = {}
    for kind, obj_pk in wanted.scopes:
        by_kind.setdefault(kind, []).append(obj_pk)
    for kind, pks in sorted(by_kind.items()):
        asked |= Q(assessment_id=pk, scope_kind=kind, scope_pk__in=sorted(pks))
    return asked
