"""Where a team's answers go against its charter: pure code, plain data in, plain data out.

A principle from our template names the statements that would contradict it when they are
not met: a practice that should be in place, or a warning sign that should not show. A
statement rated by enough people and not met is a finding, said in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MET = "met"  # a practice the principle expects in place
ABSENT = "absent"  # a warning sign the principle expects not to show
EXPECTATIONS = (MET, ABSENT)


@dataclass(frozen=True)
class Link:
    statement: str  # statement key in the framework content
    expect: str  # MET or ABSENT


@dataclass(frozen=True)
class Principle:
    key: str  # the template key it came from; empty for one the organisation wrote
    title: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Observed:
    """What the answers say about one statement (from the report's statement results)."""

    text: str
    warning: bool  # a warning sign (reverse-scored statement)
    rated: bool  # enough people rated it to count
    met: bool  # in place (for a warning sign: absent)
    support: float  # share of raters whose answer supports the practice
    oppose: float  # share whose answer goes against it
    raters: int


@dataclass(frozen=True)
class Finding:
    principle: str  # the principle's title
    statement: str  # the statement's text
    warning: bool
    share: int  # whole percent of raters who say what goes against the principle
    raters: int

    @property
    def sentence(self) -> str:
        if self.warning:
            said = f"{self.share}% of the {self.raters} people who rated it say"
        else:
            said = f"only {self.share}% of the {self.raters} people who rated it say"
        return f"Your charter says: {self.principle}. Yet {said}: “{self.statement}”"


def contradictions(
    principles: Iterable[Principle], observed: Mapping[str, Observed]
) -> tuple[Finding, ...]:
    """Each statement a principle links to that enough people rated and that is not met.

    A link whose direction no longer matches the content (a practice linked as a warning
    sign, or the other way round) is skipped rather than read backwards.
    """
    found = []
    for principle in principles:
        for link in principle.links:
            seen = observed.get(link.statement)
            if seen is None or not seen.rated or seen.met:
                continue
            if (link.expect == ABSENT) != seen.warning:
                continue
            # A warning sign: those who agree it shows. A practice: those who say it is in place.
            share = seen.oppose if seen.warning else seen.support
            found.append(
                Finding(principle.title, seen.text, seen.warning, round(share * 100), seen.raters)
            )
    return tuple(found)
