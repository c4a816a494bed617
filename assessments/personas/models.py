"""Which personas a respondent says describe their last month, and which their role needs."""

from __future__ import annotations

from django.db import models

from assessments.rounds.models import Respondent


class PersonaChoice(models.Model):
    class Kind(models.TextChoices):
        NOW = "now", "How I spent most of last month"
        NEEDED = "needed", "What my role most needs"

    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="persona_choices"
    )
    persona = models.ForeignKey("frameworks.Persona", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "persona", "kind"], name="unique_persona_choice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.persona_id}"
