"""Who may read and edit a charter: every member reads the published one; organisation
admins and consultants edit, publish and see the history. All through the organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from assessments.charters.models import Charter, CharterVersion
from assessments.charters.selectors import charter_of
from assessments.organisations.access import OrgAccess, department_in, org_access
from assessments.organisations.models import Department


@dataclass(frozen=True)
class CharterPlace:
    """The organisation (or one of its departments) a charter belongs to."""

    access: OrgAccess
    department: Department | None
    charter: Charter | None

    @property
    def name(self) -> str:
        return self.department.name if self.department else self.access.organisation.name


def charter_place(
    request: HttpRequest, slug: str, department_pk: int | None = None
) -> CharterPlace:
    access = org_access(request, slug)
    department = department_in(access, department_pk) if department_pk is not None else None
    return CharterPlace(access, department, charter_of(access.organisation, department))


def editor_place(request: HttpRequest, slug: str, department_pk: int | None = None) -> CharterPlace:
    """The place, if this person may edit its charter and see its history (else a 403)."""
    place = charter_place(request, slug, department_pk)
    if not place.access.is_manager:
        raise PermissionDenied(
            "Only organisation admins and consultants can edit the charter or see its earlier "
            "versions. Every member can read the published charter."
        )
    return place


def version_in(place: CharterPlace, version_pk: int) -> CharterVersion:
    return get_object_or_404(
        CharterVersion.objects.select_related("saved_by").prefetch_related("principles"),
        charter__organisation=place.access.organisation,
        charter=place.charter,
        pk=version_pk,
    )
