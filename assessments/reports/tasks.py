"""The background task that refreshes a round's stored results (run by `manage.py worker`)."""

from __future__ import annotations

from django_tasks import task

from assessments.reports import store
from assessments.rounds.models import Assessment


@task()
def refresh_results(assessment_id: int) -> str:
    assessment = Assessment.objects.filter(pk=assessment_id).first()
    if assessment is None:
        return "gone"
    # Teams whose answers are as stored keep their rows: a submit rescores its team, the
    # departments and the round (``reports.incremental``).
    scored = store.refresh(assessment, reuse=True)
    return f"{len(scored)} scopes scored"
