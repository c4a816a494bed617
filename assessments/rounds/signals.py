"""What the rounds room announces to the rooms above it, which it never imports.

Receivers are connected by the rooms that listen (their ``receivers`` modules, imported by
``AssessmentsConfig.ready``). Both signals are sent with ``send``: a receiver's error is the
sender's error, as if the work were written in place.
"""

from typing import Any

from django.dispatch import Signal

# Answers that count (those of a submitted response) changed in a round. Sent inside the
# transaction that saved them, with ``assessment_id`` and ``urgent`` (True for a submit,
# whose team is waiting to read its report).
answers_counted = Signal()

# The questionnaire's review and thank-you pages are being shown to ``respondent`` (for
# ``request``): each receiver returns a dict of extra context for the optional sections
# those pages carry (the personas section).
respondent_pages = Signal()


def respondent_page_context(request: Any, respondent: Any) -> dict[str, Any]:
    """Every listening room's extra context for the review and thank-you pages."""
    context: dict[str, Any] = {}
    for _receiver, extra in respondent_pages.send(
        sender=type(respondent), request=request, respondent=respondent
    ):
        if isinstance(extra, dict):
            context.update(extra)
    return context
