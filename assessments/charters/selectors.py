"""Reads for charters: the charter of a place, its versions, and what a report checks."""

from __future__ import annotations

from django.db.models import Count, Q

from assessments.charters.models import Charter, CharterPrinciple, CharterVersion
from assessments.charters.rules import Principle
from assessments.charters.template import charter_template
from assessments.organisations.models import Department, Organisation


def charter_of(organisation: Organisation, department: Department | None) -> Charter | None:
    return Charter.objects.filter(organisation=organisation, department=department).first()


def versions(charter: Charter | None) -> list[CharterVersion]:
    """Newest first, with who saved each and how many principles it holds."""
    if charter is None:
        return []
    return list(
        charter.versions.select_related("saved_by").annotate(principle_count=Count("principles"))
    )


def published_version(charter: Charter | None) -> CharterVersion | None:
    """The version published most recently, with its principles."""
    if charter is None:
        return None
    return (
        charter.versions.filter(published_at__isnull=False)
        .select_related("saved_by")
        .prefetch_related("principles")
        .order_by("-published_at", "-number")
        .first()
    )


def latest_version(charter: Charter | None) -> CharterVersion | None:
    if charter is None:
        return None
    return charter.versions.prefetch_related("principles").order_by("-number").first()


def published_principles(
    *, organisation_id: int, department_id: int | None
) -> tuple[Principle, ...]:
    """The published principles that apply to a department (its own charter if it has a
    published one, else the organisation's), each with its template links. One query."""
    place = Q(version__charter__department__isnull=True)
    if department_id is not None:
        place |= Q(version__charter__department_id=department_id)
    rows = list(
        CharterPrinciple.objects.filter(
            place,
            version__charter__organisation_id=organisation_id,
            version__published_at__isnull=False,
        )
        .order_by("position", "pk")
        .values_list(
            "version_id",
            "version__published_at",
            "version__charter__department_id",
            "key",
            "title",
        )
    )
    if not rows:
        return ()
    # The department's own charter first; within it, the version published last.
    chosen = max(rows, key=lambda r: (r[2] is not None, r[1], r[0]))[0]
    template = charter_template()
    return tuple(
        Principle(key, title, template.links_of(key) if key else ())
        for version_id, _at, _dept, key, title in rows
        if version_id == chosen
    )
