"""``{{ review|review_period }}`` (or ``|review_period:"short"``): a review's period in words,
the one formatter of ``reviews.period``, for the review's page, list, report and PDF."""

from __future__ import annotations

from typing import Any

from django import template

from assessments.reviews.period import LONG, SHORT, period_words

register = template.Library()


@register.filter
def review_period(review: Any, length: str = "long") -> str:
    return period_words(review.starts_on, review.due_on, fmt=SHORT if length == "short" else LONG)
