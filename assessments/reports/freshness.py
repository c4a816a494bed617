"""Keeping stored results fresh: answers that count change, a refresh is scheduled.

Only submitted responses count in results, so a respondent still answering changes
nothing here. A burst of changes (people editing after submitting, in an open round)
costs one refresh: the first change marks the round stale and schedules a refresh a few
seconds later; later changes see the mark and do nothing more. A submit asks for a
refresh at once (or joins the one already on its way), so a team that just finished sees
its report within seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from assessments.rounds.models import Assessment

MOVED = timedelta(microseconds=1)


def results_changed(assessment_id: int, *, urgent: bool = False) -> None:
    """Mark the round's stored results stale and schedule their refresh.

    Two UPDATEs when the round is already marked; one UPDATE and one INSERT (the task)
    otherwise. Run inside the transaction that saved the answers, so the refresh is
    queued if and only if the answers are kept.
    """
    refresh_results = _refresh_task()

    now = timezone.now()
    marked = Assessment.objects.filter(pk=assessment_id, results_stale_since__isnull=True).update(
        results_stale_since=now
    )
    if not marked:
        # A refresh is already on its way, at most the delay below from now; it may have read
        # the answers already. Moving the mark a microsecond earlier tells it so (it clears
        # only the mark it started from) and keeps how long the round has waited.
        Assessment.objects.filter(pk=assessment_id).update(
            results_stale_since=F("results_stale_since") - MOVED
        )
        return
    if urgent:
        refresh_results.enqueue(assessment_id)
    else:
        delay = timedelta(seconds=settings.RESULTS_REFRESH_DELAY_SECONDS)
        refresh_results.using(run_after=now + delay).enqueue(assessment_id)


def refresh_again(assessment_id: int) -> None:
    """Answers changed while a refresh ran: one more, after the usual delay."""
    refresh_results = _refresh_task()

    delay = timedelta(seconds=settings.RESULTS_REFRESH_DELAY_SECONDS)
    refresh_results.using(run_after=timezone.now() + delay).enqueue(assessment_id)


def mark_fresh(assessment: Assessment, stale_at: datetime | None) -> None:
    """Clear the stale mark a refresh started from (in the transaction that stores its
    results); if answers moved it meanwhile, the round stays stale and another refresh is
    scheduled for what those results missed."""
    if stale_at is None:
        return
    if Assessment.objects.filter(pk=assessment.pk, results_stale_since=stale_at).update(
        results_stale_since=None
    ):
        assessment.results_stale_since = None
    else:
        refresh_again(assessment.pk)


def _refresh_task() -> Any:
    """The refresh task, found by name: its module imports the store, and the store marks
    results fresh through here, so an import either way would close a loop."""
    return import_string("assessments.reports.tasks.refresh_results")
