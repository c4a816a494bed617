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
    support: float  # share of the people who answered whose answer supports the practice
    oppose: float  # share whose answer goes against it
    raters: int  # people who answered it ("don't know" included): the shares' base


@dataclass(frozen=True)
class Finding:
    principle: str  # the principle's title
    statement: str  # the statement's text
    warning: bool
    share: int  # whole percent of the people who answered, quoted in the sentence
    raters: int
    # Which share is quoted: "sees" (those who say the warning sign shows here) or "few"
    # (the few who say the practice is in place, or the sign is absent). Never a share that
    # reads against the finding, such as "0% say the sign shows".
    quoted: str = "sees"

    @property
    def sentence(self) -> str:
        people = f"the {self.raters} people who answered it"
        if self.quoted == "sees":
            said = f"{self.share}% of {people} say"
        elif self.share == 0:
            said = f"none of {people} say"
        else:
            said = f"only {self.share}% of {people} say"
        if self.warning and self.quoted != "sees":
            said += " this does not happen here"
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
            # A warning sign: those who agree it shows, when they outnumber those who say it
            # is absent; otherwise (and for a practice) the few who say all is well.
            sees = seen.warning and seen.oppose > seen.support
            share = seen.oppose if sees else seen.support
            found.append(
                Finding(
                    principle.title,
                    seen.text,
                    seen.warning,
                    round(share * 100),
                    seen.raters,
                    "sees" if sees else "few",
                )
            )
    return tuple(found)
