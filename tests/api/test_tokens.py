"""API tokens: made once, kept as a digest, working only while their person belongs to their
organisation, for that organisation only, within their scope and their rate."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.api.models import ApiToken
from assessments.organisations import services as organisation_services
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def _teams(slug: str) -> str:
    return f"/api/v1/organisations/{slug}/teams/"


def test_a_token_is_stored_as_a_digest_and_a_short_prefix_only(owner, organisation, make_token):
    secret, token = make_token(owner, organisation)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret.startswith("pmm_")
    assert len(secret) > 40
    assert row["digest"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["prefix"] == secret[:12]
    assert not any(secret in str(value) for value in row.values())


def test_the_token_page_shows_a_new_token_once(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        "/account/api-tokens/",
        {"name": "Monthly report", "organisation": organisation.slug, "scope": "read"},
    )
    html = response.content.decode()
    token = ApiToken.objects.get(user=owner)
    secret = html.split('id="new-token" value="')[1].split('"')[0]
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert secret.startswith(token.prefix)
    assert f'curl -H "Authorization: Bearer {secret}"' in html
    assert "we show it only this once" in html
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    again = client.get("/account/api-tokens/").content.decode()
    assert secret not in again
    assert f"{token.prefix}…" in again
    assert "Monthly report" in again
    assert bearer(secret).get(_teams(organisation.slug)).status_code == 200


def test_a_token_can_only_be_made_for_ones_own_organisation(client, owner, outsider):
    from assessments.organisations.models import Organisation

    client.force_login(owner)
    theirs = Organisation.objects.get(memberships__user=outsider)
    response = client.post(
        "/account/api-tokens/", {"name": "Theirs", "organisation": theirs.slug, "scope": "write"}
    )
    assert response.status_code == 400
    assert "Pick one of your organisations." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_with_a_reason(client, owner, organisation, make_token):
    secret, token = make_token(owner, organisation)
    assert bearer(secret).get(_teams(organisation.slug)).status_code == 200
    client.force_login(owner)
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 302
    response = bearer(secret).get(_teams(organisation.slug))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "Revoked" in client.get("/account/api-tokens/").content.decode()


def test_nobody_else_revokes_a_token(client, owner, member, organisation, make_token):
    _secret, token = make_token(owner, organisation)
    client.force_login(member)
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_stops_working_when_its_person_leaves_the_organisation(
    owner, member, organisation, make_token
):
    secret, _token = make_token(member, organisation)
    assert bearer(secret).get(_teams(organisation.slug)).status_code == 200
    organisation_services.membership_remove(organisation=organisation, user=member)
    response = bearer(secret).get(_teams(organisation.slug))
    assert response.status_code == 401
    assert "no longer a member" in response.json()["detail"]


def test_an_expired_unknown_or_malformed_token_is_refused(owner, organisation, make_token):
    secret, token = make_token(owner, organisation)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    url = _teams(organisation.slug)
    assert bearer(secret).get(url).status_code == 401
    assert bearer("pmm_" + "x" * 43).get(url).status_code == 401
    assert bearer("not-ours").get(url).status_code == 401
    two_values = APIClient()
    two_values.credentials(HTTP_AUTHORIZATION="Bearer pmm_a pmm_b")
    assert two_values.get(url).json()["detail"].startswith("Send the token as one value")
    anonymous = APIClient().get(url)
    assert anonymous.status_code == 401
    assert "Authorization: Bearer" in anonymous.json()["detail"]


def test_a_token_notes_when_it_was_last_used(owner, organisation, make_token):
    secret, token = make_token(owner, organisation)
    assert token.last_used_at is None
    bearer(secret).get(_teams(organisation.slug))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_read_token_cannot_write(owner, organisation, make_token):
    secret, _token = make_token(owner, organisation, scope="read")
    response = bearer(secret).post(_teams(organisation.slug), {"name": "Search"}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token can only read. To make changes, create a token with write "
        "access on your account's API tokens page."
    }
    assert not organisation.teams.filter(name="Search").exists()


def test_a_token_works_in_its_own_organisation_only(owner, outsider, organisation, make_token):
    from assessments.organisations.models import Organisation

    theirs = Organisation.objects.get(memberships__user=outsider)
    # The owner joins the outsider's organisation too: their token for the first still
    # reaches only the first, as if the other did not exist.
    organisation_services.Membership.objects.create(user=owner, organisation=theirs)
    secret, _token = make_token(owner, organisation)
    response = bearer(secret).get(_teams(theirs.slug))
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not found")
    listed = bearer(secret).get("/api/v1/organisations/").json()["results"]
    assert [o["slug"] for o in listed] == [organisation.slug]


def test_a_session_lists_every_organisation_and_needs_the_csrf_token_to_write(
    owner, outsider, organisation
):
    from assessments.organisations.models import Membership, Organisation

    theirs = Organisation.objects.get(memberships__user=outsider)
    Membership.objects.create(user=owner, organisation=theirs, role=Membership.Role.MEMBER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    listed = client.get("/api/v1/organisations/").json()["results"]
    assert {(o["slug"], o["role"]) for o in listed} == {
        (organisation.slug, "admin"),
        (theirs.slug, "member"),
    }
    refused = client.post(
        _teams(organisation.slug), {"name": "Search"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]


def test_too_many_calls_with_one_token_are_refused_for_a_while(
    settings, owner, member, organisation, make_token
):
    settings.API_TOKEN_RATE = "3/minute"
    secret, _token = make_token(owner, organisation)
    other, _token = make_token(member, organisation)
    url = _teams(organisation.slug)
    assert [bearer(secret).get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = bearer(secret).get(url)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many requests. Try again in")
    assert int(refused["Retry-After"]) > 0
    assert bearer(other).get(url).status_code == 200  # each token counts on its own
    # A signed-in person is counted on their own too.
    session = Client()
    session.force_login(member)
    assert [session.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
