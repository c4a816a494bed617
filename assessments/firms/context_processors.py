"""What every page's navigation needs from the firms room: the organisation switcher."""

from __future__ import annotations

from django.http import HttpRequest

from assessments.firms.selectors import Switcher


def switcher(request: HttpRequest) -> dict[str, Switcher]:
    """The switcher reads nothing until a page shows it (and never for anonymous visitors)."""
    return {"switcher": Switcher(request)}
