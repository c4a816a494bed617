"""Words and rounding shared by the representations: one explanation per kind of figure,
in the pages' own words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from assessments.reports.scoring import method

MATURITY_SCORE = (
    "One scale for every enabler: Immature 0–33, Managed 34–66, Leading 67–100; within its "
    "level's band, an enabler sits by how far it has come toward the next level. No score "
    "without enough evidence for a level."
)
MEAN_AGREEMENT = (
    "Mean agreement (0–100): how far people agree that the practices are in place, on average. "
    "Shown apart from the level, which needs enough practices in place, not a high average."
)
CONFIDENCE = (
    "How sure the level is: high, medium or low, from how many people rated each statement, "
    "how far they gave the same answer and how many said “don’t know”."
)
DIAL = (
    "A dial's value (0–100) from the answers mapped to it; the right-hand end is the desired "
    "state. Zones: red, amber, green."
)
STRENGTHS = (
    f"Practices more than {round(100 * method.IN_PLACE_SHARE)}% of the people who rated them say "
    "are in place, strongest first."
)
NEXT_MOVES = (
    "The moves that would lift your levels most: each is a statement that stands between an "
    "enabler and its next level, starting with the enablers closest to it."
)
SPLITS = "Statements with a real share of people at both ends of the scale: start with a talk."
ROLES = (
    "Mean agreement (0–100) per role. Roles are compared only when each is large enough to "
    "show, and everyone else too, to keep answers anonymous. A gap of 15 or more is worth "
    "talking about."
)
ACTIVITY = (
    "Who leads each activity today, against our recommendation of who usually does best; a "
    "gap is a question worth asking, not a fault. Performance: how well it is done, 0–100."
)
HOW_SCORED = "/how-scores-work/"


def one_decimal(value: float | None) -> float | None:
    """As the page's CSV download gives a score."""
    return None if value is None else round(value, 1)


def whole(value: float | None) -> int | None:
    """As the page shows a figure: a whole number."""
    return None if value is None else round(value)


def percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def when(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def person(user: Any) -> dict[str, Any] | None:
    """A person as the pages name them: full name, else username."""
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}
