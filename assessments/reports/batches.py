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

A person is compared by where they count (team, role) and a digest of what they said
(answers, activities, comments), kept apart so that a person who only moved is told from one
who changed an answer (``Change.shifted``; ``rounds.anonymity.release_gives_away`` says how
they are weighed). A save that changes nothing is no change at all.

Why apart, as a disclosure-control statistician sees it. What a reader can learn from two
releases is the change in each published sum. A person's role decides which sums hold them:
everyone's figures of a group (its team, department, round) hold them whatever their role,
a role's figures only while they have it, and the statements for product people only while
their role is a product role. So someone who only changed role, answers unchanged:

* changed nothing in everyone's figures of any group holding their team: the same answers
  in the same sums. Counting them as a changed person there, as a digest covering their
  role did, is not conservative: it lets their weight stand in for a missing arrival, so
  one role change beside two arrivals let the two arrivals out, worked out exactly by the
  team's figures before and after.
* left one role's figures and joined another's: there they are a change, and their answers
  are what is given away if few others changed there. They are not a new answer (a reader
  of the earlier release saw them in the old role's figures), so they are not granted as
  an earlier answer either, which would grant what is to be protected.
* on the statements for product people: between two product roles, a move like any other;
  from a non-product role to a product role an arrival there, the other way a departure.
  Those figures are checked as their own table (``checks``), over the product roles' cells
  and the groups that show them (``rounds.product_statements.product_groups``). So are the
  statements of every other audience (leadership, say): each is a table of its roles.

A move of team with the same answers is the same: within its department it changes nothing
the department shows, and it changes both teams.

Digests stored before answers were digested apart covered the role too; they cannot say
whether the answers changed, so one is read as "answers unknown": compared conservatively,
as a change of answers, unless the person's digest in that old form is the same now
(``releases.upgraded``), when nothing of theirs changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assessments.rounds import anonymity, product_statements

Cell = tuple[int, str]  # a team, and a role within it


@dataclass(frozen=True)
class Person:
    """What of one respondent a release holds: where they count, and a digest of what they
    said. ``legacy`` is their digest in the old form (role included), for reading releases
    stored before the two were apart; it is never compared."""

    team: int
    role: str
    digest: str
    legacy: str = field(default="", compare=False)


DIGEST_FORM = "2:"  # begins a digest of answers alone; one without it covered the role too


def digest(*parts: object) -> str:
    """A short, stable digest of a person's answers and comments (JSON of plain values)."""
    return DIGEST_FORM + legacy_digest(*parts)


def legacy_digest(*parts: object) -> str:
    """The digest as it was made before answers were digested apart from role."""
    return _digest_of(_json(parts))


def both_digests(role: str, product: bool, *said: object) -> tuple[str, str]:
    """``digest(*said)`` and ``legacy_digest(role, product, *said)``, the answers written as
    JSON once: the legacy text is the same array with role and product first."""
    text = _json(said)
    legacy = f"[{_json(role)},{_json(product)},{text[1:]}" if said else _json((role, product))
    return DIGEST_FORM + _digest_of(text), _digest_of(legacy)


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=repr, separators=(",", ":"))


def _digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def same_answers(old: Person, new: Person) -> bool:
    """Their answers are known to be the same in both: digests of the new form, equal (one
    of the old form covered the role too, so the answers are unknown)."""
    return old.digest == new.digest and new.digest.startswith(DIGEST_FORM)


Shift = anonymity.Shift


@dataclass(frozen=True)
class Change:
    """Two releases' people, cell by cell: those the same in both (kept), those who arrived
    or left (moved), those who edited an answer (edited); per pair of cells, the people who
    moved from one to the other and changed an answer (crossed: counted in both cells, but
    one person); per (from, to) cells, those who moved with the same answers (shifted); and
    each cell's people in the earlier release and the later one."""

    kept: Counter[Cell]
    moved: Counter[Cell]
    edited: Counter[Cell]
    crossed: Counter[frozenset[Cell]] = field(default_factory=Counter)
    shifted: Counter[Shift] = field(default_factory=Counter)
    before: Counter[Cell] = field(default_factory=Counter)
    after: Counter[Cell] = field(default_factory=Counter)
    turned: Counter[Shift] = field(default_factory=Counter)  # moved and changed an answer


