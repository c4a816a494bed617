"""Who may pick personas: whoever holds a respondent's link (the link is the credential)."""

from __future__ import annotations

from assessments.rounds.access import LinkRefused, respondent_from_token
from assessments.rounds.models import Respondent


class NoRespondent(Exception):
    """A link that has no respondent behind it yet: a personal link never opened."""


def respondent_for_picks(token: str) -> Respondent:
    """The respondent behind a link, or LinkRefused (closed, withdrawn, unknown) or
    NoRespondent."""
    found = respondent_from_token(token)
    if not isinstance(found, Respondent):
        raise NoRespondent
    return found


__all__ = ["LinkRefused", "NoRespondent", "respondent_for_picks"]
