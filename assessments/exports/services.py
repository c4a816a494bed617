"""Writes for exports: ask for one, within the limits.

Asking records an ExportJob and its task in one transaction, so neither exists without the
other. Making it happens in a background worker (`tasks.make_export`, then `making.make`),
which re-checks what the person may see at that moment, holds one of the global render
slots while it works, and records the file or a plain reason it could not be made.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assessments.exports.making import STOPPED, UNFINISHED_WINDOW
from assessments.exports.models import ExportJob
from assessments.exports.tasks import make_export
from assessments.organisations.access import OrgAccess
from assessments.rounds.models import Assessment

log = logging.getLogger(__name__)

RATE_WINDOW = timedelta(minutes=10)


def _dead() -> Q:
    """Being made by a worker that stopped renewing its lease (killed mid-render)."""
    return Q(status=ExportJob.Status.RUNNING, lease_until__lt=timezone.now())


@dataclass(frozen=True)
class ExportRequest:
    assessment: Assessment
    kind: str  # an ExportJob.Kind
    scope_kind: str
    scope_pk: int | None
    title: str
    filters: Mapping[str, str] = field(default_factory=dict)  # the page's, as its address has them


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
        asked_before = mine.filter(
            organisation=access.organisation,
            assessment=asked.assessment,
            kind=asked.kind,
            scope_kind=asked.scope_kind,
            scope_pk=asked.scope_pk,
            filters=dict(asked.filters),
        )
        # The same export whose worker died: it stops here, and a new one is made.
        asked_before.filter(_dead()).update(
            status=ExportJob.Status.FAILED, finished_at=now, lease_until=None, problem=STOPPED
        )
        same = (
            asked_before.filter(created_at__gte=now - UNFINISHED_WINDOW)
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
            filters=dict(asked.filters),
            title=asked.title[:300],
        )
        make_export.enqueue(job.pk)
    return job


def _check_limits(user_id: int, now: datetime) -> None:
    unfinished = Q(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]) & Q(
        created_at__gte=now - UNFINISHED_WINDOW
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
