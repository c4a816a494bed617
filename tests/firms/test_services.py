"""The firms room's writes: founding, colleagues and clients keep every consultant of a firm
in every client of it; refusals say why and change nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from assessments.firms import services
from assessments.firms.logos import MAX_LOGO_BYTES
from assessments.firms.models import Firm, FirmClient
from assessments.firms.services import FirmRefused
from assessments.organisations.models import Membership, Organisation, OrganisationInvitation
from tests.background import run_tasks
from tests.factories import UserFactory
from tests.firms.images import HTML_AS_PNG, JPEG_HEAD, png_bytes

pytestmark = pytest.mark.django_db


def link_for(token: str) -> str:
    return f"https://pm.example/join/{token}/"


def consultants_of(org: Organisation) -> set[str]:
    return set(
        org.memberships.filter(role=Membership.Role.CONSULTANT).values_list(
            "user__username", flat=True
        )
    )


def test_founding_a_firm_makes_its_founder_its_first_consultant():
    founder = UserFactory(username="chris")
    firm = services.firm_create(user=founder, name="  Laine Partners ")
    assert (firm.name, firm.slug) == ("Laine Partners", "laine-partners")
    assert list(firm.members.values_list("user__username", flat=True)) == ["chris"]
    again = services.firm_create(user=UserFactory(), name="Laine Partners")
    assert again.slug == "laine-partners-2"


def test_a_person_works_for_one_firm_at_a_time(consultant, firm):
    with pytest.raises(FirmRefused, match="You already work for Laine Partners"):
        services.firm_create(user=consultant, name="Second Firm")
    assert Firm.objects.filter(name="Second Firm").count() == 0


def test_a_new_client_gets_every_consultant_of_the_firm(firm, consultant, colleague):
    client = services.client_create(
        firm=firm,
        name="Harbour Bank",
        departments=["Retail", "", "Retail", "Business"],
        user=consultant,
    )
    org = client.organisation
    assert (client.firm, client.created_by) == (firm, consultant)
    assert consultants_of(org) == {"consultant", "colleague"}
    assert org.memberships.count() == 2  # nobody else: no admin until one is invited
    assert sorted(org.departments.values_list("name", flat=True)) == ["Business", "Retail"]
    assert OrganisationInvitation.objects.filter(organisation=org).count() == 0


def test_a_new_client_can_invite_its_head_of_product_as_admin(firm, consultant):
    client = services.client_create(
        firm=firm,
        name="Harbour Bank",
        departments=[],
        user=consultant,
        admin_email="Head@Harbour.example ",
        link_for=link_for,
    )
    invitation = OrganisationInvitation.objects.get(organisation=client.organisation)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "head@harbour.example",
        Membership.Role.ADMIN,
        consultant,
    )
    run_tasks()
    [email] = mail.outbox
    assert email.to == ["head@harbour.example"]
    assert "Laine Partners" in email.body
    assert "Harbour Bank" in email.body
    assert "https://pm.example/join/" in email.body


def test_inviting_someone_already_in_the_client_is_refused(firm, organisation, owner, consultant):
    client = FirmClient.objects.get(organisation=organisation)
    with pytest.raises(FirmRefused, match="already in Acme Products"):
        services.client_invite_admin(
            client=client, email=owner.email, invited_by=consultant, link_for=link_for
        )
    assert OrganisationInvitation.objects.count() == 0
    run_tasks()
    assert mail.outbox == []


def test_a_refused_admin_invitation_leaves_no_client_behind(firm, consultant):
    with pytest.raises(FirmRefused):
        # The consultant is in every client already: the whole creation is undone.
        services.client_create(
            firm=firm,
            name="Harbour Bank",
            departments=[],
            user=consultant,
            admin_email=consultant.email,
            link_for=link_for,
        )
    assert not Organisation.objects.filter(name="Harbour Bank").exists()


def test_a_logo_is_saved_under_a_name_from_its_bytes_and_the_old_one_deleted(
    firm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.firm_update(
            firm=firm, name="Laine", logo=ContentFile(png_bytes(), name="photo.jpeg")
        )
    first = firm.logo.name
    assert first.startswith("firms/laine-partners/logo-")
    assert first.endswith(".png")
    assert default_storage.open(first).read() == png_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        services.firm_update(firm=firm, name="Laine", logo=ContentFile(JPEG_HEAD, name="x.png"))
    assert firm.logo.name.endswith(".jpg")
    assert not default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.firm_update(firm=firm, name="Laine", remove_logo=True)
    firm.refresh_from_db()
    assert not firm.logo


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HTML_AS_PNG, "must be a PNG or JPEG"),
        (png_bytes() + b"\0" * MAX_LOGO_BYTES, "at most 512 kB"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused(firm, content, message):
    with pytest.raises(FirmRefused, match=message):
        services.firm_update(firm=firm, name="Renamed", logo=ContentFile(content, name="a.png"))
    firm.refresh_from_db()
    assert (firm.name, bool(firm.logo)) == ("Laine Partners", False)
