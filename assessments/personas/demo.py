"""The demo's persona picks: product people say how they spent last month and what their role
needs. Firefighting teams live the troubleshooter; their roles ask for the leaders."""

from __future__ import annotations

import random

from assessments.personas.models import PersonaChoice
from assessments.rounds.models import Assessment, Respondent
from frameworks.models import Persona

# (how most product people there spend their time, what they say their roles need)
HABITS = {
    "firefighting": (
        ["troubleshooter", "reliable-project-manager", "subject-matter-expert", "creator"],
        ["voice-of-the-market", "mini-ceo", "master-facilitator", "product-advocate"],
    ),
    "leading": (
        ["voice-of-the-market", "owner-of-the-numbers", "expert-collaborator", "creator"],
        ["mini-ceo", "voice-of-the-market", "master-facilitator", "owner-of-the-numbers"],
    ),
}
LEADING_TEAMS = {"Billing", "Analytics"}
PICKS_BY = frozenset(Respondent.PRODUCT_ROLES) | {"leadership"}


def demo_persona_picks(assessment: Assessment, seed: int = 7) -> int:
    """Picks for most of the round's submitted product people; how many people picked."""
    rng = random.Random(seed + assessment.pk)
    personas = dict(
        Persona.objects.filter(version_id=assessment.framework_version_id).values_list("key", "pk")
    )
    if not personas or PersonaChoice.objects.filter(respondent__assessment=assessment).exists():
        return 0
    rows = []
    people = 0
    for respondent in Respondent.objects.filter(
        assessment=assessment, submitted_at__isnull=False, role__in=PICKS_BY
    ).select_related("team"):
        if rng.random() < 0.2:
            continue  # an optional section: not everyone answers it
        now, needed = HABITS["leading" if respondent.team.name in LEADING_TEAMS else "firefighting"]
        people += 1
        for kind, keys in (("now", now), ("needed", needed)):
            for key in rng.sample(keys, 3):
                if key in personas:
                    rows.append(
                        PersonaChoice(respondent=respondent, persona_id=personas[key], kind=kind)
                    )
    PersonaChoice.objects.bulk_create(rows)
    return people
