"""The consultant's workspace and the firm's pages, as its consultant, a rival firm's
consultant, a client's admin and someone in no firm see them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.firms.logos import MAX_LOGO_BYTES
from assessments.firms.models import Firm, FirmClient, FirmMember
from assessments.organisations.models import Membership, Organisation, OrganisationInvitation
from assessments.reviews.models import Review
from tests.background import run_tasks
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    open_round,
)
from tests.firms.images import HTML_AS_PNG, JPEG_HEAD, png_bytes
from tests.home.test_home import invite_and_answer

pytestmark = pytest.mark.django_db
WORKSPACE = "/firm/"


def page(client, user, path=WORKSPACE):
    client.force_login(user)
    response = client.get(path)
    return response, response.content.decode()


def test_the_workspace_shows_every_client_with_its_rounds_reviews_and_admins(
    client, firm, consultant, colleague, organisation, owner, team, sample_version
):
    assessment = open_round(organisation, team, sample_version, owner)
    review = Review.objects.create(
        organisation=organisation,
        firm=firm,
        title="Spring review",
        status=Review.Status.FIELDWORK,
        due_on=date(2026, 5, 29),
    )
    response, html = page(client, consultant)
    assert response.status_code == 200
    assert '<h1 class="h2 mb-0">Laine Partners</h1>' in html
    assert f'href="{reverse("orgs:organisation", args=[organisation.slug])}"' in html
    assert f'href="{reverse("orgs:assessment", args=[organisation.slug, assessment.pk])}"' in html
    assert f'href="{reverse("orgs:review", args=[organisation.slug, review.pk])}"' in html
    assert "Spring review" in html
    assert "Fieldwork" in html
    assert "29 May 2026" in html
    assert owner.get_full_name() in html  # the client's admin
    assert colleague.get_full_name() in html
    assert f'href="{reverse("orgs:firm_calibration")}"' in html


def test_the_workspace_shows_nothing_of_another_firms_clients(client, firm, consultant, rival):
    Review.objects.create(
        organisation=Organisation.objects.get(name="Elsewhere"),
        firm=Firm.objects.get(name="Rival Advisory"),
        title="Their secret review",
    )
    _response, html = page(client, consultant)
    assert "Elsewhere" not in html
    assert "Their secret review" not in html
    _response, html = page(client, rival)
    assert "Acme Products" not in html
    assert "Elsewhere" in html


def test_a_firm_with_no_clients_says_how_to_start(client):
    founder = UserFactory()
    client.force_login(founder)
    client.post("/firm/new/", {"name": "Fresh Advisory"})
    _response, html = page(client, founder)
    assert "Fresh Advisory has no client organisations yet." in html
    # In no organisation, yet in a firm: the switcher names the firm and marks its workspace.
    assert '<span class="visually-hidden">Firm: </span>Fresh Advisory' in html
    assert f'href="{WORKSPACE}" aria-current="true">' in html
    assert f'href="{reverse("orgs:firm_client_create")}"' in html


def test_someone_in_no_firm_is_offered_to_found_one(client, owner):
    response, _html = page(client, owner)
    assert response["Location"] == reverse("orgs:firm_create")
    response = client.post("/firm/new/", {"name": "Owner Advisory"})
    assert response["Location"] == WORKSPACE
    assert FirmMember.objects.get(user=owner).firm.name == "Owner Advisory"


def test_founding_a_firm_without_a_name_says_so(client, owner):
    client.force_login(owner)
    response = client.post("/firm/new/", {"name": "  "})
    assert response.status_code == 400
    assert "Give the firm a name." in response.content.decode()
    assert not FirmMember.objects.filter(user=owner).exists()


def test_a_consultant_already_in_a_firm_is_sent_to_it_and_cannot_found_another(client, consultant):
    response, _html = page(client, consultant, "/firm/new/")
    assert response["Location"] == WORKSPACE
    refused = client.post("/firm/new/", {"name": "Second"})
    assert refused.status_code == 403
    assert "You already work for Laine Partners" in refused.content.decode()
    assert not Firm.objects.filter(name="Second").exists()


def grow(firm, consultant, version, n):
    """n more clients, each with a round with answers and a review."""
    for _ in range(n):
        org = OrganisationFactory()
        FirmClient.objects.create(firm=firm, organisation=org)
        MembershipFactory(organisation=org, user=consultant, role=Membership.Role.CONSULTANT)
        admin = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
        team = TeamFactory(organisation=org, department__organisation=org)
        invite_and_answer(open_round(org, team, version, admin), team)
        Review.objects.create(organisation=org, firm=firm, title=f"Review of {org.name}")


def test_the_workspace_takes_the_same_queries_for_3_clients_or_8(
    client, firm, consultant, sample_version, django_assert_max_num_queries
):
    grow(firm, consultant, sample_version, 2)  # and the organisation: 3 clients
    client.force_login(consultant)
    with CaptureQueriesContext(connection) as small:
        assert client.get(WORKSPACE).status_code == 200
    grow(firm, consultant, sample_version, 5)
    with django_assert_max_num_queries(len(small)):
        html = client.get(WORKSPACE).content.decode()
    assert html.count("<article") == 8
    assert html.count("Review of ") == 7


def test_creating_a_client_invites_its_head_of_product(client, consultant, colleague, firm):
    client.force_login(consultant)
    response = client.post(
        "/firm/clients/new/",
        {
            "name": "Harbour Bank",
            "departments": "Retail\nBusiness",
            "admin_email": "hop@hb.example",
        },
    )
    org = Organisation.objects.get(name="Harbour Bank")
    assert response["Location"] == reverse("orgs:organisation", args=[org.slug])
    assert org.firm_client.firm == firm
    assert set(org.memberships.values_list("user__username", "role")) == {
        ("consultant", "consultant"),
        ("colleague", "consultant"),
    }
    run_tasks()
    [email] = mail.outbox
    assert email.to == ["hop@hb.example"]
    assert "/join/" in email.body
    assert OrganisationInvitation.objects.get(organisation=org).role == "admin"


def test_a_client_without_a_name_is_refused_with_the_form_again(client, consultant):
    client.force_login(consultant)
    response = client.post("/firm/clients/new/", {"name": "", "admin_email": "bad"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the organisation a name." in html
    assert "Enter a valid email address." in html
    assert FirmClient.objects.count() == 1


def test_a_client_admin_is_invited_later_from_the_workspace(client, consultant, organisation):
    client.force_login(consultant)
    path = f"/firm/clients/{organisation.slug}/invite/"
    response = client.post(path, {"email": "later@acme.example"})
    assert response["Location"] == WORKSPACE
    assert (
        OrganisationInvitation.objects.get(organisation=organisation).email == "later@acme.example"
    )
    refused = client.post(path, {"email": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    _response, html = page(client, consultant)
    assert "invited: later@acme.example" in html


def test_another_firms_client_cannot_be_invited_into(client, consultant, rival):
    client.force_login(rival)
    organisation = Organisation.objects.get(name="Acme Products")
    response = client.post(
        f"/firm/clients/{organisation.slug}/invite/", {"email": "sneaky@example.com"}
    )
    assert response.status_code == 404
    assert not OrganisationInvitation.objects.exists()


# --- the logo ------------------------------------------------------------------------------


def upload(client, user, content, name="logo.png", content_type="image/png"):
    client.force_login(user)
    logo = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post("/firm/edit/", {"name": "Laine Partners", "logo": logo})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HTML_AS_PNG, "The logo must be a PNG or JPEG image."),
        (b"GIF89a" + b"\0" * 40, "The logo must be a PNG or JPEG image."),
        (png_bytes() + b"\0" * MAX_LOGO_BYTES, "it can be at most 512 kB"),
    ],
)
def test_a_logo_is_refused_when_too_large_or_not_a_png_or_jpeg(
    client, consultant, firm, content, message
):
    response = upload(client, consultant, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    firm.refresh_from_db()
    assert not firm.logo


@pytest.mark.parametrize(
    ("content", "content_type"), [(png_bytes(), "image/png"), (JPEG_HEAD, "image/jpeg")]
)
def test_a_logo_is_served_to_the_firm_and_its_clients_with_its_own_type(
    client, consultant, firm, owner, member, content, content_type
):
    # The browser's name and type are ignored: the bytes decide.
    assert upload(client, consultant, content, "logo.gif", "text/html").status_code == 302
    for person in (consultant, owner, member):
        client.force_login(person)
        response = client.get(f"/firm/{firm.slug}/logo")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"].startswith("private")


def test_a_logo_is_a_404_to_anyone_else(client, consultant, firm, rival, outsider, staff):
    upload(client, consultant, png_bytes())
    client.logout()
    assert client.get(f"/firm/{firm.slug}/logo").status_code == 404
    for person in (rival, outsider, staff):
        client.force_login(person)
        assert client.get(f"/firm/{firm.slug}/logo").status_code == 404


def test_the_logo_as_a_data_uri(consultant, firm, client):
    from assessments.firms.selectors import logo_data_uri

    assert logo_data_uri(firm) == ""
    upload(client, consultant, png_bytes())
    firm.refresh_from_db()
    assert logo_data_uri(firm).startswith("data:image/png;base64,iVBORw0KGgo")


# --- the organisation switcher ---------------------------------------------------------------


def test_the_switcher_lists_only_my_organisations_and_marks_where_i_am(
    client, owner, organisation, outsider
):
    second = OrganisationFactory(name="Second Org")
    MembershipFactory(organisation=second, user=owner, role=Membership.Role.MEMBER)
    _response, html = page(client, owner, f"/o/{organisation.slug}/")
    switcher = html[
        html.index('id="org-switcher"') : html.index("</ul>", html.index("org-switcher"))
    ]
    assert "Acme Products" in switcher
    assert "Second Org" in switcher
    assert outsider.memberships.get().organisation.name not in switcher
    assert f'href="/o/{organisation.slug}/" aria-current="true"' in switcher
    assert f'href="/o/{second.slug}/" aria-current' not in switcher
    assert "Firm workspace" not in switcher


def test_the_switcher_offers_a_consultant_the_firm_workspace(client, consultant):
    _response, html = page(client, consultant, "/")
    assert f'href="{WORKSPACE}">Firm workspace' in html
    assert "Open the Laine Partners workspace" in html  # on the home page too


def test_the_switcher_names_the_firm_on_its_pages_and_the_client_inside_one(
    client, consultant, organisation
):
    _response, html = page(client, consultant, "/firm/edit/")
    assert '<span class="visually-hidden">Firm: </span>Laine Partners' in html
    assert f'href="{WORKSPACE}" aria-current="true"' in html
    _response, html = page(client, consultant, f"/o/{organisation.slug}/")
    assert '<span class="visually-hidden">Organisation: </span>Acme Products' in html
    assert f'href="{WORKSPACE}" aria-current' not in html


def test_the_switcher_reads_nothing_for_anonymous_visitors(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from assessments.firms.context_processors import switcher

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        found = switcher(request)["switcher"]
        assert (found.organisations, found.firm, found.current) == ([], None, None)


def test_the_switcher_costs_one_query_however_often_a_page_reads_it(
    rf, consultant, django_assert_num_queries
):
    from assessments.firms.context_processors import switcher

    request = rf.get("/")
    request.user = consultant
    request.resolver_match = None
    found = switcher(request)["switcher"]
    with django_assert_num_queries(1):
        for _ in range(3):
            assert [o.name for o in found.organisations] == ["Acme Products"]
            assert found.firm.name == "Laine Partners"
