"""The reports room's scheduled job (``pmmaturity.schedule``): results no worker refreshed.

A change to answers marks its round stale and queues a refresh (``freshness``). The refresh
can be lost: its task failed (the database went away mid-run), or its worker died with it
(django-tasks then leaves the task "running" for ever). Pages of a small round make such
results themselves; a big round's would say "updating" for ever. Every minute one worker
queues a refresh for each round stale longer than RESULTS_MAX_STALE_SECONDS with none on
its way.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.reports.tasks import refresh_results
from assessments.rounds.models import Assessment
from pmmaturity import schedule

# A refresh still "running" after this long died with its worker.
REFRESH_GIVEN_UP = timedelta(minutes=15)


def forgotten_rounds(now: datetime) -> list[int]:
    """Rounds stale for longer than RESULTS_MAX_STALE_SECONDS with no refresh on its way
    (waiting, or running and not given up); two queries."""
    since = now - timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS)
    stale = set(
        Assessment.objects.filter(results_stale_since__lt=since).values_list("pk", flat=True)
    )
    if not stale:
        return []
    on_its_way = DBTaskResult.objects.filter(task_path=refresh_results.module_path).filter(
        Q(status="READY") | Q(status="RUNNING", started_at__gte=now - REFRESH_GIVEN_UP)
    )
    pending = {
        args_kwargs["args"][0]
        for args_kwargs in on_its_way.values_list("args_kwargs", flat=True)
        if args_kwargs.get("args")
    }
    return sorted(stale - pending)


@schedule.job("refresh-forgotten-results", every=timedelta(minutes=1))
def refresh_forgotten_results() -> str:
    forgotten = forgotten_rounds(timezone.now())
    for assessment_id in forgotten:
        refresh_results.enqueue(assessment_id)
    return f"{len(forgotten)} refresh{'es' if len(forgotten) != 1 else ''} queued"
