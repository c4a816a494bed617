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

Figures are per statement, so what counts is who changed on each statement. Someone who
arrives or leaves changes every statement; someone who edits one answer changes only that
one, and on every other statement their cell's change is the others' alone. The release
does not know which statements an edit touched, so it is checked as every statement may
see it (``views``): each mix of the cells changed only by edits, changed or kept.

Closing the round is a release like any other, under the same rule: releasing the
stragglers' answers would give them away as surely as while the round is open, so when too
few arrived after the last release they stay out of the final results, and the report says
so. The round's figures never differ from an earlier release by fewer people than the
threshold, whenever they were read.

A person is compared by a digest of everything of theirs that counts (team, role, answers,
comments), so any edit is seen, and a save that changes nothing is no change at all.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
    """Two releases' people, cell by cell: those the same in both (kept), those who arrived
    or left (moved), and those who edited an answer (edited); and, per pair of cells, the
    people who moved from one to the other (counted in both, but one person)."""

    kept: Counter[Cell]
    moved: Counter[Cell]
    edited: Counter[Cell]
    crossed: Counter[frozenset[Cell]] = field(default_factory=Counter)


def change(before: Mapping[int, Person], after: Mapping[int, Person]) -> Change:
    """Per cell, the people the same in both releases, those who arrived or left (a person
    who moved team or role left one cell and arrived in the other), and those who edited."""
    kept: Counter[Cell] = Counter()
    moved: Counter[Cell] = Counter()
    edited: Counter[Cell] = Counter()
    crossed: Counter[frozenset[Cell]] = Counter()
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        if old == new and new is not None:
            kept[(new.team, new.role)] += 1
        elif old is not None and new is not None and (old.team, old.role) == (new.team, new.role):
            edited[(new.team, new.role)] += 1
        else:
            cells = {(p.team, p.role) for p in (old, new) if p is not None}
            moved.update(cells)
            if len(cells) == 2:
                crossed[frozenset(cells)] += 1
    return Change(kept, moved, edited, crossed)


# Cells changed only by edits, beyond which a release waits rather than try every mix of them.
MOST_EDITED_CELLS = 8


def views(moved: Change) -> list[tuple[Counter[Cell], Counter[Cell]]]:
    """The change as each statement may see it: (kept, changed) per cell, for every set of the
    cells changed only by edits that one statement's figures could have changed in.

    Someone who arrived or left changed every statement, so their cell changed on every one,
    weighing them. An editor changed some statements and not others: on a statement they
    left alone they are kept; on one they changed, their cell changed, weighing at least one
    person (their edit). Editors beside arrivals in a cell add no weight: they may have left
    this statement alone. None if too many cells changed only by edits to try every mix.
    """
    only_edited = sorted(set(moved.edited) - set(moved.moved))
    if len(only_edited) > MOST_EDITED_CELLS:
        return []
    found = []
    for mask in range(1 << len(only_edited)):
        touched = {c for i, c in enumerate(only_edited) if mask >> i & 1}
        kept = moved.kept + Counter({c: moved.edited[c] for c in only_edited if c not in touched})
        changed = moved.moved + Counter(dict.fromkeys(touched, 1))
        found.append((kept, changed))
    return found


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
    seen = views(moved)
    return bool(seen) and all(
        anonymity.release_gives_away(
            team_departments, kept, changed, shown_before, shown_after, threshold, moved.crossed
        )
        is None
        for kept, changed in seen
    )
