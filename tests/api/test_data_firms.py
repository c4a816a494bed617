"""GET /api/v1/firm/clients/ and /api/v1/firm/reviews/: a consultant's own firm only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.firms.models import FirmClient
from assessments.reviews.models import Review
from tests.api.data_world import api_get, queries_of, token_for
from tests.factories import OrganisationFactory
from tests.reviews.world import firm_with_consultant

pytestmark = pytest.mark.django_db

CLIENTS, REVIEWS = "api:firm_clients", "api:firm_reviews"


@pytest.fixture
def firm_world(organisation, owner, assessment):
    firm, consultant = firm_with_consultant("Laine Partners", "consultant", organisation)
    Review.objects.create(organisation=organisation, firm=firm, title="Spring review")
    rival_firm, rival = firm_with_consultant("Rival", "rival", OrganisationFactory(name="Theirs"))
    Review.objects.create(organisation=organisation, firm=rival_firm, title="Not ours")
    return firm, consultant, rival


def test_a_consultant_reads_their_firms_clients_and_reviews(client, firm_world, organisation):
    _firm, consultant, _rival = firm_world
    client.force_login(consultant)
    clients = api_get(client, reverse(CLIENTS)).json()
    assert [c["slug"] for c in clients["results"]] == [organisation.slug]
    assert [r["name"] for r in clients["results"][0]["rounds"]] == ["Spring health check"]
    reviews = api_get(client, reverse(REVIEWS)).json()
    assert [r["title"] for r in reviews["results"]] == ["Spring review"]
    assert reviews["results"][0]["client"]["slug"] == organisation.slug


def test_another_firm_never_sees_our_clients(client, firm_world, organisation):
    _firm, _consultant, rival = firm_world
    client.force_login(rival)
    clients = api_get(client, reverse(CLIENTS)).json()
    assert organisation.slug not in str(clients)
    reviews = api_get(client, reverse(REVIEWS)).json()
    assert [r["title"] for r in reviews["results"]] == []


def test_someone_in_no_firm_finds_nothing(client, firm_world, owner):
    client.force_login(owner)
    for name in (CLIENTS, REVIEWS):
        got = api_get(client, reverse(name))
        assert got.status_code == 404
        assert set(got.json()) == {"detail"}


def test_a_token_reaches_its_own_organisation_entry_only(client, firm_world, organisation):
    firm, consultant, _rival = firm_world
    second = OrganisationFactory(name="Second client")
    FirmClient.objects.create(firm=firm, organisation=second, created_by=consultant)
    from assessments.organisations.models import Membership

    Membership.objects.create(organisation=second, user=consultant, role="consultant")
    client.force_login(consultant)
    assert api_get(client, reverse(CLIENTS)).json()["count"] == 2
    client.logout()
    secret = token_for(consultant, organisation, "read")
    got = api_get(client, reverse(CLIENTS), token=secret).json()
    assert [c["slug"] for c in got["results"]] == [organisation.slug]


def test_the_client_list_costs_the_same_for_many_clients(client, firm_world):
    firm, consultant, _rival = firm_world
    client.force_login(consultant)
    api_get(client, reverse(CLIENTS))
    few = queries_of(lambda: api_get(client, reverse(CLIENTS)))
    reviews = queries_of(lambda: api_get(client, reverse(REVIEWS)))
    assert 0 < few <= 15
    for i in range(5):
        other = OrganisationFactory(name=f"Client {i}")
        FirmClient.objects.create(firm=firm, organisation=other, created_by=consultant)
        Review.objects.create(organisation=other, firm=firm, title=f"Review {i}")
    assert queries_of(lambda: api_get(client, reverse(CLIENTS))) == few
    assert queries_of(lambda: api_get(client, reverse(REVIEWS))) == reviews
    assert api_get(client, reverse(CLIENTS)).json()["count"] == 6
    assert api_get(client, reverse(REVIEWS)).json()["count"] == 6
