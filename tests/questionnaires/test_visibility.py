"""Nobody else sees the fork: the round form offers an adapted version only where it belongs,
the public instrument pages never show one, and a round on the fork compares with a round on
the version it came from, statement by statement, by key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.organisations.models import Membership
from assessments.questionnaires import services
from assessments.questionnaires.selectors import versions_for
from assessments.rounds import services as round_services
from assessments.rounds.forms import AssessmentForm
from frameworks import models as fm
from tests.factories import MembershipFactory, open_round

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


def test_a_firms_version_never_starts_from_one_clients_own(
    published_fork, organisation, firm, second_client, rival, sample_version
):
    # One client's adapted content (and the client's name in its label) would reach them all.
    with pytest.raises(services.QuestionnaireRefused):
        services.questionnaire_fork(base=published_fork, label="0.1-spread", firm=firm)
    # Nor does an organisation start from another's version, or from a firm not serving it.
    _rival_user, rival_client = rival
    with pytest.raises(services.QuestionnaireRefused):
        services.questionnaire_fork(
            base=published_fork, label="0.1-took", organisation=rival_client
        )
    theirs = services.questionnaire_publish(
        version=services.questionnaire_fork(base=sample_version, label="0.1-ff", firm=firm)
    )
    with pytest.raises(services.QuestionnaireRefused):
        services.questionnaire_fork(base=theirs, label="0.1-took2", organisation=rival_client)
    # The firm's clients may.
    mine = services.questionnaire_fork(base=theirs, label="0.1-beta", organisation=second_client)
    assert mine.forked_from == theirs


def test_the_fork_form_refuses_a_firm_version_from_one_clients_own(
    client, consultant, organisation, published_fork
):
    client.force_login(consultant)
    response = client.post(
        reverse("orgs:questionnaire_fork", args=[organisation.slug]),
        {"base": published_fork.pk, "label": "", "owner": "firm"},
    )
    assert response.status_code == 400
    assert "adapted for Acme Products alone" in response.content.decode()
    assert not fm.FrameworkVersion.objects.filter(firm__isnull=False).exists()


def test_another_clients_version_is_never_named_as_what_a_version_is_based_on(
    client, consultant, organisation, second_client, published_fork, firm
):
    from frameworks import services as framework_services

    # Made before the rule above (straight through the frameworks service).
    spread = framework_services.version_fork(version=published_fork, label="0.1-old", firm=firm)
    beta_admin = MembershipFactory(organisation=second_client, role=Membership.Role.ADMIN).user
    client.force_login(beta_admin)
    room = reverse("orgs:questionnaires", args=[second_client.slug])
    html = client.get(room).content.decode()
    assert "0.1-old" in html
    assert published_fork.label not in html
    assert "based on an earlier adapted version" in html
    page = reverse("orgs:questionnaire", args=[second_client.slug, spread.pk])
    html = client.get(page).content.decode()
    assert published_fork.label not in html
    assert organisation.name not in html
    # Where it is the organisation's own, it is named.
    client.force_login(consultant)
    html = client.get(reverse("orgs:questionnaire", args=[organisation.slug, spread.pk]))
    assert published_fork.label in html.content.decode()
