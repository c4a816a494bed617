"""Reads for exports: a person's recent exports, and how far one has got."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from assessments.exports.making import STOPPED
from assessments.exports.models import ExportJob
from assessments.organisations.access import OrgAccess
from pmmaturity.models import workers_alive


def recent_jobs(access: OrgAccess, limit: int = 20) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(
        organisation=access.organisation, requested_by_id=access.membership.user_id
    ).select_related("assessment", "organisation")[:limit]


def download_url(job: ExportJob) -> str | None:
    if job.status != ExportJob.Status.READY:
        return None
    return reverse("orgs:export_download", args=[job.organisation.slug, job.pk])


def waiting_ahead(job: ExportJob) -> int:
    """How many exports, from anyone, will be made before this one."""
    if job.status != ExportJob.Status.QUEUED:
        return 0
    unfinished = [ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    return ExportJob.objects.filter(status__in=unfinished, created_at__lt=job.created_at).count()


def stopped(job: ExportJob) -> bool:
    """Being made by a worker that stopped renewing its lease (killed mid-render)."""
    return (
        job.status == ExportJob.Status.RUNNING
        and job.lease_until is not None
        and job.lease_until < timezone.now()
    )


def progress(job: ExportJob) -> dict[str, Any]:
    """The job's state in words, for the page and for the page's polling script."""
    ahead = waiting_ahead(job)
    status, label = job.status, job.get_status_display()
    running = "Being made now. This usually takes a few seconds."
    if stopped(job):
        if workers_alive()[0]:
            running = "The worker making it stopped; another is taking it over."
        else:
            status, label = ExportJob.Status.FAILED, "Stopped"
    words = {
        ExportJob.Status.QUEUED: (
            f"Waiting: {ahead} export{'s' if ahead != 1 else ''} ahead of yours."
            if ahead
            else "Waiting: yours is next."
        ),
        ExportJob.Status.RUNNING: running,
        ExportJob.Status.READY: "Your file is below.",
        ExportJob.Status.FAILED: job.problem or STOPPED,
    }
    seconds = None
    if job.finished_at and job.started_at:
        seconds = round((job.finished_at - job.started_at).total_seconds(), 1)
    return {
        "status": status,
        "label": label,
        "text": words[ExportJob.Status(status)],
        "finished": status in {ExportJob.Status.READY, ExportJob.Status.FAILED},
        "ahead": ahead,
        "seconds": seconds,
        "waited": round((timezone.now() - job.created_at).total_seconds()),
        "download": download_url(job),
    }
