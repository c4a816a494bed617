"""A team's mix of personas today against what its roles need. Pure code, no ORM.

Each person picks up to ``PICKS`` personas for how they spent most of last month, and up to
``PICKS`` their role most needs. A persona's share is the share of people who picked it; the
gap is the share who say it is needed minus the share who live it now. Roles are shown on
their own only when at least the round's anonymity threshold of people answered. A
conversation starter about a team, never a score of a person.

Mixes count the people who picked personas, not everyone who answered the round, so which mixes
may be shown is worked out afresh on those counts (``shown_mixes``), with the round's own
rules: a group's mix beside its parent's and siblings', and a role's beside the group's and
the same role's in other groups, never leaves a small group to be found by subtraction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessments.rounds.anonymity import ROUND, Group, role_groups, round_groups, shown_children

PICKS = 3


@dataclass(frozen=True)
class Picks:
    role: str
    now: frozenset[str]
    needed: frozenset[str]


@dataclass(frozen=True)
class Share:
    key: str
    now: float  # share of people who live it now, 0–1
    needed: float  # share who say their role needs it

    @property
    def gap(self) -> float:
        return self.needed - self.now


@dataclass(frozen=True)
class Mix:
    people: int
    shares: tuple[Share, ...]  # in the order of the keys given
    leadership_now: float  # share of today's picks that are leadership personas
    leadership_needed: float

    @property
    def widest_gaps(self) -> tuple[Share, ...]:
        """Personas most needed beyond how people work today, largest gap first."""
        return tuple(sorted((s for s in self.shares if s.gap > 0), key=lambda s: (-s.gap, s.key)))


def _share(picked: Iterable[frozenset[str]], key: str, people: int) -> float:
    return sum(key in p for p in picked) / people if people else 0.0


def _leaning(picked: Sequence[frozenset[str]], leaders: frozenset[str]) -> float:
    total = sum(len(p) for p in picked)
    return sum(len(p & leaders) for p in picked) / total if total else 0.0


def mix(picks: Sequence[Picks], keys: Sequence[str], leaders: frozenset[str]) -> Mix:
    """The mix of a group: only people who picked at least one persona count."""
    answered = [p for p in picks if p.now or p.needed]
    now = [p.now for p in answered]
    needed = [p.needed for p in answered]
    n = len(answered)
    return Mix(
        people=n,
        shares=tuple(Share(k, _share(now, k, n), _share(needed, k, n)) for k in keys),
        leadership_now=_leaning(now, leaders),
        leadership_needed=_leaning(needed, leaders),
    )


def by_role(
    picks: Sequence[Picks], keys: Sequence[str], leaders: frozenset[str], threshold: int
) -> dict[str, Mix]:
    """Each role's mix, for roles with at least ``threshold`` people who answered, and with
    the roles left out nobody or at least ``threshold`` people too (else the scope's mix minus
    the roles shown would be a small group's)."""
    groups: dict[str, list[Picks]] = defaultdict(list)
    for p in picks:
        if p.now or p.needed:
            groups[p.role or "other"].append(p)
    shown = shown_children({role: len(members) for role, members in groups.items()}, threshold)
    return {
        role: mix(members, keys, leaders)
        for role, members in sorted(groups.items())
        if role in shown
    }


def _role(p: Picks) -> str:
    return p.role or "other"


@dataclass(frozen=True)
class Shown:
    """The mixes of a round that may be shown: groups of its tree, and roles within them."""

    groups: frozenset[Group]
    roles: frozenset[tuple[Group, str]]


def shown_mixes(
    picks_by_team: Mapping[int, Sequence[Picks]],
    team_departments: Mapping[int, int | None],
    threshold: int,
) -> Shown:
    """Which mixes of a round may be shown, counting only people who picked personas: the
    round's groups (``round_groups``) and the roles within them (``role_groups``), so the
    department's product managers minus a shown team's is never one product manager."""
    role_sizes: dict[Group, Counter[str]] = {ROUND: Counter()}
    team_sizes: dict[int, int] = {}
    for team, department in team_departments.items():
        answered = [p for p in picks_by_team.get(team, ()) if p.now or p.needed]
        team_sizes[team] = len(answered)
        in_team = Counter(_role(p) for p in answered)
        role_sizes[("team", team)] = in_team
        role_sizes[ROUND] += in_team
        if department is not None:
            role_sizes.setdefault(("department", department), Counter())
            role_sizes[("department", department)] += in_team
    groups = round_groups(team_departments, team_sizes, threshold)
    sizes = {group: dict(by_role) for group, by_role in role_sizes.items()}
    return Shown(groups, role_groups(team_departments, sizes, groups, threshold))


def group_mixes(
    picks: Sequence[Picks],
    keys: Sequence[str],
    leaders: frozenset[str],
    group: Group,
    shown: Shown,
) -> tuple[Mix | None, dict[str, Mix]]:
    """One group's mix and its roles' mixes, as far as ``shown`` allows."""
    whole = mix(picks, keys, leaders) if group in shown.groups else None
    groups: dict[str, list[Picks]] = defaultdict(list)
    for p in picks:
        if p.now or p.needed:
            groups[_role(p)].append(p)
    return whole, {
        role: mix(members, keys, leaders)
        for role, members in sorted(groups.items())
        if (group, role) in shown.roles
    }
