"""Releasing an anonymous round's results in batches. Pure code, no ORM.

A report that refreshes with every answer gives the newcomer away: the figures after one
more submission minus the figures before are that person's answers. Statistical offices
answer by releasing in batches, and so do we: the change between the last release and the
next is itself a table of people (per team and role: who arrived, left or changed an
answer), and the next release goes out only if that table passes the round's disclosure
check when read through every group either release shows
(``rounds.anonymity.release_gives_away``). Otherwise the last release stays, and the new
answers wait for others. In practice: a group shown in both releases changes by nobody or
by at least the threshold, and so does every group hidden beside it.

Closing the round is a release like any other, under the same rule: releasing the
stragglers' answers would give them away as surely as while the round is open, so when too
few arrived after the last release they stay out of the final results, and the report says
so. The round's figures never differ from an earlier release by fewer people than the
threshold, whenever they were read.

A person is compared by a digest of everything of theirs that counts (team, role, answers,
comments), so an edit is a change of one person, like an arrival, and a save that changes
nothing is no change at all.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessments.rounds import anonymity

Cell = tuple[int, str]  # a team, and a role within it


@dataclass(frozen=True)
class Person:
    """What of one respondent a release holds: where they count, and a digest of the rest."""

    team: int
    role: str
    digest: str


def digest(*parts: object) -> str:
    """A short, stable digest of a person's counted answers (JSON of plain values)."""
    text = json.dumps(parts, sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Change:
    """Two releases' people, cell by cell: those the same in both, and those who differ."""

    kept: Counter[Cell]
    changed: Counter[Cell]


def change(before: Mapping[int, Person], after: Mapping[int, Person]) -> Change:
    """Per cell, the people whose counted answers are the same in both releases (kept), and
    those who arrived, left or changed anything that counts (changed).

    A person who moved team or role is a change in both cells: their old figures leave one,
    their new join the other.
    """
    kept: Counter[Cell] = Counter()
    changed: Counter[Cell] = Counter()
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        if old == new and new is not None:
            kept[(new.team, new.role)] += 1
            continue
        changed.update({(p.team, p.role) for p in (old, new) if p is not None})
    return Change(kept, changed)


def people_of(rows: Iterable[tuple[int, int, str, str]]) -> dict[int, Person]:
    """(respondent, team, role, digest) rows as the people of a release."""
    return {pk: Person(team, role, d) for pk, team, role, d in rows}


def shown(
    team_departments: Mapping[int, int | None],
    team_sizes: Mapping[int, int],
    role_sizes: Mapping[anonymity.Group, Mapping[str, int]],
    threshold: int,
) -> anonymity.Shown:
    """The groups a release shows, and the roles within them (the disclosure rule's)."""
    groups = anonymity.round_groups(team_departments, team_sizes, threshold)
    return groups, anonymity.role_groups(team_departments, role_sizes, groups, threshold)


def may_release(
    team_departments: Mapping[int, int | None],
    before: Mapping[int, Person],
    after: Mapping[int, Person],
    shown_before: anonymity.Shown,
    shown_after: anonymity.Shown,
    threshold: int,
) -> bool:
    """The release ``after`` may replace ``before``: read together they give no small group
    of changed people away. Nothing changed is nothing to release."""
    if before == after:
        return False
    moved = change(before, after)
    return (
        anonymity.release_gives_away(
            team_departments, moved.kept, moved.changed, shown_before, shown_after, threshold
        )
        is None
    )
