"""The webhook event of reports: ``results.refreshed``, raised in the transaction that stores
a round's new results (``reports.store``)."""

from __future__ import annotations

from datetime import datetime

from assessments.rounds.announcements import round_data
from assessments.rounds.models import Assessment
from assessments.webhooks import events
from assessments.webhooks.services import event_publish


def results_refreshed(assessment: Assessment, *, at: datetime) -> None:
    event_publish(
        organisation=assessment.organisation_id,
        event=events.RESULTS_REFRESHED,
        data=lambda: {**round_data(assessment), "results": {"computed_at": at}},
    )
