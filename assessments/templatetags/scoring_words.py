"""The scoring method's numbers in words, for report pages: ``{% in_place_share %}`` is the
share of raters a practice needs to count as in place ("half"), from the scoring code."""

from __future__ import annotations

from django import template

from assessments.reports.scoring import method
from assessments.reports.scoring.words import share_words

register = template.Library()


@register.simple_tag
def in_place_share() -> str:
    return share_words(method.IN_PLACE_SHARE)
