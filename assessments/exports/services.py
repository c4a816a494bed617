"""Writes for exports: ask for one (within the limits), make it, and tidy old files away.

Asking records an ExportJob and its task in one transaction, so neither exists without the
other. Making it happens in a background worker (`tasks.make_export`), which re-checks what
the person may see at that moment, holds one of the global render slots while it works, and
records the file or a plain reason it could not be made.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from assessments.comparisons.services import board_pack
from assessments.exports.models import ExportJob, RenderSlot
from assessments.organisations.access import OrgAccess, member_access
from assessments.reports import services as report_files
from assessments.reports.access import report_scope
from assessments.reports.builder import build_report
from assessments.reports.pdf import PdfUnavailable
from assessments.reports.services import ExportFile, StreamedFile
from assessments.reviews.deliverable import review_pdf
from assessments.roadmaps import services as roadmap_files
from assessments.roadmaps.access import roadmap_place
from assessments.rounds.access import assessment_in
from assessments.rounds.models import Assessment

log = logging.getLogger(__name__)

# A render that has held its slot this long is taken to have died with its worker.
RENDER_LEASE = timedelta(minutes=5)
RATE_WINDOW = timedelta(minutes=10)
BOARD_PACK: dict[str, str] = {ExportJob.Kind.BOARD_PDF: "pdf", ExportJob.Kind.BOARD_XLSX: "xlsx"}


@dataclass(frozen=True)
class ExportRequest:
    assessment: Assessment
    kind: str  # an ExportJob.Kind
    scope_kind: str
    scope_pk: int | None
    title: str


class ExportRefused(Exception):
    """An export not accepted now; the message says why and when to try again."""

    def __init__(self, text: str, status: int = 429) -> None:
        self.status = status
        super().__init__(text)


def request_export(access: OrgAccess, asked: ExportRequest) -> ExportJob:
    """Queue an export for this person, or ExportRefused if a limit says not now.

    The same export asked for again while the first is unfinished gives the first back,
    so a double click makes one file.
    """
    user_id = access.membership.user_id
    now = timezone.now()
    with transaction.atomic():
        # One person's requests are counted one at a time: lock their user row.
        get_user_model().objects.select_for_update().filter(pk=user_id).first()
        mine = ExportJob.objects.filter(requested_by_id=user_id)
        same = (
            mine.filter(
                organisation=access.organisation,
                assessment=asked.assessment,
                kind=asked.kind,
                scope_kind=asked.scope_kind,
                scope_pk=asked.scope_pk,
                created_at__gte=now - RENDER_LEASE,
            )
            .exclude(status__in=[ExportJob.Status.READY, ExportJob.Status.FAILED])
            .first()
        )
        if same is not None:
            return same
        _check_limits(user_id, now)
        job = ExportJob.objects.create(
            organisation=access.organisation,
            assessment=asked.assessment,
            requested_by_id=user_id,
            kind=asked.kind,
            scope_kind=asked.scope_kind,
            scope_pk=asked.scope_pk,
            title=asked.title[:300],
        )
        from assessments.exports.tasks import make_export

        make_export.enqueue(job.pk)
    return job


def _check_limits(user_id: int, now: datetime) -> None:
    unfinished = Q(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]) & Q(
        created_at__gte=now - RENDER_LEASE
    )
    own = ExportJob.objects.filter(requested_by_id=user_id)
    if own.filter(unfinished).count() >= settings.EXPORT_USER_UNFINISHED:
        raise ExportRefused(
            f"You already have {settings.EXPORT_USER_UNFINISHED} exports being made. "
            "Wait for one of them to finish, then ask again."
        )
    if own.filter(created_at__gte=now - RATE_WINDOW).count() >= settings.EXPORT_USER_LIMIT:
        raise ExportRefused(
            f"You have asked for {settings.EXPORT_USER_LIMIT} exports in the last ten minutes. "
            "Download the ones already made, or try again in a few minutes."
        )
    if ExportJob.objects.filter(unfinished).count() >= settings.EXPORT_QUEUE_MAX:
        raise ExportRefused(
            "The server is busy making other people's exports. Try again in a minute.", 503
        )


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
    """What was asked for, made with what the person may see now (not when they asked)."""
    access = member_access(job.requested_by_id, job.organisation_id)
    if job.kind in BOARD_PACK:
        return board_pack(access, job.assessment_id, job.scope_pk, BOARD_PACK[job.kind])
    if job.kind == ExportJob.Kind.REVIEW_PDF:
        assert job.scope_pk is not None
        return review_pdf(access, job.scope_pk)
    if job.kind == ExportJob.Kind.ROADMAP_PDF:
        assert job.scope_pk is not None
        return roadmap_files.summary_pdf(roadmap_place(access, job.assessment_id, job.scope_pk))
    assessment = assessment_in(access, job.assessment_id)
    scope = report_scope(access, assessment, job.scope_kind, job.scope_pk)
    makers: dict[str, Callable[[], ExportFile | StreamedFile]] = {
        ExportJob.Kind.REPORT_PDF: lambda: report_files.report_pdf(
            access, build_report(assessment, scope)
        ),
        ExportJob.Kind.REPORT_XLSX: lambda: report_files.report_xlsx(
            build_report(assessment, scope, compare=False)
        ),
        # The raw answers need no report: they are read from the database as they are written.
        ExportJob.Kind.REPORT_ANSWERS: lambda: report_files.answers_csv(assessment, scope),
    }
    return makers[job.kind]()


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
