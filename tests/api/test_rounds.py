"""Rounds through the API: listed for every member, read in full and run by whoever runs
them on their page, set up by the page's rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.rounds.models import Assessment, Invitation
from tests.api.conftest import bearer
from tests.factories import TeamFactory, answer_all, open_round

pytestmark = pytest.mark.django_db


def _rounds(slug: str) -> str:
    return f"/api/v1/organisations/{slug}/rounds/"


def _new_round(team, **extra):
    return {
        "name": "Autumn check",
        "teams": [team.pk],
        "closes_at": (timezone.now() + timedelta(days=14)).isoformat(),
        **extra,
    }


def test_every_member_lists_the_rounds_as_the_organisation_page_does(
    member, organisation, assessment, make_token
):
    api = bearer(make_token(member, organisation, scope="read")[0])
    listed = api.get(_rounds(organisation.slug)).json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["id"] == assessment.pk
    assert row["name"] == "Spring health check"
    assert row["state"] == "open"
    assert row["teams"] == [{"id": assessment.teams.get().pk, "name": "Checkout"}]
    assert row["can_manage"] is False
    assert row["submitted"] == 0
    assert "participation" not in row


def test_a_member_cannot_read_a_rounds_participation(member, organisation, assessment, make_token):
    api = bearer(make_token(member, organisation, scope="read")[0])
    response = api.get(f"{_rounds(organisation.slug)}{assessment.pk}/")
    assert response.status_code == 403
    assert "team lead or an organisation admin" in response.json()["detail"]


def test_the_team_lead_reads_participation_per_team(
    team_lead, organisation, team, assessment, make_token
):
    answer_all(assessment, team, 3)
    api = bearer(make_token(team_lead, organisation, scope="read")[0])
    detail = api.get(f"{_rounds(organisation.slug)}{assessment.pk}/").json()
    assert detail["can_manage"] is True
    assert detail["participation"] == [
        {"team": {"id": team.pk, "name": "Checkout"}, "invited": 3, "started": 3, "submitted": 3}
    ]
    assert detail["totals"] == {"invited": 3, "started": 3, "submitted": 3}


def test_a_team_lead_does_not_run_another_teams_round(
    team_lead, owner, organisation, sample_version, make_token
):
    other = TeamFactory(organisation=organisation, name="Search")
    theirs = open_round(organisation, other, sample_version, owner)
    api = bearer(make_token(team_lead, organisation)[0])
    base = f"{_rounds(organisation.slug)}{theirs.pk}"
    assert api.get(f"{base}/").status_code == 403
    assert api.post(f"{base}/close/").status_code == 403
    refused = api.post(_rounds(organisation.slug), _new_round(other), format="json")
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["teams"]
    assert Assessment.objects.get(pk=theirs.pk).closed_early_at is None


def test_an_admin_sets_up_a_round_with_a_team_link_per_team(owner_api, organisation, team):
    response = owner_api.post(_rounds(organisation.slug), _new_round(team), format="json")
    assert response.status_code == 201
    made = Assessment.objects.get(pk=response.json()["id"])
    assert made.name == "Autumn check"
    assert made.is_anonymous  # the page's defaults
    assert made.include_maturity
    assert made.include_activities
    assert made.framework_version.status == "published"
    assert list(made.teams.all()) == [team]
    assert made.invitations.filter(kind=Invitation.Kind.TEAM, team=team).count() == 1
    assert response.json()["state"] == "open"
    assert response.json()["participation"][0]["invited"] == 0


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"closes_at": "2001-01-01T09:00:00Z"}, "closes_at", "The closing date is in the past."),
        ({"min_group_size": 1}, "min_group_size", "greater than or equal to 2"),
        ({"include_maturity": False, "include_activities": False}, "non_field_errors", "at least"),
        ({"anonymity": "secret"}, "anonymity", "is not a valid choice"),
        ({"framework_version": 999999}, "framework_version", "valid choice"),
        ({"teams": []}, "teams", "may not be empty"),
        ({"teams": ["one"]}, "teams", "valid integer"),
        ({"closes_at": "next week"}, "closes_at", "wrong format"),
        ({"follows": 999999}, "follows", "There is no earlier round you may follow up."),
    ],
)
def test_a_round_is_refused_for_the_pages_reasons(
    owner_api, organisation, team, extra, field, message
):
    response = owner_api.post(_rounds(organisation.slug), _new_round(team, **extra), format="json")
    assert response.status_code == 400
    assert message in str(response.json()["fields"][field])
    assert not Assessment.objects.exists()


def test_an_anonymous_round_cannot_follow_up_another(owner_api, organisation, team, assessment):
    response = owner_api.post(
        _rounds(organisation.slug), _new_round(team, follows=assessment.pk), format="json"
    )
    assert response.status_code == 400
    assert "Only a named round can start from earlier answers" in str(response.json()["fields"])


def test_a_member_sets_up_no_round(member, organisation, team, make_token):
    api = bearer(make_token(member, organisation)[0])
    response = api.post(_rounds(organisation.slug), _new_round(team), format="json")
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_a_round_set_for_later_is_opened_now_once(owner_api, organisation, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(opens_at=timezone.now() + timedelta(days=2))
    url = f"{_rounds(organisation.slug)}{assessment.pk}/open/"
    opened = owner_api.post(url)
    assert opened.status_code == 200
    assert opened.json()["state"] == "open"
    assert Assessment.objects.get(pk=assessment.pk).opens_at <= timezone.now()
    again = owner_api.post(url)
    assert again.status_code == 400
    assert again.json()["detail"] == "This round is already open."


def test_a_round_is_closed_and_extended(owner_api, organisation, assessment):
    base = f"{_rounds(organisation.slug)}{assessment.pk}"
    closed = owner_api.post(f"{base}/close/")
    assert closed.json()["state"] == "closed"
    assert owner_api.post(f"{base}/open/").json()["detail"].startswith("This round is closed")
    past = owner_api.post(f"{base}/extend/", {"closes_at": "2001-01-01T00:00Z"}, format="json")
    assert past.status_code == 400
    assert past.json()["fields"] == {"closes_at": ["The new closing date must be in the future."]}
    later = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    extended = owner_api.post(
        f"{base}/extend/",
        {"closes_at": later.isoformat(), "auto_remind_days_before_close": 5},
        format="json",
    )
    assert extended.status_code == 200
    assert extended.json()["state"] == "open"
    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.closes_at == later
    assert saved.closed_early_at is None
    assert saved.auto_remind_days_before_close == 5
    bad = owner_api.post(
        f"{base}/extend/",
        {"closes_at": later.isoformat(), "auto_remind_days_before_close": 99},
        format="json",
    )
    assert bad.status_code == 400
    assert "auto_remind_days_before_close" in bad.json()["fields"]


def test_another_organisations_round_is_not_found(owner_api, organisation, sample_version):
    other_team = TeamFactory()
    theirs = open_round(other_team.organisation, other_team, sample_version, None)
    base = f"{_rounds(organisation.slug)}{theirs.pk}"
    assert owner_api.get(f"{base}/").status_code == 404
    assert owner_api.post(f"{base}/close/").status_code == 404
    assert Assessment.objects.get(pk=theirs.pk).closed_early_at is None


def test_the_round_list_costs_the_same_queries_for_few_rounds_or_many(
    owner, organisation, team, assessment, sample_version, make_token
):
    api = bearer(make_token(owner, organisation, scope="read")[0])
    url = _rounds(organisation.slug)
    api.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        extra = TeamFactory(organisation=organisation, department=team.department)
        open_round(organisation, extra, sample_version, owner, name=f"Round {n}")
    assert queries() == few
    assert few <= 6


def test_a_follow_up_is_not_opened_before_the_round_it_follows(
    owner, owner_api, organisation, team, sample_version
):
    from assessments.rounds import services

    soon = timezone.now() + timedelta(days=3)

    def named(name, opens_at, follows=None):
        return services.assessment_create(
            organisation=organisation,
            name=name,
            framework_version=sample_version,
            teams=[team],
            include_maturity=True,
            include_activities=False,
            opens_at=opens_at,
            closes_at=opens_at + timedelta(days=14),
            anonymity="named",
            min_group_size=3,
            created_by=owner,
            follows=follows,
        )

    first = named("First", soon)
    second = named("Second", soon + timedelta(days=2), follows=first)
    refused = owner_api.post(f"{_rounds(organisation.slug)}{second.pk}/open/")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "“First” must have opened before this round opens."
    assert Assessment.objects.get(pk=second.pk).opens_at > soon
