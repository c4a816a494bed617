"""Making an export, in a background worker: hold a render slot, ask the room that offers
the kind of file to make it (``registry``), store it or record a plain reason it could not
be made; and tidy stalled jobs and old files away."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from assessments.exports import registry
from assessments.exports.files import ExportFile, StreamedFile
from assessments.exports.models import ExportJob, RenderSlot
from assessments.exports.pdf import PdfUnavailable
from assessments.organisations.access import member_access

log = logging.getLogger(__name__)

# A render that has held its slot this long is taken to have died with its worker.
RENDER_LEASE = timedelta(minutes=5)


def take_slot(job: ExportJob) -> bool:
    """Hold one of the EXPORT_CONCURRENCY render slots for this job; False if all are busy.

    Each claim is one conditional UPDATE, atomic in SQLite and PostgreSQL alike, so two
    workers never hold the same slot; a slot held past RENDER_LEASE is taken over.
    """
    now = timezone.now()
    for number in range(settings.EXPORT_CONCURRENCY):
        RenderSlot.objects.get_or_create(number=number)
        free = Q(job__isnull=True) | Q(taken_at__lt=now - RENDER_LEASE) | Q(job=job)
        if RenderSlot.objects.filter(free, number=number).update(job=job, taken_at=now):
            return True
    return False


def release_slot(job: ExportJob) -> None:
    RenderSlot.objects.filter(job=job).update(job=None, taken_at=None)


PROBLEMS = {
    PdfUnavailable: "PDF export is not set up on this server. Use Print in your browser and "
    "choose “Save as PDF”, or ask your administrator to install Chromium.",
    Http404: "You can no longer see this report, or it no longer exists.",
    PermissionDenied: "You can no longer see this report, or it no longer exists.",
}


def make(job: ExportJob) -> None:
    """Make the job's file now (in a worker, holding a slot) and record how it went."""
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
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
    ExportJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)


def _file_for(job: ExportJob) -> ExportFile | StreamedFile:
    """What was asked for, made by the room that offers it, with what the person may see now
    (not when they asked)."""
    access = member_access(job.requested_by_id, job.organisation_id)
    return registry.maker_for(job.kind)(access, job)


def give_up_on_stalled() -> int:
    """Jobs whose worker died mid-render: say so, so the person can ask again."""
    return ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, started_at__lt=timezone.now() - RENDER_LEASE
    ).update(
        status=ExportJob.Status.FAILED,
        finished_at=timezone.now(),
        problem="The worker making this file stopped before it finished. Ask for it again.",
    )


def prune_old_exports() -> int:
    """Delete export files (and their records) older than EXPORT_KEEP_HOURS."""
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
