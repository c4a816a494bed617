"""Reads of the questionnaires room: which framework versions an organisation may see and
use, and a version's content shaped for the editor and the preview."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from assessments.firms.models import FirmClient
from assessments.organisations.models import Organisation
from frameworks.models import (
    Enabler,
    FrameworkVersion,
    Level,
    LevelDescriptor,
    Recommendation,
    Scale,
    ScaleOption,
    Statement,
)
from frameworks.selectors import SHARED

Status = FrameworkVersion.Status


def _adapted_for(organisation: Organisation) -> Q:
    """Versions adapted for this organisation, or by the firm that serves it."""
    serving = FirmClient.objects.filter(organisation=organisation).values("firm_id")
    return Q(organisation=organisation) | Q(organisation__isnull=True, firm__in=serving)


def versions_for(organisation: Organisation) -> QuerySet[FrameworkVersion]:
    """Published versions a round of this organisation may use: those for everyone, those
    adapted for it, and those adapted by the firm that serves it. No other organisation's."""
    return (
        FrameworkVersion.objects.filter(SHARED | _adapted_for(organisation))
        .filter(status=Status.PUBLISHED)
        .select_related("framework")
    )


def versions_seen_by(organisation: Organisation) -> QuerySet[FrameworkVersion]:
    """What its admins and consultants see in the questionnaires room: published versions for
    everyone, and every version (drafts too) adapted for it or by the firm serving it."""
    return (
        FrameworkVersion.objects.filter(
            (SHARED & Q(status=Status.PUBLISHED)) | _adapted_for(organisation)
        )
        .select_related("framework", "forked_from", "firm", "organisation")
        .order_by("framework__name", "-created_at", "-pk")
    )


def firm_serving(organisation: Organisation) -> int | None:
    """The pk of the firm that serves this organisation, if any."""
    return (
        FirmClient.objects.filter(organisation=organisation)
        .values_list("firm_id", flat=True)
        .first()
    )


def base_shown(
    version: FrameworkVersion, organisation: Organisation, firm_id: int | None
) -> FrameworkVersion | None:
    """The version this one was adapted from, if this organisation may know it: one for
    everyone, its own, or its firm's. Another organisation's (even its name in a label)
    never shows."""
    base = version.forked_from
    if base is None:
        return None
    if base.organisation_id == organisation.pk:
        return base
    if base.organisation_id is None and base.firm_id in (None, firm_id):
        return base
    return None


@dataclass
class EnablerContent:
    """One enabler of a version as the editor shows it."""

    enabler: Enabler
    statements: list[Statement]  # in the order respondents see them
    descriptors: list[LevelDescriptor]  # in level order
    recommendations: list[Recommendation]


def version_content(version: FrameworkVersion) -> list[EnablerContent]:
    """Every enabler with its statements, level descriptors and recommendations (4 queries)."""
    enablers = Enabler.objects.filter(version=version).prefetch_related(
        Prefetch(
            "statements",
            Statement.objects.select_related("level").order_by("order", "pk"),
        ),
        Prefetch("descriptors", LevelDescriptor.objects.select_related("level")),
        Prefetch(
            "recommendations",
            Recommendation.objects.order_by("step", "order", "pk").prefetch_related("statements"),
        ),
    )
    return [
        EnablerContent(
            enabler=e,
            statements=list(e.statements.all()),
            descriptors=list(e.descriptors.all()),
            recommendations=list(e.recommendations.all()),
        )
        for e in enablers
    ]


def levels_of(version: FrameworkVersion) -> QuerySet[Level]:
    return Level.objects.filter(version=version)


def agreement_options(version: FrameworkVersion) -> list[ScaleOption]:
    """The answers a respondent picks from for a statement, in order."""
    return list(
        ScaleOption.objects.filter(version=version, scale__key=Scale.AGREEMENT).order_by(
            "order", "pk"
        )
    )


def keys_taken(version: FrameworkVersion, model: type[Statement | Recommendation]) -> set[str]:
    """Keys a new item of this version must not take: those in the version, in every
    version it was forked from, in every version shared with everyone, and in every other
    version its rounds may meet in a comparison (an organisation's own and its firm's; a
    firm's own and its clients'), so a new statement never passes for another when rounds
    are compared by key. Every version counted is one the editor may already see."""
    lineage = []
    current: FrameworkVersion | None = version
    while current is not None and current.pk not in lineage:
        lineage.append(current.pk)
        current = current.forked_from
    neighbours = Q(pk__in=[])
    if version.organisation_id is not None:
        serving = FirmClient.objects.filter(organisation_id=version.organisation_id)
        neighbours = Q(organisation_id=version.organisation_id) | Q(
            organisation__isnull=True, firm__in=serving.values("firm_id")
        )
    elif version.firm_id is not None:
        clients = FirmClient.objects.filter(firm_id=version.firm_id)
        neighbours = Q(firm_id=version.firm_id) | Q(
            organisation__in=clients.values("organisation_id")
        )
    shared = FrameworkVersion.objects.filter(SHARED | neighbours, framework_id=version.framework_id)
    return set(
        model.objects.filter(Q(version_id__in=lineage) | Q(version__in=shared)).values_list(
            "key", flat=True
        )
    )
