"""The background task that makes an export (run by `manage.py worker`)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from assessments.exports import making
from assessments.exports.models import ExportJob

# While every render slot is busy, the task puts itself back with this delay.
WAIT_FOR_SLOT = timedelta(seconds=2)


@task(queue_name="exports")
def make_export(job_id: int) -> str:
    recover_stalled()  # a dead worker's slot is free again before this one asks for it
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return "gone"
    if job.status == ExportJob.Status.RUNNING:
        return "being made by another worker"  # its lease is alive: recover_stalled kept it
    if not making.take_slot(job):
        make_export.using(run_after=timezone.now() + WAIT_FOR_SLOT).enqueue(job_id)
        return "waiting for a render slot"
    started = time.monotonic()
    try:
        with making.leased(job):
            making.make(job)
    finally:
        making.release_slot(job)
    # Rendering competes with respondents for the same cores, whatever its priority (caches,
    # memory, the database): the worker rests in proportion before taking the next export.
    time.sleep(min(time.monotonic() - started, 10) * settings.EXPORT_RENDER_REST)
    return "done"


def recover_stalled() -> int:
    """Make again (once) or fail the jobs of workers that died mid-render; run before each
    export and on every live worker's heartbeat (exports.receivers)."""
    return making.recover_stalled(make_export.enqueue)
