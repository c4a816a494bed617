"""Importing from a spreadsheet, as the people who do it: upload, check the preview, confirm.

Nothing is written before the confirm; a confirm checks the lines against the database again,
writes all or nothing, and writes once however often it is submitted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.models import Department, ImportBatch, Invitation, Membership, Team
from tests.factories import MembershipFactory, TeamFactory, open_round
from tests.imports.test_parsing import xlsx

DEPARTMENTS_CSV = "\ufeffDepartment;Team\r\nGrowth;Search\r\nGrowth;Ads\r\nPlatform;\r\n".encode()


def departments_url(org) -> str:
    return f"/o/{org.slug}/departments/import/"


def invitations_url(org, assessment) -> str:
    return f"/o/{org.slug}/assessments/{assessment.pk}/invite/import/"


def upload(client, url: str, data: bytes, name: str = "people.csv"):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def structure(org) -> tuple[list[str], list[tuple[str, str]]]:
    departments = list(Department.objects.filter(organisation=org).values_list("name", flat=True))
    teams = list(
        Team.objects.filter(organisation=org)
        .order_by("name")
        .values_list("name", "department__name")
    )
    return sorted(departments), teams


def emails_queued() -> int:
    return DBTaskResult.objects.filter(queue_name="email").count()


@pytest.fixture
def manager_client(client, owner):
    client.force_login(owner)
    return client


def test_departments_preview_then_confirm_writes_once(manager_client, organisation, team):
    before = structure(organisation)
    response = upload(manager_client, departments_url(organisation), DEPARTMENTS_CSV)
    assert response.status_code == 302
    preview = manager_client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 new departments" in html
    assert "2 new teams" in html
    assert "New team in Growth." in html
    assert "Add 2 departments and 2 teams" in html
    assert structure(organisation) == before  # nothing written by the upload or the preview

    confirm = response["Location"] + "confirm/"
    done = manager_client.post(confirm, follow=True)
    assert "Added 2 departments and 2 teams." in done.content.decode()
    assert "Added the team Ads to Growth." in done.content.decode()
    after = structure(organisation)
    assert after[0] == sorted([*before[0], "Growth", "Platform"])
    assert ("Search", "Growth") in after[1]
    assert ("Ads", "Growth") in after[1]

    again = manager_client.post(confirm)  # a double click, or the back button and again
    assert again.status_code == 302
    assert structure(organisation) == after
    assert ImportBatch.objects.get().confirmed_at is not None


def test_a_file_with_a_problem_is_not_imported_at_all(manager_client, organisation, team):
    data = f"department,team\nGrowth,Search\nSales,{team.name}\n".encode()
    location = upload(manager_client, departments_url(organisation), data)["Location"]
    html = manager_client.get(location).content.decode()
    assert "1 line with a problem" in html
    assert f"{team.name} is already a team, in {team.department.name}" in html
    assert 'class="table-danger"' in html
    assert "Add 1 department" not in html
    before = structure(organisation)
    response = manager_client.post(location + "confirm/", follow=True)
    assert (
        "Nothing was added: 1 line can&#x27;t be imported as it stands."
        in response.content.decode()
    )
    assert structure(organisation) == before
    assert ImportBatch.objects.get().confirmed_at is None


def test_the_confirm_checks_the_database_again(manager_client, organisation):
    location = upload(manager_client, departments_url(organisation), DEPARTMENTS_CSV)["Location"]
    growth = Department.objects.create(organisation=organisation, name="Growth")
    TeamFactory(organisation=organisation, department=None, name="Ads")  # since the preview
    response = manager_client.post(location + "confirm/", follow=True)
    assert "Nothing was added" in response.content.decode()
    assert not Team.objects.filter(name="Search").exists()
    assert list(growth.teams.all()) == []


def test_an_expired_upload_is_gone(manager_client, organisation):
    location = upload(manager_client, departments_url(organisation), DEPARTMENTS_CSV)["Location"]
    ImportBatch.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert manager_client.get(location).status_code == 410
    response = manager_client.post(location + "confirm/", follow=True)
    assert "This upload has expired" in response.content.decode()
    assert not Department.objects.filter(name="Growth").exists()
    # The next upload clears uploads past their expiry.
    upload(manager_client, departments_url(organisation), DEPARTMENTS_CSV)
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "empty.csv", "The file is empty"),
        (b"%PDF-1.4 whatever", "report.pdf", "This is a PDF"),
        (b"PK\x03\x04broken", "book.xlsx", "couldn"),
        (b"name,email\nA,b@c.d\n", "wrong.csv", "we need department"),
    ],
)
def test_a_file_that_cant_be_read_is_a_message_not_an_error(
    manager_client, organisation, data, name, says
):
    response = upload(manager_client, departments_url(organisation), data, name)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_malformed_posts_are_refused_with_the_form(manager_client, organisation):
    url = departments_url(organisation)
    nothing = manager_client.post(url, {})
    assert nothing.status_code == 400
    assert "Choose a file to upload." in nothing.content.decode()
    assert manager_client.post(url, {"file": "not a file"}).status_code == 400
    big = b"department\n" + b"x" * (2 * 1024 * 1024)
    response = upload(manager_client, url, big)
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    assert manager_client.get(url + "template.pdf").status_code == 404
    assert manager_client.get(url + "99999/").status_code == 404
    assert manager_client.post(url + "99999/confirm/").status_code == 404


def test_templates_download_as_csv_and_xlsx_and_read_back(manager_client, organisation):
    from assessments.imports.departments import COLUMNS
    from assessments.imports.parsing import read_table

    url = departments_url(organisation)
    for fmt in ("csv", "xlsx"):
        response = manager_client.get(f"{url}template.{fmt}")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        [line] = read_table(response.content, COLUMNS).lines
        assert line.values == {"department": "Consumer Apps", "team": "Checkout"}


def test_only_managers_import_departments_and_only_their_own_uploads(
    client, organisation, owner, member, team_lead, outsider
):
    location = None
    client.force_login(owner)
    location = upload(client, departments_url(organisation), DEPARTMENTS_CSV)["Location"]
    for user in (member, team_lead):
        client.force_login(user)
        assert client.get(departments_url(organisation)).status_code == 403
        assert upload(client, departments_url(organisation), DEPARTMENTS_CSV).status_code == 403
        assert client.post(location + "confirm/").status_code == 403
    client.force_login(outsider)
    assert client.get(location).status_code == 404
    assert client.post(location + "confirm/").status_code == 404
    # Another admin of the organisation doesn't see someone else's upload either.
    other_admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    client.force_login(other_admin)
    assert client.get(location).status_code == 404
    assert client.post(location + "confirm/").status_code == 404
    assert not Department.objects.filter(name="Growth").exists()


def test_the_preview_reads_in_a_few_queries_however_long_the_file(
    manager_client, organisation, django_assert_max_num_queries
):
    rows = "".join(f"Department {n % 40},Team {n}\n" for n in range(600))
    location = upload(
        manager_client, departments_url(organisation), f"department,team\n{rows}".encode()
    )["Location"]
    with django_assert_max_num_queries(8):
        response = manager_client.get(location)
    assert "600 new teams" in response.content.decode()


# --- a round's personal invitations ----------------------------------------------------------


@pytest.fixture
def two_team_round(organisation, team, sample_version, owner):
    search = TeamFactory(organisation=organisation, department=team.department, name="Search")
    return open_round(organisation, team, sample_version, owner, teams=[team, search])


def test_invitations_preview_then_confirm_sends_once(manager_client, organisation, two_team_round):
    url = invitations_url(organisation, two_team_round)
    data = xlsx(
        [
            ["Email", "Name", "Team", "Role"],
            ["ann@example.com", "Ann", "checkout", "engineer"],
            ["bo@example.com", None, "Search", None],
        ]
    )
    location = upload(manager_client, url, data, "people.xlsx")["Location"]
    html = manager_client.get(location).content.decode()
    assert "2 new invitations" in html
    assert "Send 2 personal links" in html
    assert "&ldquo;Role&rdquo;" in html  # the column we don't use is named
    assert not Invitation.objects.filter(email="ann@example.com").exists()
    assert emails_queued() == 0

    manager_client.post(location + "confirm/")
    manager_client.post(location + "confirm/")
    made = Invitation.objects.filter(assessment=two_team_round, kind="personal").order_by("email")
    assert [(i.email, i.name, i.team.name) for i in made] == [
        ("ann@example.com", "Ann", "Checkout"),
        ("bo@example.com", "", "Search"),
    ]
    assert emails_queued() == 2
    # Uploading the same file again invites nobody twice.
    location = upload(manager_client, url, data, "people.xlsx")["Location"]
    html = manager_client.get(location).content.decode()
    assert "Already invited (to Checkout): no second email." in html
    assert "Nothing to add" in html


def test_a_team_lead_imports_invitations_to_their_own_round_only(
    client, organisation, team, team_lead, member, assessment, two_team_round
):
    data = b"email\nzed@example.com\n"
    client.force_login(team_lead)
    location = upload(client, invitations_url(organisation, assessment), data)["Location"]
    client.post(location + "confirm/")
    assert Invitation.objects.filter(email="zed@example.com", team=team).count() == 1
    # A round of their team and another is run by an admin: a 403, as on the round's page.
    assert client.get(invitations_url(organisation, two_team_round)).status_code == 403
    client.force_login(member)
    assert upload(client, invitations_url(organisation, assessment), data).status_code == 403


def test_a_closed_round_takes_no_new_invitations(manager_client, organisation, assessment):
    url = invitations_url(organisation, assessment)
    location = upload(manager_client, url, b"email\nlate@example.com\n")["Location"]
    assessment.closed_early_at = timezone.now()
    assessment.save()
    response = manager_client.post(location + "confirm/", follow=True)
    assert "This round is closed" in response.content.decode()
    assert not Invitation.objects.filter(email="late@example.com").exists()
    assert "This round is closed" in manager_client.get(url).content.decode()


def test_another_organisations_round_is_not_found(client, outsider, organisation, assessment):
    client.force_login(outsider)
    url = invitations_url(organisation, assessment)
    assert client.get(url).status_code == 404
    assert client.get(url + "template.csv").status_code == 404


def test_the_invitations_template_has_a_team_column_when_the_round_has_several(
    manager_client, organisation, assessment, two_team_round
):
    one = manager_client.get(invitations_url(organisation, assessment) + "template.csv")
    several = manager_client.get(invitations_url(organisation, two_team_round) + "template.csv")
    assert one.content.decode("utf-8-sig").splitlines()[0] == "email,name,team"
    assert "Checkout" in several.content.decode("utf-8-sig")
    missing = upload(
        manager_client, invitations_url(organisation, two_team_round), b"email\na@b.example\n"
    )
    assert missing.status_code == 400
    assert "we need team" in missing.content.decode()


def test_the_invitations_preview_reads_in_a_few_queries(
    manager_client, organisation, two_team_round, django_assert_max_num_queries
):
    rows = "".join(f"p{n}@example.com,Person {n},Search\n" for n in range(500))
    url = invitations_url(organisation, two_team_round)
    location = upload(manager_client, url, f"email,name,team\n{rows}".encode())["Location"]
    with django_assert_max_num_queries(10):
        response = manager_client.get(location)
    assert "500 new invitations" in response.content.decode()
