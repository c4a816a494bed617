"""Reads of framework content, shaped for the pages that show it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from frameworks.models import (
    Activity,
    ActivityArea,
    ActivityGroup,
    ActivityLeader,
    Dial,
    DialGroup,
    DialInput,
    Enabler,
    FrameworkVersion,
    Level,
    OwnershipKind,
    Scale,
    Statement,
)

AnyUser = AbstractBaseUser | AnonymousUser


def _can_see_drafts(user: AnyUser) -> bool:
    return bool(getattr(user, "is_staff", False))


# Versions for everyone: not adapted for one organisation nor by one consulting firm. An
# adapted version is seen only inside its organisation (or the firm's clients), in the
# questionnaires room, never on the public instrument pages.
SHARED = Q(organisation__isnull=True, firm__isnull=True)


def visible_versions(*, user: AnyUser) -> QuerySet[FrameworkVersion]:
    """Versions a user may browse: published and retired ones; drafts for staff only.

    A version adapted for an organisation or by a firm is never shown here, to anyone.
    """
    versions = FrameworkVersion.objects.select_related("framework").filter(SHARED)
    if not _can_see_drafts(user):
        versions = versions.exclude(status=FrameworkVersion.Status.DRAFT)
    return versions.order_by("framework__name", "-published_at", "-created_at")


def version_get(*, user: AnyUser, slug: str, label: str) -> FrameworkVersion:
    """The version to browse, or 404 (unknown, or a draft the user may not see)."""
    version = visible_versions(user=user).filter(framework__slug=slug, label=label).first()
    if version is None:
        raise Http404("No such framework version.")
    return version


def current_version() -> FrameworkVersion | None:
    """The most recently published version: what the public pages show by default."""
    return (
        FrameworkVersion.objects.select_related("framework")
        .filter(SHARED, status=FrameworkVersion.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class MaturityGrid:
    levels: list[Level]
    enablers: list[Enabler]  # with .cells (descriptors in level order) and .by_level
    statement_count: int


def maturity_grid(*, version: FrameworkVersion) -> MaturityGrid:
    levels = list(Level.objects.filter(version=version))
    enablers = list(
        Enabler.objects.filter(version=version).prefetch_related(
            "descriptors",
            Prefetch("statements", Statement.objects.order_by("level__order", "order", "pk")),
        )
    )
    level_by_pk = {lv.pk: lv for lv in levels}
    count = 0
    for enabler in enablers:
        descriptors = {d.level_id: d for d in enabler.descriptors.all()}
        enabler.cells = [(lv, descriptors.get(lv.pk)) for lv in levels]  # type: ignore[attr-defined]
        statements = list(enabler.statements.all())
        count += len(statements)
        enabler.by_level = [  # type: ignore[attr-defined]
            (lv, [s for s in statements if s.level_id == lv.pk]) for lv in levels
        ]
        for statement in statements:
            statement.level = level_by_pk[statement.level_id]
    return MaturityGrid(levels=levels, enablers=enablers, statement_count=count)


@dataclass(frozen=True)
class ActivitiesLayout:
    ownership: list[OwnershipKind]
    leaders: list[ActivityLeader]
    areas: list[ActivityArea]  # with .sections: [(group or None, [activities])]
    performance: Scale | None
    activity_count: int


def activities_layout(*, version: FrameworkVersion) -> ActivitiesLayout:
    ownership = list(OwnershipKind.objects.filter(version=version))
    position = {o.pk: i + 1 for i, o in enumerate(ownership)}
    activities = list(Activity.objects.filter(version=version).select_related("ownership"))
    for activity in activities:
        activity.ownership_position = position[activity.ownership_id]  # type: ignore[attr-defined]
    groups = list(ActivityGroup.objects.filter(version=version))
    areas = list(ActivityArea.objects.filter(version=version))
    for area in areas:
        sections: list[tuple[ActivityGroup | None, list[Activity]]] = [
            (g, [a for a in activities if a.group_id == g.pk])
            for g in groups
            if g.area_id == area.pk
        ]
        ungrouped = [a for a in activities if a.area_id == area.pk and a.group_id is None]
        if ungrouped:
            sections.append((None, ungrouped))
        area.sections = sections  # type: ignore[attr-defined]
    performance = (
        Scale.objects.filter(version=version, key=Scale.PERFORMANCE)
        .prefetch_related("options")
        .first()
    )
    return ActivitiesLayout(
        ownership=ownership,
        leaders=list(ActivityLeader.objects.filter(version=version)),
        areas=areas,
        performance=performance,
        activity_count=len(activities),
    )


def dial_groups(*, version: FrameworkVersion) -> list[DialGroup]:
    return list(
        DialGroup.objects.filter(version=version).prefetch_related(
            Prefetch(
                "dials",
                Dial.objects.prefetch_related(
                    Prefetch(
                        "inputs",
                        DialInput.objects.select_related("statement__enabler").order_by(
                            "-weight", "order", "pk"
                        ),
                    )
                ),
            )
        )
    )


def agreement_scale(*, version: FrameworkVersion) -> Scale | None:
    return (
        Scale.objects.filter(version=version, key=Scale.AGREEMENT)
        .prefetch_related("options")
        .first()
    )