def change(before: Mapping[int, Person], after: Mapping[int, Person]) -> Change:
    """Per cell, the people the same in both releases, those who arrived or left (a person
    who moved team or role and changed an answer left one cell and arrived in the other),
    those who edited, and those who only moved."""
    found = Change(Counter(), Counter(), Counter())
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        if old is not None:
            found.before[(old.team, old.role)] += 1
        if new is not None:
            found.after[(new.team, new.role)] += 1
        if old == new and new is not None:
            found.kept[(new.team, new.role)] += 1
        elif old is not None and new is not None and (old.team, old.role) == (new.team, new.role):
            found.edited[(new.team, new.role)] += 1
        elif old is not None and new is not None and same_answers(old, new):
            found.shifted[((old.team, old.role), (new.team, new.role))] += 1
        else:
            cells = [(p.team, p.role) for p in (old, new) if p is not None]
            found.moved.update(cells)
            if len(cells) == 2:
                found.crossed[frozenset(cells)] += 1
                found.turned[(cells[0], cells[1])] += 1
    return found


# Cells changed only by edits, beyond which a release waits rather than try every mix of them.
MOST_EDITED_CELLS = 8


@dataclass(frozen=True)
class View:
    """The change as one statement may see it: per cell its people kept and its people
    changed, the people counted in two changed cells, and those who only moved."""

    kept: Counter[Cell]
    changed: Counter[Cell]
    crossed: Counter[frozenset[Cell]] = field(default_factory=Counter)
    shifted: Counter[Shift] = field(default_factory=Counter)
    stayed: Counter[Cell] = field(default_factory=Counter)  # earlier people, less who moved out


def views(moved: Change) -> list[View]:
    """The change as each statement may see it, for every set of the cells changed only by
    edits, and of the moves of people who also changed an answer, that one statement's
    figures could have changed in.

    Someone who arrived or left changed every statement, so their cell changed on every one,
    weighing them. An editor changed some statements and not others: on a statement they
    left alone they are kept; on one they changed, their cell changed, weighing at least one
    person (their edit). Editors beside arrivals in a cell add no weight: they may have left
    this statement alone. Likewise someone who moved and edited: on a statement they changed
    they left one cell and arrived in the other; on one they left alone they only moved.
    Empty if there are too many of these to try every mix.
    """
    only_edited = sorted(set(moved.edited) - set(moved.moved))
    turns = sorted(moved.turned)
    if len(only_edited) + len(turns) > MOST_EDITED_CELLS:
        return []
    stayed = Counter(moved.before)
    for (old, _), n in moved.shifted.items():
        stayed[old] -= n
    found = []
    for mask in range(1 << (len(only_edited) + len(turns))):
        touched = {c for i, c in enumerate(only_edited) if mask >> i & 1}
        kept = moved.kept + Counter({c: moved.edited[c] for c in only_edited if c not in touched})
        changed = moved.moved + Counter(dict.fromkeys(touched, 1))
        crossed, shifted, left = Counter(moved.crossed), Counter(moved.shifted), Counter(stayed)
        for i, (old, new) in enumerate(turns, start=len(only_edited)):
            if mask >> i & 1:
                continue  # they changed this statement: left one cell, arrived in the other
            n = moved.turned[(old, new)]
            changed.subtract({old: n, new: n})
            crossed[frozenset({old, new})] -= n
            shifted[(old, new)] += n
            left[old] -= n
        found.append(View(kept, +changed, +crossed, +shifted, +left))
    return found


