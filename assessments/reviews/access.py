"""Who may see and run a review.

A review is reached through its organisation (another organisation's is a 404). Inside,
the firm's consultants run it: scope, evidence, moderation, the report and its handover.
The client's own admins read all of it, evidence documents included; nobody else does.
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
from assessments.organisations.models import Membership
from assessments.reviews.models import Evidence, Review


@dataclass(frozen=True)
class ReviewPlace:
    access: OrgAccess
    firm: Firm | None  # the firm this person consults for here; None for the client's admins

    @property
    def runs_reviews(self) -> bool:
        return self.firm is not None

    def page_context(self, **extra: Any) -> dict[str, Any]:
        return self.access.page_context(review_place=self, **extra)


@dataclass(frozen=True)
class ReviewAccess:
    place: ReviewPlace
    review: Review

    @property
    def access(self) -> OrgAccess:
        return self.place.access

    @property
    def can_edit(self) -> bool:
        """The firm's consultants change a review until it is delivered."""
        return self.can_run and self.review.status != Review.Status.DELIVERED

    @property
    def can_run(self) -> bool:
        """The firm's consultants: status, handover and reopening are theirs."""
        return self.place.firm is not None and self.place.firm.pk == self.review.firm_id

    def page_context(self, **extra: Any) -> dict[str, Any]:
        return self.place.page_context(review=self.review, review_access=self, **extra)


def review_place(request: HttpRequest, slug: str) -> ReviewPlace:
    """The organisation's reviews, for its admins and the consultants of the firm serving it."""
    return place_for(org_access(request, slug))


def place_for(access: OrgAccess) -> ReviewPlace:
    """The same check for work that starts from an OrgAccess (background work re-checks with
    ``member_access``), not from a request."""
    firm = serving_firm(access)
    if firm is None and access.membership.role != Membership.Role.ADMIN:
        raise PermissionDenied(
            "Reviews are for the consultants running them and the organisation's admins."
        )
    return ReviewPlace(access, firm)


def runner_place(request: HttpRequest, slug: str) -> ReviewPlace:
    """The organisation, for a consultant of the firm serving it (who may start a review)."""
    place = review_place(request, slug)
    if not place.runs_reviews:
        raise PermissionDenied("Only the consultants of the firm serving this organisation can.")
    return place


def review_in(request: HttpRequest, slug: str, pk: int) -> ReviewAccess:
    return review_of(review_place(request, slug), pk)


def review_of(place: ReviewPlace, pk: int) -> ReviewAccess:
    review = get_object_or_404(
        Review.objects.select_related("firm", "organisation"),
        organisation=place.access.organisation,
        pk=pk,
    )
    return ReviewAccess(place, review)


def review_to_edit(request: HttpRequest, slug: str, pk: int) -> ReviewAccess:
    """The review, if this person may change its evidence and moderation now."""
    found = review_in(request, slug, pk)
    if not found.can_run:
        raise PermissionDenied("Only the consultants running this review can change it.")
    if not found.can_edit:
        raise PermissionDenied("This review has been delivered. Reopen it to change it.")
    return found


def review_to_run(request: HttpRequest, slug: str, pk: int) -> ReviewAccess:
    """The review, if this person runs it (status, handover, reopening)."""
    found = review_in(request, slug, pk)
    if not found.can_run:
        raise PermissionDenied("Only the consultants running this review can change it.")
    return found


def evidence_in(found: ReviewAccess, pk: int) -> Evidence:
    return get_object_or_404(Evidence, review=found.review, pk=pk)
