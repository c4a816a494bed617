"""Who may reach the questionnaires room.

Organisation admins and consultants see the versions their organisation may use; anyone
else in the organisation gets a 403, and a version the organisation may not see (another
organisation's or another firm's fork, a draft for everyone) is a 404. A version adapted for
the organisation is changed by its admins and consultants; one adapted by a consulting firm
only by that firm's consultants (from any of its clients): the client's admins read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from assessments.firms.access import serving_firm
from assessments.firms.models import Firm
from assessments.organisations.access import OrgAccess, org_access
from assessments.questionnaires.selectors import versions_seen_by
from frameworks.models import (
    FrameworkVersion,
    LevelDescriptor,
    Recommendation,
    Statement,
)


@dataclass(frozen=True)
class QuestionnairePlace:
    """A version as seen from inside one organisation, by one of its managers."""

    access: OrgAccess
    version: FrameworkVersion
    firm: Firm | None  # the firm this person consults for here, if any

    @property
    def can_edit(self) -> bool:
        """Whether this person may change the version's content (while it is a draft)."""
        version = self.version
        if version.organisation_id is not None:
            return version.organisation_id == self.access.organisation.pk
        return (
            version.firm_id is not None
            and self.firm is not None
            and (version.firm_id == self.firm.pk)
        )

    @property
    def is_draft(self) -> bool:
        return self.version.status == FrameworkVersion.Status.DRAFT and not self.version.is_frozen

    def page_context(self, **extra: Any) -> dict[str, Any]:
        return self.access.page_context(place=self, version=self.version, **extra)


def manager_access(request: HttpRequest, slug: str) -> OrgAccess:
    """The organisation, for its admins and consultants (else a 403; outside it a 404)."""
    access = org_access(request, slug)
    if not access.is_manager:
        raise PermissionDenied(
            "Only organisation admins and consultants can see and adapt the questionnaires."
        )
    return access


def questionnaire_place(request: HttpRequest, slug: str, version_pk: int) -> QuestionnairePlace:
    access = manager_access(request, slug)
    version = get_object_or_404(versions_seen_by(access.organisation), pk=version_pk)
    return QuestionnairePlace(access, version, serving_firm(access))


def editor_place(request: HttpRequest, slug: str, version_pk: int) -> QuestionnairePlace:
    """The place, if this person may change the version (else a 403 saying who may)."""
    place = questionnaire_place(request, slug, version_pk)
    if not place.can_edit:
        version = place.version
        if version.firm is not None:
            raise PermissionDenied(
                f"This questionnaire was adapted by {version.firm.name}: only its consultants "
                f"can change it. You can read and preview it, or adapt your own copy."
            )
        raise PermissionDenied(
            "This version is shared with everyone and cannot be changed here. "
            "Adapt it to make your own copy."
        )
    return place


def statement_in(place: QuestionnairePlace, pk: int) -> Statement:
    return get_object_or_404(
        Statement.objects.select_related("enabler", "level"), version=place.version, pk=pk
    )


def descriptor_in(place: QuestionnairePlace, pk: int) -> LevelDescriptor:
    return get_object_or_404(
        LevelDescriptor.objects.select_related("enabler", "level"), version=place.version, pk=pk
    )


def recommendation_in(place: QuestionnairePlace, pk: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.select_related("enabler"), version=place.version, pk=pk
    )
