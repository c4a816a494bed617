"""Keeping stored results fresh: answers that count change, a refresh is scheduled.

Only submitted responses count in results, so a respondent still answering changes
nothing here. A burst of changes (people editing after submitting, in an open round)
costs one refresh: the first change marks the round stale and schedules a refresh a few
seconds later; later changes see the mark and do nothing more. A submit asks for a
refresh at once (or joins the one already on its way), so a team that just finished sees
its report within seconds.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from assessments.rounds.models import Assessment


def results_changed(assessment_id: int, *, urgent: bool = False) -> None:
    """Mark the round's stored results stale and schedule their refresh.

    One UPDATE when the round is already marked; one UPDATE and one INSERT (the task)
    otherwise. Run inside the transaction that saved the answers, so the refresh is
    queued if and only if the answers are kept.
    """
    from assessments.reports.tasks import refresh_results  # the task imports the store

    now = timezone.now()
    marked = Assessment.objects.filter(pk=assessment_id, results_stale_since__isnull=True).update(
        results_stale_since=now
    )
    if not marked:
        return  # a refresh is already on its way, at most the delay below from now
    if urgent:
        refresh_results.enqueue(assessment_id)
    else:
        delay = timedelta(seconds=settings.RESULTS_REFRESH_DELAY_SECONDS)
        refresh_results.using(run_after=now + delay).enqueue(assessment_id)
