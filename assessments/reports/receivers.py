"""What this room does when the rounds room says a round's answers that count changed:
mark its stored results stale and schedule their refresh."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from assessments.reports.freshness import results_changed
from assessments.rounds.signals import answers_counted


@receiver(answers_counted, dispatch_uid="reports.refresh_results")
def refresh_results_later(sender: Any, *, assessment_id: int, urgent: bool, **_: Any) -> None:
    results_changed(assessment_id, urgent=urgent)
