"""A consulting firm with a client under review and other clients with answered rounds: what
the deliverable's tests (report, benchmark, handover) share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.firms.models import Firm, FirmClient, FirmMember
from assessments.organisations.models import Membership, Organisation, Team
from assessments.reports import store
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.rounds.models import Assessment
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    answer_all,
    load_sample_version,
    open_round,
)
from tests.reviews.world import PDF_BYTES


@dataclass
class Client:
    organisation: Organisation
    team: Team
    assessment: Assessment


@dataclass
class FirmWorld:
    firm: Firm
    consultant: Any
    admin: Any  # the client's head of product
    client: Client  # the one under review
    review: Review
    others: list[Client] = field(default_factory=list)


def answered_client(
    firm: Firm | None, name: str, version: Any, *, agree: int = 3, closed: bool = False
) -> Client:
    """An organisation (a client of ``firm``, if given) with one round of one team: ``agree``
    people agree with every statement and 3 - ``agree`` disagree, so scores differ. ``closed``:
    the round has closed since (a review's benchmark counts only closed rounds)."""
    organisation = OrganisationFactory(name=name)
    team = TeamFactory(organisation=organisation, department__organisation=organisation)
    assessment = open_round(organisation, team, version, None)
    # Anonymous, with groups of two shown: each client's two product managers then rate the
    # statements for product people (under the threshold they would count as not rated).
    assessment.min_group_size = 2
    assessment.save(update_fields=["min_group_size"])
    if agree:
        answer_all(assessment, team, agree, agree="agree")
    if 3 - agree:
        answer_all(assessment, team, 3 - agree, agree="disagree")
    store.refresh(assessment)
    if closed:
        Assessment.objects.filter(pk=assessment.pk).update(closed_early_at=timezone.now())
        assessment.refresh_from_db()
    if firm is not None:
        FirmClient.objects.create(firm=firm, organisation=organisation)
    return Client(organisation, team, assessment)


def firm_world(others: int = 5, firm_name: str = "Laine Partners") -> FirmWorld:
    """A firm with a consultant, a client under review (a moderated enabler citing a note;
    a link and a document) and ``others`` other answered clients."""
    version = load_sample_version()
    firm = Firm.objects.create(name=firm_name, slug=firm_name.lower().replace(" ", "-"))
    client = answered_client(firm, "Brightwater", version)
    consultant = MembershipFactory(
        organisation=client.organisation,
        role=Membership.Role.CONSULTANT,
        user__username="chris",
        user__first_name="Chris",
    ).user
    FirmMember.objects.create(firm=firm, user=consultant)
    admin = MembershipFactory(
        organisation=client.organisation, role=Membership.Role.ADMIN, user__username="hop"
    ).user
    review = Review.objects.create(
        organisation=client.organisation, firm=firm, title="Spring review", created_by=consultant
    )
    review.rounds.add(client.assessment)
    review.consultants.add(consultant)
    note = Evidence.objects.create(
        review=review,
        kind=Evidence.Kind.NOTE,
        enabler_key="purpose",
        title="Interview with the head of product",
        text="No charter exists.",
        added_by=consultant,
    )
    Evidence.objects.create(
        review=review,
        kind=Evidence.Kind.LINK,
        enabler_key="purpose",
        statement_key="p-charter",
        title="The wiki page",
        url="https://wiki.example.com/charter",
        added_by=consultant,
    )
    document = Evidence(
        review=review,
        kind=Evidence.Kind.DOCUMENT,
        enabler_key="purpose",
        title="Role descriptions",
        document_name="roles.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        added_by=consultant,
    )
    document.document.save("roles.pdf", ContentFile(PDF_BYTES), save=True)
    moderation = Moderation.objects.create(
        review=review,
        enabler_key="purpose",
        level="immature",
        reason="Interviews show the charter was never written.",
        set_by=consultant,
    )
    moderation.evidence.add(note)
    world = FirmWorld(firm, consultant, admin, client, review)
    for i in range(others):
        world.others.append(
            answered_client(firm, f"Other client {i}", version, agree=i % 4, closed=True)
        )
    return world
