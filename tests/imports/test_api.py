"""Imports through the API: a dry run keeps nothing; an import writes all or nothing, with the
pages' checks and roles."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Department, ImportBatch, Invitation, Membership, Team
from tests.api.conftest import bearer
from tests.factories import MembershipFactory, OrganisationFactory
from tests.imports.test_flow import DEPARTMENTS_CSV, emails_queued, structure
from tests.imports.test_parsing import xlsx


def departments(org) -> str:
    return f"/api/v1/organisations/{org.slug}/departments/import/"


def invitations(org, assessment) -> str:
    return f"/api/v1/organisations/{org.slug}/rounds/{assessment.pk}/invitations/import/"


def send(api, url: str, data: bytes, name: str = "file.csv"):
    return api.post(url, {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_a_dry_run_previews_and_keeps_nothing(owner_api, organisation):
    before = structure(organisation)
    response = send(owner_api, departments(organisation) + "?dry_run=true", DEPARTMENTS_CSV)
    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] is True
    assert body["can_import"] is True
    assert (body["new"], body["unchanged"], body["problems"]) == (3, 0, 0)
    assert body["lines"][0] == {
        "line": 2,
        "values": {"department": "Growth", "team": "Search"},
        "outcome": "new",
        "text": "New department. New team in Growth.",
    }
    assert structure(organisation) == before
    assert not ImportBatch.objects.exists()


def test_an_import_writes_once_and_again_adds_nothing(owner_api, organisation):
    response = send(owner_api, departments(organisation), DEPARTMENTS_CSV)
    assert response.status_code == 201
    assert response.json()["detail"] == "Added 2 departments and 2 teams."
    assert response.json()["written"][2] == {"line": 3, "text": "Added the team Ads to Growth."}
    after = structure(organisation)
    assert ("Ads", "Growth") in after[1]
    again = send(owner_api, departments(organisation), DEPARTMENTS_CSV)
    assert again.status_code == 200
    assert again.json()["detail"] == "Nothing to add: every line is there already."
    assert structure(organisation) == after


def test_a_file_with_problems_is_refused_whole(owner_api, organisation):
    data = b"department,team\nGrowth,Search\nSales,search\n"
    dry = send(owner_api, departments(organisation) + "?dry_run=true", data)
    assert dry.status_code == 200
    assert dry.json()["can_import"] is False
    response = send(owner_api, departments(organisation), data)
    assert response.status_code == 400
    assert response.json()["lines"][1]["text"] == (
        "The same team twice in the file (first on line 2)."
    )
    assert not Department.objects.filter(name="Growth").exists()


def test_no_file_or_an_unreadable_one_is_a_400_that_says_why(owner_api, organisation):
    empty_json = owner_api.post(departments(organisation), {}, format="json")
    assert empty_json.status_code == 400
    assert "multipart/form-data" in empty_json.json()["fields"]["file"][0]
    pdf = send(owner_api, departments(organisation), b"%PDF-1.4", "report.pdf")
    assert pdf.status_code == 400
    assert pdf.json()["fields"]["file"] == [
        "This is a PDF, not a spreadsheet. Upload a .csv or .xlsx file."
    ]
    missing = send(owner_api, departments(organisation), b"")
    assert missing.status_code == 400


def test_who_may_import_through_the_api(organisation, owner, member, make_token):
    read_only = bearer(make_token(owner, organisation, scope="read")[0])
    assert send(read_only, departments(organisation), DEPARTMENTS_CSV).status_code == 403
    as_member = bearer(make_token(member, organisation)[0])
    assert send(as_member, departments(organisation), DEPARTMENTS_CSV).status_code == 403
    elsewhere = OrganisationFactory()
    MembershipFactory(organisation=elsewhere, user=owner, role=Membership.Role.ADMIN)
    other_token = bearer(make_token(owner, elsewhere)[0])
    assert send(other_token, departments(organisation), DEPARTMENTS_CSV).status_code == 404
    assert not Team.objects.filter(name="Search").exists()


def test_a_team_lead_imports_invitations_to_their_round(
    organisation, team_lead, assessment, make_token
):
    api = bearer(make_token(team_lead, organisation)[0])
    data = xlsx([["Email", "Name"], ["kim@example.com", "Kim"], ["lee@example.com", None]])
    dry = send(api, invitations(organisation, assessment) + "?dry_run=1", data, "people.xlsx")
    assert dry.status_code == 200
    assert dry.json()["new"] == 2
    assert emails_queued() == 0
    response = send(api, invitations(organisation, assessment), data, "people.xlsx")
    assert response.status_code == 201
    assert response.json()["detail"] == "Sent 2 personal links by email."
    made = Invitation.objects.filter(
        assessment=assessment, email__in=["kim@example.com", "lee@example.com"]
    )
    assert sorted(made.values_list("email", "name")) == [
        ("kim@example.com", "Kim"),
        ("lee@example.com", ""),
    ]
    assert emails_queued() == 2
