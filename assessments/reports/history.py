"""Every release of an anonymous round, kept so a new one is checked against all of them.
Pure code, no ORM.

``batches`` checks the next release against the last one. A reader who saved every release
can subtract any two: someone who changes role and back, editing an answer on the way, passes
each step and still shows up in release three minus release one. So a round keeps its
releases, and the next goes out only if it passes the same check beside each of them
(``may_release_beside``).

Kept compactly: each state a person was released in (team, role, digest of their answers)
once, with the first and last release that held it, so a release costs a row only for those
who changed in it; and each distinct set of groups shown, with the release that showed it.
From that the change since every earlier release, cell by cell, is worked out in one pass
over the states plus one over (cells × releases), never person by person for each release.

Stored as JSON in ``ReleaseHistory`` (``reports.models``), apart from the scored results,
so a new scoring method (which stores every scope afresh) does not forget what readers saw.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assessments.reports import batches
from assessments.rounds import anonymity

SCHEMA = 1  # the shape of History as stored: raise it when a field changes

# The releases a round keeps. Each release needs a group's worth of people changed, so a round
# of 2,000 people arriving a threshold (3) at a time makes under 700; the check costs about a
# millisecond per hundred releases beside the rest of a refresh. A round that reaches it
# releases no more while open (its last release stays): safety before freshness.
MOST_RELEASES = 1000


@dataclass(frozen=True)
class History:
    """A round's releases: its people's released states, and the groups each release showed."""

    respondents: tuple[int, ...]  # per state: whose
    teams: tuple[int, ...]
    roles: tuple[str, ...]
    digests: tuple[str, ...]
    first: tuple[int, ...]  # the first release holding it
    last: tuple[int, ...]  # and the last
    shown_sets: tuple[tuple[str, ...], ...]  # each distinct set of groups shown, as text
    shown_by: tuple[int, ...]  # per release: which of them it showed

    @property
    def releases(self) -> int:
        return len(self.shown_by)

    def people(self, release: int) -> dict[int, batches.Person]:
        """The people of one release."""
        return {
            pk: batches.Person(team, role, digest)
            for pk, team, role, digest, first, last in self._states()
            if first <= release <= last
        }

    def shown(self, release: int) -> anonymity.Shown:
        """The groups, and roles within groups, one release showed."""
        groups: set[anonymity.Group] = set()
        roles: set[tuple[anonymity.Group, str]] = set()
        for text in self.shown_sets[self.shown_by[release]]:
            kind, pk, *role = text.split(":", 2)
            group = (kind, int(pk))
            if role:
                roles.add((group, role[0]))
            else:
                groups.add(group)
        return frozenset(groups), frozenset(roles)

    def _states(self) -> zip[tuple[int, int, str, str, int, int]]:
        return zip(
            self.respondents,
            self.teams,
            self.roles,
            self.digests,
            self.first,
            self.last,
            strict=True,
        )


EMPTY = History((), (), (), (), (), (), (), ())


def _shown_text(shown: anonymity.Shown) -> tuple[str, ...]:
    groups, roles = shown
    return tuple(
        sorted(
            [f"{kind}:{pk}" for kind, pk in groups]
            + [f"{kind}:{pk}:{role}" for (kind, pk), role in roles]
        )
    )


def appended(
    history: History, people: Mapping[int, batches.Person], shown: anonymity.Shown
) -> History:
    """The history with one more release: these people, showing these groups."""
    new = history.releases
    states = list(history._states())
    carried = {
        (pk, team, role, digest): i
        for i, (pk, team, role, digest, _, last) in enumerate(states)
        if last == new - 1
    }
    rows: list[list[Any]] = [list(state) for state in states]
    for pk, person in sorted(people.items()):
        i = carried.get((pk, person.team, person.role, person.digest))
        if i is not None:
            rows[i][5] = new  # the same state, held one release longer
        else:
            rows.append([pk, person.team, person.role, person.digest, new, new])
    text = _shown_text(shown)
    sets = list(history.shown_sets)
    if text not in sets:
        sets.append(text)
    return History(
        respondents=tuple(r[0] for r in rows),
        teams=tuple(r[1] for r in rows),
        roles=tuple(r[2] for r in rows),
        digests=tuple(r[3] for r in rows),
        first=tuple(r[4] for r in rows),
        last=tuple(r[5] for r in rows),
        shown_sets=tuple(sets),
        shown_by=(*history.shown_by, sets.index(text)),
    )


def changes_since(history: History, now: Mapping[int, batches.Person]) -> list[batches.Change]:
    """For each release, what changed between it and ``now``, cell by cell (as
    ``batches.change`` says, person by person): in one pass over the states, and sums over
    the releases for each cell, so the cost does not grow with people × releases."""
    count = history.releases
    # Per cell and part, a difference array over the releases: +n from a release, -n after one.
    steps: dict[tuple[str, Hashable], list[int]] = {}

    def add(part: str, cell: Hashable, first: int, last: int, n: int = 1) -> None:
        row = steps.setdefault((part, cell), [0] * (count + 1))
        row[first] += n
        row[last + 1] -= n

    for pk, team, role, digest, first, last in history._states():
        cell = (team, role)
        add("before", cell, first, last)
        person = now.get(pk)
        if person is None:
            add("moved", cell, first, last)  # left since
            continue
        here = (person.team, person.role)
        add("moved", here, first, last, -1)  # not absent then (absence is counted below)
        if (team, role, digest) == (person.team, person.role, person.digest):
            add("kept", cell, first, last)
        elif cell == here:
            add("edited", cell, first, last)
        elif batches.same_answers(batches.Person(team, role, digest), person):
            add("shifted", (cell, here), first, last)
        else:
            add("moved", cell, first, last)
            add("moved", here, first, last)
            add("crossed", frozenset({cell, here}), first, last)
            add("turned", (cell, here), first, last)
    after: Counter[batches.Cell] = Counter()
    for person in now.values():  # absent from a release: arrived since
        add("moved", (person.team, person.role), 0, count - 1)
        after[(person.team, person.role)] += 1
    changes = [
        batches.Change(Counter(), Counter(), Counter(), after=Counter(after)) for _ in range(count)
    ]
    for (part, key), row in steps.items():
        running = 0
        for release in range(count):
            running += row[release]
            if running:
                getattr(changes[release], part)[key] = running
    return changes


def upgraded(history: History, read: Callable[[int, batches.Person], batches.Person]) -> History:
    """The history with each state's digest read anew (``releases.upgraded``: a digest
    stored in an older form)."""
    digests = tuple(
        read(pk, batches.Person(team, role, digest)).digest
        for pk, team, role, digest, _, _ in history._states()
    )
    return replace(history, digests=digests)


_HISTORY = TypeAdapter(History)


class UnreadableHistory(ValueError):
    """A stored history that does not fit its shape."""


def encode(history: History) -> str:
    return _HISTORY.dump_json(history).decode()


def decode(text: str) -> History:
    try:
        found: History = _HISTORY.validate_json(text, strict=True)
    except ValidationError as error:
        raise UnreadableHistory(str(error)) from error
    columns = (found.teams, found.roles, found.digests, found.first, found.last)
    if any(len(c) != len(found.respondents) for c in columns) or any(
        not 0 <= i < len(found.shown_sets) for i in found.shown_by
    ):
        raise UnreadableHistory("history columns do not line up")
    if any(not 0 <= a <= b < found.releases for a, b in zip(found.first, found.last, strict=True)):
        raise UnreadableHistory("a state outside the releases")
    return found


# Checks past the cheap one (no cell changed by fewer than the threshold) that one refresh makes
# beside earlier releases; beyond it the release waits, as when a check fails. One costs up to
# about 25 ms in a round of a hundred teams, so a refresh spends at most about half a second on
# them. Releases are tried newest first: the nearest differ by fewest people.
MOST_CHECKS = 24


def may_release_beside(
    history: History,
    team_departments: Mapping[int, int | None],
    after: Mapping[int, batches.Person],
    shown_after: anonymity.Shown,
    threshold: int,
    audiences: Sequence[frozenset[str]] = (),
) -> bool:
    """``after`` may go out beside every release of the history: read together with any of
    them (one it equals changes nothing), it gives no small group of changed people away
    (``audiences``: the roles of each audience's statements, as ``batches.checks``)."""
    if history.releases >= MOST_RELEASES:
        return False
    budget = MOST_CHECKS
    shown: dict[int, anonymity.Shown] = {}
    for release, moved in reversed(list(enumerate(changes_since(history, after)))):
        if not moved.moved and not moved.edited and not moved.shifted:
            continue
        index = history.shown_by[release]
        if index not in shown:
            shown[index] = history.shown(release)
        found = batches.checks(
            team_departments, moved, shown[index], shown_after, threshold, audiences
        )
        if found is None:
            return False
        for check in found:
            view = check[0]
            if not any(0 < n < threshold for n in (*view.changed.values(), *view.shifted.values())):
                continue
            budget -= 1
            if budget < 0 or batches.gives_away(team_departments, check, threshold):
                return False
    return True
