"""Making an export, in a background worker: hold a render slot, ask the room that offers
the kind of file to make it (``registry``), store it or record a plain reason it could not
be made, on a lease it renews while it works; make again the jobs of workers that died; and
tidy old files away."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from assessments.exports import registry
from assessments.exports.files import ExportFile, StreamedFile
from assessments.exports.models import ExportJob, RenderSlot
from assessments.exports.pdf import PdfUnavailable
from assessments.organisations.access import member_access
from pmmaturity.schedule import renewing

log = logging.getLogger(__name__)

# A worker holds its render slot and its job on a lease it renews every RENEW_EVERY while it
# works; a lease that runs out means the worker died (killed, its machine gone), and a live
# worker takes the slot back and makes the job again, at most MAX_ATTEMPTS times in all.
LEASE = timedelta(seconds=30)
RENEW_EVERY = timedelta(seconds=10)
MAX_ATTEMPTS = 2
# An export asked for this long ago and still unfinished no longer holds back the same
# request or counts against the person's limits.
UNFINISHED_WINDOW = timedelta(minutes=5)
STOPPED = "The export stopped before it finished (the worker making it stopped). Ask for it again."


def take_slot(job: ExportJob) -> bool:
    """Hold one of the EXPORT_CONCURRENCY render slots for this job; False if all are busy.

    Each claim is one conditional UPDATE, atomic in SQLite and PostgreSQL alike, so two
    workers never hold the same slot; a slot whose lease ran out is taken over.
    """
    now = timezone.now()
    for number in range(settings.EXPORT_CONCURRENCY):
        RenderSlot.objects.get_or_create(number=number)
        free = Q(job__isnull=True) | Q(lease_until__lt=now) | Q(job=job)
        taken = RenderSlot.objects.filter(free, number=number)
        if taken.update(job=job, taken_at=now, lease_until=now + LEASE):
            return True
    return False


def release_slot(job: ExportJob) -> None:
    RenderSlot.objects.filter(job=job).update(job=None, taken_at=None, lease_until=None)


def renew_lease(job: ExportJob) -> None:
    """Say the worker making this job is alive: its slot and the job stay its own."""
    until = timezone.now() + LEASE
    RenderSlot.objects.filter(job=job).update(lease_until=until)
    ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(lease_until=until)


def leased(job: ExportJob) -> AbstractContextManager[None]:
    """Renew the job's lease from a thread every RENEW_EVERY while the block runs (a PDF or a
    large file can take longer than the lease), through the thread's own connection."""
    return renewing(
        lambda: renew_lease(job), every=RENEW_EVERY.total_seconds(), what=f"Export {job.pk}"
    )


def recover_stalled(requeue: Callable[[int], object]) -> int:
    """Jobs whose worker died mid-render (their lease ran out): free their slots, and make
    each job again (``requeue``) or, past MAX_ATTEMPTS, say it stopped. Returns how many."""
    now = timezone.now()
    RenderSlot.objects.filter(lease_until__lt=now).update(job=None, taken_at=None, lease_until=None)
    dead = Q(lease_until__lt=now) | Q(lease_until__isnull=True, started_at__lt=now - LEASE)
    stalled = ExportJob.objects.filter(dead, status=ExportJob.Status.RUNNING)
    count = 0
    for pk, attempts in stalled.values_list("pk", "attempts"):
        with transaction.atomic():
            still = stalled.filter(pk=pk)  # unless another worker got there first
            if attempts < MAX_ATTEMPTS:
                if still.update(status=ExportJob.Status.QUEUED, lease_until=None):
                    requeue(pk)
                    count += 1
            else:
                count += still.update(
                    status=ExportJob.Status.FAILED,
                    finished_at=now,
                    lease_until=None,
                    problem=STOPPED,
                )
    return count


PROBLEMS = {
    PdfUnavailable: "PDF export is not set up on this server. Use Print in your browser and "
    "choose “Save as PDF”, or ask your administrator to install Chromium.",
    Http404: "You can no longer see this report, or it no longer exists.",
    PermissionDenied: "You can no longer see this report, or it no longer exists.",
}


def make(job: ExportJob) -> None:
    """Make the job's file now (in a worker, holding a slot) and record how it went."""
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING,
        started_at=now,
        lease_until=now + LEASE,
        attempts=F("attempts") + 1,
    )
    try:
        made = _file_for(job)
        _store(job, made)
    except tuple(PROBLEMS) as problem:
        text = next(text for kind, text in PROBLEMS.items() if isinstance(problem, kind))
        _finish(job, ExportJob.Status.FAILED, problem=text)
        return
    except Exception:
        log.exception("Export %s could not be made", job.pk)
        _finish(
            job,
            ExportJob.Status.FAILED,
            problem="Something went wrong while making this file. Try again; if it keeps "
            "failing, tell your administrator.",
        )
        return
    _finish(
        job,
        ExportJob.Status.READY,
        file=job.file.name,
        filename=made.name,
        content_type=made.content_type,
    )


def _store(job: ExportJob, made: ExportFile | StreamedFile) -> None:
    """Save the file in the storage. A streamed one is made (read from the database) here,
    into a temporary file a block at a time, so the worker's memory stays flat."""
    if isinstance(made, ExportFile):
        content = made.content.encode("utf-8") if isinstance(made.content, str) else made.content
        job.file.save(made.name, ContentFile(content), save=False)
        return
    with tempfile.TemporaryFile() as spool:
        for chunk in made.chunks:
            spool.write(chunk)
        spool.seek(0)
        job.file.save(made.name, File(spool), save=False)


def _finish(job: ExportJob, status: str, **fields: object) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), lease_until=None, **fields
    )


def _file_for(job: ExportJob) -> ExportFile | StreamedFile:
    """What was asked for, made by the room that offers it, with what the person may see now
    (not when they asked)."""
    access = member_access(job.requested_by_id, job.organisation_id)
    return registry.maker_for(job.kind)(access, job)


def prune_old_exports() -> int:
    """Delete export files (and their records) older than EXPORT_KEEP_HOURS; run hourly by
    the scheduled job ``prune-exports`` (exports.scheduled)."""
    old = ExportJob.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    )
    count = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
