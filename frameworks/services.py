"""Writes to framework versions: the status lifecycle, freezing and forking."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from frameworks.loader import export_version, load_content, move_status
from frameworks.models import FrameworkVersion

Status = FrameworkVersion.Status

_ALLOWED = {
    Status.DRAFT: {Status.PUBLISHED},
    Status.PUBLISHED: {Status.RETIRED},
    Status.RETIRED: set(),
}


class VersionStatusError(Exception):
    """A status change that the draft → published → retired lifecycle does not allow."""


def _transition(version: FrameworkVersion, target: str) -> FrameworkVersion:
    if target not in _ALLOWED[Status(version.status)]:
        raise VersionStatusError(
            f"{version} is {version.get_status_display().lower()}; it cannot become "
            f"{Status(target).label.lower()}. Versions move draft → published → retired; "
            f"fork a version to start a new draft."
        )
    move_status(version, target)
    return version


@transaction.atomic
def version_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    """Make a draft available for new assessments."""
    return _transition(version, Status.PUBLISHED)


@transaction.atomic
def version_retire(*, version: FrameworkVersion) -> FrameworkVersion:
    """Stop offering a version for new assessments; existing ones keep it."""
    return _transition(version, Status.RETIRED)


@transaction.atomic
def version_freeze(*, version: FrameworkVersion) -> FrameworkVersion:
    """Mark a version as answered, so its content can no longer change. Idempotent."""
    updated = FrameworkVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )
    if updated:
        version.refresh_from_db(fields=["frozen_at"])
    return version


def _free_fork_label(version: FrameworkVersion) -> str:
    taken = set(version.framework.versions.values_list("label", flat=True))
    n = 1
    while f"{version.label}-fork{n}" in taken:
        n += 1
    return f"{version.label}-fork{n}"


@transaction.atomic
def version_fork(
    *,
    version: FrameworkVersion,
    label: str | None = None,
    organisation: Any = None,
    firm: Any = None,
) -> FrameworkVersion:
    """Copy a version, frozen or not, into a new editable draft.

    A fork for an organisation belongs to it: no other organisation sees or uses it. A fork
    for a consulting firm belongs to the firm: only its clients see and use it. Without an
    owner given, a fork of an owned version stays with the same owner.
    """
    label = label or _free_fork_label(version)
    if version.framework.versions.filter(label=label).exists():
        raise VersionStatusError(f"{version.framework} already has a version {label}.")
    doc = export_version(version).model_copy(update={"version": label, "status": "draft"})
    load_content(doc, forked_from=version)
    fork = version.framework.versions.get(label=label)
    if organisation is None and firm is None:
        organisation, firm = version.organisation, version.firm
    if organisation is not None or firm is not None:
        fork.organisation, fork.firm = organisation, firm
        fork.save(update_fields=["organisation", "firm"])
    return fork
