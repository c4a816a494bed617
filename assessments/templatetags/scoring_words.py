"""The scoring method's numbers in words, for report pages: ``{% in_place_share %}`` is the
share of raters a practice needs to count as in place ("half"), from the scoring code;
``{% judged_by %}`` and ``{% enabler_judges %}`` say who judged statements put to some roles
only (``reports.audience_words``)."""

from __future__ import annotations

from typing import Any

from django import template

from assessments.reports import audience_words
from assessments.reports.scoring import method
from assessments.reports.scoring.words import share_words
from frameworks.models import Enabler, Statement

register = template.Library()


@register.simple_tag
def in_place_share() -> str:
    return share_words(method.IN_PLACE_SHARE)


@register.simple_tag
def judged_by(statement: Statement, report: Any) -> str:
    """ "Judged by leadership (3 raters)" beside a statement put to some roles only, from the
    report's result for it; empty for a statement everyone is asked."""
    scores = getattr(report, "scores", None)
    result = scores.statements.get(statement.pk) if scores is not None else None
    return audience_words.judged_by(statement, result)


@register.simple_tag
def enabler_judges(enabler: Enabler, report: Any) -> str:
    """The line an enabler whose statements were judged by different people shows."""
    return audience_words.enabler_judges(
        s for s in report.framework.statements if s.enabler_id == enabler.pk
    )