def for_product_statements(moved: Change, product_roles: frozenset[str]) -> Change:
    """The change as the statements for product people see it: only the product roles'
    cells count, so a move into a product role is an arrival, and one out of it a departure.
    Any audience's statements see it so, with its roles as ``product_roles``."""

    def product(counter: Counter[Cell]) -> Counter[Cell]:
        return Counter({c: n for c, n in counter.items() if c[1] in product_roles})

    arrived: Counter[Cell] = product(moved.moved)
    shifted: Counter[Shift] = Counter()
    for (old, new), n in moved.shifted.items():
        inside = (old[1] in product_roles, new[1] in product_roles)
        if all(inside):
            shifted[(old, new)] += n
        elif any(inside):
            arrived[old if inside[0] else new] += n
    crossed = Counter(
        {pair: n for pair, n in moved.crossed.items() if all(c[1] in product_roles for c in pair)}
    )
    turned = Counter(
        {pair: n for pair, n in moved.turned.items() if all(c[1] in product_roles for c in pair)}
    )
    return Change(
        product(moved.kept),
        arrived,
        product(moved.edited),
        crossed,
        shifted,
        product(moved.before),
        product(moved.after),
        turned,
    )


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


def product_shown(
    team_departments: Mapping[int, int | None],
    cells: Mapping[Cell, int],
    shown_groups: anonymity.Shown,
    threshold: int,
    product_roles: frozenset[str],
) -> anonymity.Shown:
    """What a release shows of the statements for product people: the groups that show them
    (``product_statements.product_groups``), and the product roles shown within groups.
    Any audience's statements, with its roles as ``product_roles``."""
    return (
        product_statements.product_groups(
            team_departments, cells, shown_groups, threshold, product_roles
        ),
        frozenset((g, r) for g, r in shown_groups[1] if r in product_roles),
    )


Check = tuple[View, anonymity.Shown, anonymity.Shown]


def checks(
    team_departments: Mapping[int, int | None],
    moved: Change,
    shown_before: anonymity.Shown,
    shown_after: anonymity.Shown,
    threshold: int,
    audiences: Sequence[frozenset[str]] = (),
) -> list[Check] | None:
    """Every table a change between two releases must pass: each statement's view of it,
    over everyone's figures, and over the figures of the statements of each audience
    (``audiences``: the roles of each, product people's, leadership's...). None when there
    are too many mixes of edits to try (the release waits)."""
    found: list[Check] = []
    tables = [(moved, shown_before, shown_after)]
    for roles in audiences:
        tables.append(
            (
                for_product_statements(moved, roles),
                product_shown(team_departments, moved.before, shown_before, threshold, roles),
                product_shown(team_departments, moved.after, shown_after, threshold, roles),
            )
        )
    for table, before, after in tables:
        seen = views(table)
        if not seen:
            return None
        found += [(view, before, after) for view in seen]
    return found


def gives_away(team_departments: Mapping[int, int | None], check: Check, threshold: int) -> bool:
    """This view of the change, read through both releases' figures, gives someone away."""
    view, before, after = check
    return (
        anonymity.release_gives_away(
            team_departments,
            view.stayed,
            view.changed,
            before,
            after,
            threshold,
            view.crossed,
            view.shifted,
        )
        is not None
    )


def may_release(
    team_departments: Mapping[int, int | None],
    before: Mapping[int, Person],
    after: Mapping[int, Person],
    shown_before: anonymity.Shown,
    shown_after: anonymity.Shown,
    threshold: int,
    audiences: Sequence[frozenset[str]] = (),
) -> bool:
    """The release ``after`` may replace ``before``: read together they give no small group
    of changed people away (``audiences``: as ``checks``). Nothing changed is nothing to
    release."""
    if before == after:
        return False
    found = checks(
        team_departments,
        change(before, after),
        shown_before,
        shown_after,
        threshold,
        audiences,
    )
    return found is not None and not any(
        gives_away(team_departments, check, threshold) for check in found
    )
