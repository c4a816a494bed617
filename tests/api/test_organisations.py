"""Organisations, departments and teams through the API: what every member reads, what only
organisation admins and consultants change, and what bad input gets back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.organisations.models import Department, Membership, Team
from tests.api.conftest import bearer
from tests.factories import DepartmentFactory, MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _api(slug: str) -> str:
    return f"/api/v1/organisations/{slug}"


def test_a_member_reads_the_organisation_its_departments_and_teams(
    member, organisation, team, make_token
):
    api = bearer(make_token(member, organisation, scope="read")[0])
    base = _api(organisation.slug)
    assert api.get(f"{base}/").json() == {
        "slug": organisation.slug,
        "name": "Acme Products",
        "created_at": api.get(f"{base}/").json()["created_at"],
        "role": "member",
        "team": None,
    }
    departments = api.get(f"{base}/departments/").json()
    assert departments["count"] == 1
    assert departments["results"] == [{"id": team.department_id, "name": team.department.name}]
    teams = api.get(f"{base}/teams/").json()["results"]
    assert teams == [{"id": team.pk, "name": "Checkout", "department": team.department_id}]
    assert api.get(f"{base}/teams/{team.pk}/").json()["name"] == "Checkout"
    assert api.get(f"{base}/departments/{team.department_id}/").status_code == 200


def test_an_admin_adds_and_renames_departments_and_teams(owner_api, organisation):
    base = _api(organisation.slug)
    made = owner_api.post(f"{base}/departments/", {"name": "  Growth "}, format="json")
    assert made.status_code == 201
    growth = Department.objects.get(organisation=organisation, name="Growth")
    assert made.json() == {"id": growth.pk, "name": "Growth"}
    team = owner_api.post(
        f"{base}/teams/", {"name": "Search", "department": growth.pk}, format="json"
    )
    assert team.status_code == 201
    assert Team.objects.get(pk=team.json()["id"]).department == growth
    renamed = owner_api.patch(f"{base}/teams/{team.json()['id']}/", {"name": "Find"}, format="json")
    assert renamed.json()["name"] == "Find"
    renamed = owner_api.patch(f"{base}/departments/{growth.pk}/", {"name": "Grow"}, format="json")
    assert renamed.status_code == 200
    assert Department.objects.get(pk=growth.pk).name == "Grow"


@pytest.mark.parametrize("role", [Membership.Role.MEMBER, Membership.Role.TEAM_LEAD])
def test_only_admins_and_consultants_change_the_structure(organisation, team, role, make_token):
    person = MembershipFactory(organisation=organisation, role=role, team=team).user
    api = bearer(make_token(person, organisation, scope="write")[0])
    base = _api(organisation.slug)
    refused = api.post(f"{base}/teams/", {"name": "Search"}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only organisation admins and consultants can do this."}
    assert api.patch(f"{base}/teams/{team.pk}/", {"name": "X"}, format="json").status_code == 403
    assert api.post(f"{base}/departments/", {"name": "X"}, format="json").status_code == 403
    assert set(Team.objects.values_list("name", flat=True)) == {"Checkout"}


def test_a_consultant_changes_the_structure_like_an_admin(organisation, make_token):
    consultant = MembershipFactory(organisation=organisation, role=Membership.Role.CONSULTANT).user
    api = bearer(make_token(consultant, organisation)[0])
    made = api.post(f"{_api(organisation.slug)}/departments/", {"name": "Ops"}, format="json")
    assert made.status_code == 201


def test_another_organisations_department_or_team_is_not_found(owner_api, organisation):
    other = TeamFactory()  # in an organisation of its own, with a department there
    base = _api(organisation.slug)
    for response in (
        owner_api.get(f"{base}/teams/{other.pk}/"),
        owner_api.patch(f"{base}/teams/{other.pk}/", {"name": "Mine"}, format="json"),
        owner_api.get(f"{base}/departments/{other.department_id}/"),
        owner_api.get(f"{_api(other.organisation.slug)}/teams/"),
        owner_api.get(f"{base}/teams/99999999999999999/"),
    ):
        assert response.status_code == 404
        assert response.json()["detail"].startswith("Not found")
    assert Team.objects.get(pk=other.pk).name != "Mine"
    # Nor may a team be put in another organisation's department.
    refused = owner_api.post(
        f"{base}/teams/", {"name": "Search", "department": other.department_id}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["fields"] == {
        "department": ["There is no department with this id in the organisation."]
    }


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name": ["This field is required."]}),
        ({"name": "   "}, {"name": ["This field may not be blank."]}),
        ({"name": ["Search"]}, {"name": ["Not a valid string."]}),
        ({"name": "x" * 121}, {"name": ["Ensure this field has no more than 120 characters."]}),
        ({"name": "checkout"}, {"name": ["There is already a team called checkout."]}),
        ({"name": "Search", "department": "two"}, {"department": ["A valid integer is required."]}),
        (
            {"name": "Search", "department": 2**64},
            {"department": ["Ensure this value is less than or equal to 9223372036854775807."]},
        ),
    ],
)
def test_invalid_fields_are_refused_with_their_reasons(owner_api, organisation, team, body, fields):
    response = owner_api.post(f"{_api(organisation.slug)}/teams/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some of what you sent is not valid: see fields.",
        "fields": fields,
    }
    assert organisation.teams.count() == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        ("{name: ", "application/json", 400, "The body is not valid JSON."),
        ('["Search"]', "application/json", 400, "Invalid data. Expected a dictionary"),
        ("name=Search", "application/x-www-form-urlencoded", 415, "Send the body as JSON"),
        ("\xff\xfe", "application/json", 400, "The body is not valid JSON."),
    ],
)
def test_a_malformed_body_is_refused_not_an_error(
    owner_api, organisation, body, content_type, status, detail
):
    response = owner_api.generic(
        "POST", f"{_api(organisation.slug)}/teams/", body, content_type=content_type
    )
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)


def test_lists_cost_the_same_queries_for_few_rows_or_many(owner, organisation, team, make_token):
    api = bearer(make_token(owner, organisation, scope="read")[0])
    base = _api(organisation.slug)
    api.get(f"{base}/teams/")  # the token's first use notes it; later calls write nothing

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path).status_code == 200
        return len(captured)

    few = {path: queries(f"{base}/{path}/") for path in ("teams", "departments")}
    few["organisations"] = queries("/api/v1/organisations/")
    for _n in range(6):
        TeamFactory(organisation=organisation, department__organisation=organisation)
    many = {path: queries(f"{base}/{path}/") for path in ("teams", "departments")}
    many["organisations"] = queries("/api/v1/organisations/")
    assert many == few
    assert max(many.values()) <= 6


def test_lists_come_a_page_at_a_time(owner_api, organisation):
    for n in range(3):
        DepartmentFactory(organisation=organisation, name=f"Department {n}")
    first = owner_api.get(f"{_api(organisation.slug)}/departments/?page_size=2").json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    second = owner_api.get(first["next"]).json()
    assert [d["name"] for d in second["results"]] == ["Department 2"]
    beyond = owner_api.get(f"{_api(organisation.slug)}/departments/?page=9")
    assert beyond.status_code == 404
