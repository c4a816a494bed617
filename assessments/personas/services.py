"""Writes for personas: a respondent's picks, replaced as a whole."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from assessments.personas.models import PersonaChoice
from assessments.personas.rules import PICKS
from assessments.rounds.models import Respondent
from frameworks.models import Persona


class PicksRefused(ValueError):
    """Picks that cannot be saved; the message says why in plain words."""


@transaction.atomic
def persona_choices_save(
    *, respondent: Respondent, now: Iterable[int], needed: Iterable[int]
) -> None:
    """Replace a respondent's picks: up to PICKS of each kind, from their round's version."""
    wanted = {"now": set(now), "needed": set(needed)}
    allowed = set(
        Persona.objects.filter(version_id=respondent.assessment.framework_version_id).values_list(
            "pk", flat=True
        )
    )
    for ids in wanted.values():
        if len(ids) > PICKS:
            raise PicksRefused(f"Pick up to {PICKS} in each list; you picked {len(ids)}.")
        if not ids <= allowed:
            raise PicksRefused("One of those is not a persona of this questionnaire.")
    PersonaChoice.objects.filter(respondent=respondent).delete()
    PersonaChoice.objects.bulk_create(
        PersonaChoice(respondent=respondent, persona_id=pk, kind=kind)
        for kind, ids in wanted.items()
        for pk in sorted(ids)
    )
