"""What an import would do, line by line: pure code shared by every kind of import.

A plan is made from the file's lines and what the database holds now, for the preview and
again at the confirm (something may have changed in between): the same lines give the same
plan, so what the preview promised is what the confirm writes, or it says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from assessments.imports.parsing import is_formula

NAME_LIMIT = 120  # as the name columns of departments, teams and invitations


class Outcome(StrEnum):
    NEW = "new"  # the line adds something
    UNCHANGED = "unchanged"  # already there (or listed on an earlier line): nothing to do
    PROBLEM = "problem"  # the line can't be imported as it is


@dataclass(frozen=True)
class LinePlan:
    number: int  # the row number a spreadsheet shows
    cells: tuple[str, ...]  # the line's values the preview shows, in its columns' order
    outcome: Outcome
    text: str  # what happens, or what is wrong, in plain words

    @property
    def is_problem(self) -> bool:
        return self.outcome == Outcome.PROBLEM

    @property
    def adds(self) -> bool:
        return self.outcome == Outcome.NEW


Write = TypeVar("Write")


@dataclass(frozen=True)
class Plan(Generic[Write]):
    lines: tuple[LinePlan, ...]
    writes: tuple[Write, ...]  # what a confirm adds, in the file's order

    @property
    def problems(self) -> int:
        return sum(line.is_problem for line in self.lines)

    @property
    def unchanged(self) -> int:
        return sum(line.outcome == Outcome.UNCHANGED for line in self.lines)

    @property
    def first_problem(self) -> LinePlan | None:
        return next((line for line in self.lines if line.is_problem), None)

    @property
    def can_confirm(self) -> bool:
        """Only a file without problems is imported, and only if it adds something: half a
        file written leaves people unsure what went in (and for invitations, who was emailed);
        the file, put right, is simply uploaded again."""
        return not self.problems and bool(self.writes)


def key(name: str) -> str:
    """Names are matched whatever their case and surrounding spaces."""
    return " ".join(name.split()).casefold()


def name_problem(what: str, value: str, *, required: bool = True) -> str | None:
    """What is wrong with a name from the file (too long, a formula, missing), or None."""
    if not value:
        return f"No {what}: every line needs one." if required else None
    if is_formula(value):
        return (
            f"The {what} starts with \u201c=\u201d, so it is a spreadsheet formula, not a "
            "name: type the name itself."
        )
    if len(value) > NAME_LIMIT:
        return (
            f"{what.capitalize()} too long: at most {NAME_LIMIT} characters "
            f"(this one has {len(value)})."
        )
    return None


def listing(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def common_summary(plan: Plan[Write]) -> list[str]:
    """The counts every import's preview ends with: lines with nothing to do, and problems."""
    return [
        plural(plan.unchanged, "line with nothing to add", "lines with nothing to add"),
        plural(plan.problems, "line with a problem", "lines with a problem"),
    ]
