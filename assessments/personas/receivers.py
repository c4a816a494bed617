"""The personas section this room adds to the questionnaire's review and thank-you pages."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest

from assessments.personas.selectors import PERSONA_QUESTIONS, personas_picked_by
from assessments.rounds.models import Respondent
from assessments.rounds.signals import respondent_pages


@receiver(respondent_pages, dispatch_uid="personas.section")
def personas_section(
    sender: Any, *, request: HttpRequest, respondent: Respondent, **_: Any
) -> dict[str, Any]:
    """The optional personas section: what this person picked, and the questions."""
    respondent.assessment = respondent.invitation.assessment  # already read with the link
    return {
        "personas": personas_picked_by(respondent),
        "personas_said": request.GET.get("personas", ""),
        "persona_questions": PERSONA_QUESTIONS,
    }
