"""The consulting part of the URL world (tests/factories.py ``build_url_world``): a firm that
serves the organisation, with a consultant, a review with evidence and a moderation, a draft
questionnaire adapted for the client; and a rival firm serving another organisation."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from assessments.firms.models import Firm, FirmClient, FirmInvitation, FirmMember
from assessments.organisations.models import Membership, Organisation
from assessments.reviews.models import Evidence, Moderation, Review
from frameworks import services as framework_services
from tests.firms.images import png_bytes

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def firm_with_consultant(name: str, username: str, client: Organisation) -> tuple[Firm, Any]:
    from tests.factories import MembershipFactory

    firm = Firm.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    user = MembershipFactory(
        organisation=client, role=Membership.Role.CONSULTANT, user__username=username
    ).user
    FirmMember.objects.create(firm=firm, user=user)
    FirmClient.objects.create(firm=firm, organisation=client, created_by=user)
    return firm, user


def consulting_world(organisation, team, assessment, version, users) -> dict[str, Any]:
    """Adds "consultant" and "rival" to ``users``; returns the world's consulting keys."""
    from tests.factories import OrganisationFactory

    firm, users["consultant"] = firm_with_consultant("Laine Partners", "consultant", organisation)
    firm.logo.save("logo.png", ContentFile(png_bytes()), save=True)  # served by orgs:firm_logo
    rival_client = OrganisationFactory(name="Rival's Client")
    _rival_firm, users["rival"] = firm_with_consultant("Rival Advisory", "rival", rival_client)
    review = Review.objects.create(
        organisation=organisation, firm=firm, title="Spring review", created_by=users["consultant"]
    )
    review.rounds.add(assessment)
    review.consultants.add(users["consultant"])
    enabler = version.enabler_set.order_by("order", "pk").first()
    note = Evidence.objects.create(
        review=review,
        kind=Evidence.Kind.NOTE,
        enabler_key=enabler.key,
        title="Interview with the head of product",
        text="Roles are written down for two teams out of five.",
        added_by=users["consultant"],
    )
    document = Evidence(
        review=review,
        kind=Evidence.Kind.DOCUMENT,
        enabler_key=enabler.key,
        title="Role descriptions",
        document_name="roles.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        added_by=users["consultant"],
    )
    document.document.save("roles.pdf", ContentFile(PDF_BYTES), save=True)
    moderation = Moderation.objects.create(
        review=review,
        enabler_key=enabler.key,
        level="immature",
        reason="Interviews show the roles are unwritten in most teams.",
        set_by=users["consultant"],
    )
    moderation.evidence.add(note)
    fork = framework_services.version_fork(
        version=version, label="0.3-client", organisation=organisation
    )
    return {
        "firm": firm.slug,
        "review": review.pk,
        "evidence": note.pk,
        "document": document.pk,
        "enabler_key": enabler.key,
        "statement_key": enabler.statements.order_by("order", "pk").first().key,
        "client_fork": fork.pk,
        "rival_client": rival_client.slug,
        **fork_parts(fork, firm),
        **firm_invitation(firm, users),
    }


def firm_invitation(firm, users) -> dict[str, Any]:
    """A pending invitation to join the firm, sent to the outsider (in no firm, nor in any of
    its clients): the only one who may accept it."""
    from datetime import timedelta

    from django.utils import timezone

    from assessments.tokens import new_token, token_digest

    token = new_token()
    invitation = FirmInvitation.objects.create(
        firm=firm,
        email=users["outsider"].email.lower(),
        token_hash=token_digest(token),
        invited_by=users["consultant"],
        expires_at=timezone.now() + timedelta(days=7),
    )
    return {"firm_join_token": token, "firm_invitation": invitation.pk}


def fork_parts(fork, firm) -> dict[str, Any]:
    """What the questionnaires room's rows act on: a statement (the middle one, so it moves
    both ways), a level descriptor and a recommendation of the client's draft fork; and a
    draft fork owned by the firm (its consultants change it, the client's admins read it)."""
    statements = list(fork.statement_set.order_by("order", "pk").values_list("pk", flat=True))
    firm_fork = framework_services.version_fork(
        version=fork.forked_from, label="0.4-firm", firm=firm
    )
    return {
        "fork_statement": statements[len(statements) // 2],
        "fork_descriptor": fork.leveldescriptor_set.order_by("pk").first().pk,
        "fork_recommendation": fork.recommendation_set.order_by("pk").first().pk,
        "fork_level": fork.level_set.order_by("order", "pk").first().pk,
        "firm_fork": firm_fork.pk,
        "base_version": fork.forked_from_id,
    }
