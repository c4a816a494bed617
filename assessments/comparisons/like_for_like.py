"""When an earlier round may be read as a change: like for like. Pure code, the rule written once.

A change since an earlier round is shown for a scope (the whole round, or one department)
only when both of these hold (``verdict``):

1. **Everyone compared was there then.** Every team this round covers in the scope took part
   in the earlier round. A pilot that covered one department can show change for that
   department, never for the whole organisation: otherwise a move may be nothing but who
   was asked.
2. **Something asked in both.** The same questionnaire (same framework version, neither a
   re-check of a few statements), or another version that shares at least one statement by
   its stable key; then only the shared statements are compared (``scoring.shared_score``).

Within a scope that passes, each group (a row: the scope itself, a department, a team) is a
change only when both rounds covered exactly the same teams in it (``same_teams``): a
re-check of one team shows that team's change, not its department's. The page offers only
rounds that pass to compare with; when a chosen one fails, no change is shown for the scope
and the page says why in words (``refusal``), never "beyond noise".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TEAMS = "teams"  # the rounds covered different teams in the scope
STATEMENTS = "statements"  # other versions of the questionnaire, with no statement in common


def same_teams(before: Iterable[int], after: Iterable[int]) -> bool:
    """Both rounds covered the same teams in a group (and it has some now)."""
    then, now = frozenset(before), frozenset(after)
    return bool(now) and then == now


def covers(before: Iterable[int], after: Iterable[int]) -> bool:
    """The earlier round covered every team this one covers in a scope (and it has some)."""
    then, now = frozenset(before), frozenset(after)
    return bool(now) and now <= then


@dataclass(frozen=True)
class Verdict:
    """Whether two rounds are like for like in one scope, and if not, why."""

    why: str = ""  # "", TEAMS or STATEMENTS
    only_now: int = 0  # teams this round covers here that the earlier one did not

    @property
    def alike(self) -> bool:
        return not self.why


def verdict(
    teams_then: Iterable[int], teams_now: Iterable[int], *, same_version: bool, shared: int
) -> Verdict:
    """The rule, for one scope: the teams each round covered in it, whether they asked the
    same statements, and how many statements they share by key."""
    then, now = frozenset(teams_then), frozenset(teams_now)
    if not covers(then, now):
        return Verdict(TEAMS, len(now - then))
    if not same_version and shared <= 0:
        return Verdict(STATEMENTS)
    return Verdict()


@dataclass(frozen=True)
class Group:
    """What a round covered in a scope, in words: how many teams, in which departments."""

    teams: int
    departments: tuple[str, ...]  # names, in order
    loose: int = 0  # teams in no department

    @property
    def words(self) -> str:
        text = f"{self.teams} team{'' if self.teams == 1 else 's'}"
        if not self.teams:
            return "no teams"
        places = list(self.departments)
        if self.loose and places:
            places.append("no department")
        return f"{text} in {_listed(places)}" if places else text


def _listed(names: Sequence[str], last: str = "and") -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


@dataclass(frozen=True)
class Refusal:
    """Why no change is shown for a scope, and what to pick instead, in plain words."""

    why: str  # TEAMS or STATEMENTS
    text: str
    instead: str  # what would show change, or that nothing would


def refusal(
    found: Verdict,
    *,
    since: str,
    now: str,
    scope: str,
    then_group: Group,
    now_group: Group,
    departments: Sequence[str] = (),
    rounds: Sequence[str] = (),
) -> Refusal:
    """The words for a pair that is not like for like. ``scope`` is "the whole organisation"
    or a department's name; ``departments`` are those where ``since`` would show change, and
    ``rounds`` the earlier rounds that would show change for this scope."""
    assert not found.alike
    if found.why == STATEMENTS:
        text = (
            f"{since} used another version of the questionnaire and asked none of the "
            f"statements {now} asked, so it can't show change for {scope}."
        )
    elif not then_group.teams:
        text = f"{since} did not cover {scope}, so it can't show change for it."
    elif then_group.teams + found.only_now == now_group.teams:  # it covered part of them
        text = (
            f"{since} covered only {then_group.words}, so it can't show change for {scope} "
            f"({now_group.words} in {now}). A different group is not a change."
        )
    else:
        text = (
            f"{since} covered {then_group.words} and {now} covers {now_group.words}, "
            f"{found.only_now} of them not in {since}, so it can't show change for {scope}. "
            "A different group is not a change."
        )
    picks = []
    if departments:
        picks.append(f"pick {_listed(departments, 'or')} under Department")
    if rounds:
        picks.append(f"compare with {_listed(rounds, 'or')}")
    instead = (
        f"To see change, {', or '.join(picks)}."
        if picks
        else f"No earlier round can show change for {scope}."
    )
    return Refusal(found.why, text, instead)
