"""Which groups of a round may be shown: the round's sizes, read from its stored results.

The rule is ``rounds.anonymity``'s (a group under the threshold is hidden, and so is any group
beside it that would let the hidden one be worked out by subtraction); this module reads the
sizes the rule needs, as the results the pages show were stored, so a page never hides by one
count and shows by another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from assessments.reports import store
from assessments.reports.stored import Key, ScopeSummary
from assessments.rounds import anonymity
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import round_team_departments

ROUND_KINDS = frozenset({"round", "department", "team"})  # the scopes of the round's own tree


@dataclass(frozen=True)
class Disclosure:
    """The groups of one round that may be shown, and the roles within them."""

    threshold: int
    groups: frozenset[Key]
    roles: frozenset[tuple[Key, str]]
    team_departments: Mapping[int, int | None] = field(default_factory=dict)
    cells: Mapping[tuple[int, str], int] = field(default_factory=dict)  # a team's people in a role

    def shows(self, key: Key) -> bool:
        return key in self.groups

    def shows_chosen(self, team_ids: Iterable[int]) -> bool:
        """A scope of chosen teams (a review's) may be shown: big enough, and read beside
        every group and role the round shows, it gives no smaller group away."""
        chosen = frozenset(team_ids)
        people = sum(n for (team, _), n in self.cells.items() if team in chosen)
        return anonymity.shows_group(people, self.threshold) and not (
            anonymity.chosen_teams_give_away(
                self.team_departments, self.cells, self.groups, self.roles, chosen, self.threshold
            )
        )

    def shows_role(self, key: Key, role: str) -> bool:
        return (key, role) in self.roles


# Disclosures made, by round, when its results were stored, and its teams: the linked-tables
# check costs a fraction of a second in a round of a hundred teams, so it is made once per
# refresh of the round's results, not once per page.
_MADE: dict[tuple[int, datetime | None, int, tuple[tuple[int, int | None], ...]], Disclosure] = {}
KEPT = 64


def disclosure_of(
    assessment: Assessment,
    summaries: Mapping[Key, ScopeSummary],
    computed_at: datetime | None = None,
) -> Disclosure:
    """The round's disclosure from its stored summaries (every scope's people and roles),
    its teams grouped as the round groups them (``round_team_departments``)."""
    team_departments = round_team_departments(assessment)
    key = (
        assessment.pk,
        computed_at,
        assessment.group_threshold,
        tuple(sorted(team_departments.items())),
    )
    if computed_at is not None and key in _MADE:
        return _MADE[key]
    made = _disclose(assessment, team_departments, summaries)
    if computed_at is not None:
        if len(_MADE) >= KEPT:
            _MADE.pop(next(iter(_MADE)))
        _MADE[key] = made
    return made


def _disclose(
    assessment: Assessment,
    team_departments: Mapping[int, int | None],
    summaries: Mapping[Key, ScopeSummary],
) -> Disclosure:
    team_sizes = {pk: s.respondents for (kind, pk), s in summaries.items() if kind == "team"}
    threshold = assessment.group_threshold
    groups = anonymity.round_groups(team_departments, team_sizes, threshold)
    role_sizes = {key: s.role_sizes for key, s in summaries.items() if key[0] in ROUND_KINDS}
    roles = anonymity.role_groups(team_departments, role_sizes, groups, threshold)
    cells = {
        (pk, role): n
        for (kind, pk), s in summaries.items()
        if kind == "team"
        for role, n in s.role_sizes.items()
    }
    return Disclosure(threshold, groups, roles, dict(team_departments), cells)


def disclosure_for(assessment: Assessment) -> Disclosure:
    """One query: the round's summary row (stored first if it never was)."""
    found = store.rounds_results({assessment: store.Wanted()})[assessment.pk]
    return disclosure_of(assessment, found.summaries, found.computed_at)
