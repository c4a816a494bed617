"""Nobody else sees the fork: the round form offers an adapted version only where it belongs,
the public instrument pages never show one, and a round on the fork compares with a round on
the version it came from, statement by statement, by key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.questionnaires import services
from assessments.questionnaires.selectors import versions_for
from assessments.rounds import services as round_services
from assessments.rounds.forms import AssessmentForm
from frameworks import models as fm
from tests.factories import open_round

pytestmark = pytest.mark.django_db


def round_form(organisation, version):
    now = timezone.now()
    return AssessmentForm(
        {
            "name": "Autumn",
            "framework_version": version.pk,
            "teams": [t.pk for t in organisation.teams.all()],
            "include_maturity": "on",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "anonymity": "named",
            "min_group_size": 3,
        },
        teams=organisation.teams.all(),
        organisation=organisation,
    )


@pytest.fixture
def published_fork(draft):
    return services.questionnaire_publish(version=draft)


@pytest.fixture
def firm_fork(sample_version, firm):
    fork = services.questionnaire_fork(base=sample_version, label="0.1-laine", firm=firm)
    return services.questionnaire_publish(version=fork)


def test_a_draft_is_never_offered_for_a_round(draft, organisation):
    assert draft not in versions_for(organisation)


def test_a_published_fork_is_offered_to_its_organisation_alone(
    published_fork, organisation, team, outsider
):
    other = outsider.memberships.get().organisation
    assert published_fork in versions_for(organisation)
    assert published_fork not in versions_for(other)
    assert round_form(organisation, published_fork).is_valid()
    forged = round_form(other, published_fork)
    assert not forged.is_valid()
    assert "framework_version" in forged.errors


def test_a_firm_fork_is_offered_to_the_firms_clients_only(
    firm_fork, organisation, second_client, rival, outsider
):
    assert firm_fork in versions_for(organisation)
    assert firm_fork in versions_for(second_client)
    for elsewhere in (rival[1], outsider.memberships.get().organisation):
        assert firm_fork not in versions_for(elsewhere)
        with pytest.raises(ValidationError):
            round_services.assessment_create(
                organisation=elsewhere,
                name="Borrowed",
                framework_version=firm_fork,
                teams=[],
                include_maturity=True,
                include_activities=False,
                opens_at=timezone.now(),
                closes_at=timezone.now() + timedelta(days=7),
                anonymity="named",
                min_group_size=3,
                created_by=None,
            )


def test_the_public_instrument_pages_never_show_an_adapted_version(
    client, published_fork, firm_fork, owner, consultant, staff, sample_version
):
    for fork in (published_fork, firm_fork):
        for name in ("maturity_model", "activities", "dashboard"):
            url = reverse(f"frameworks:{name}", args=["sample", fork.label])
            for user in (None, owner, consultant, staff):
                client.logout()
                if user is not None:
                    client.force_login(user)
                assert client.get(url).status_code == 404, (url, user)
    client.force_login(staff)
    shared = reverse("frameworks:maturity_model", args=["sample", sample_version.label])
    html = client.get(shared).content.decode()
    assert "0.1-laine" not in html
    assert "0.1-acme" not in html


def test_the_newest_shared_version_stays_the_public_default(client, shipped_version, firm):
    fork = services.questionnaire_fork(base=shipped_version, label="9.9-laine", firm=firm)
    services.questionnaire_publish(version=fork)
    location = client.get("/instruments/maturity-model/")["Location"]
    assert shipped_version.label in location
    assert "9.9-laine" not in location


def test_a_round_on_the_fork_compares_with_a_round_on_the_base_by_key(
    draft, sample_version, organisation, team, owner
):
    purpose = fm.Enabler.objects.get(version=draft, key="purpose")
    managed = fm.Level.objects.get(version=draft, key="managed")
    charter = fm.Statement.objects.get(version=draft, key="p-charter")
    services.statement_update(statement=charter, level=managed, text="We keep a charter.")
    services.statement_remove(statement=fm.Statement.objects.get(version=draft, key="p-lead"))
    added = services.statement_add(enabler=purpose, level=managed, text="We meet customers.")
    services.questionnaire_publish(version=draft)
    on_base = open_round(organisation, team, sample_version, owner)
    on_fork = open_round(organisation, team, draft, owner)

    def statement_keys(assessment):
        version = assessment.framework_version
        return set(fm.Statement.objects.filter(version=version).values_list("key", flat=True))

    def enabler_keys(assessment):
        version = assessment.framework_version
        return set(fm.Enabler.objects.filter(version=version).values_list("key", flat=True))

    assert enabler_keys(on_base) == enabler_keys(on_fork)
    shared = statement_keys(on_base) & statement_keys(on_fork)
    assert shared == {"p-fire", "p-charter"}  # kept (one of them reworded): compared
    assert added.key in statement_keys(on_fork) - statement_keys(on_base)  # new: not compared
