"""The "People and teams" page: renaming, moving and deleting teams and departments, people's
roles and teams, removing someone, and never losing the last admin."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.charters.models import Charter, CharterVersion
from assessments.models import RoundTeam
from assessments.organisations import services
from assessments.organisations.models import Department, Membership, OrganisationInvitation, Team
from tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    answer_all,
)

pytestmark = pytest.mark.django_db


def url(name, organisation, *args):
    return reverse(f"orgs:{name}", args=[organisation.slug, *args])


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


# --- renaming and moving ---------------------------------------------------------------------


def test_a_team_is_renamed_and_a_name_in_use_is_refused_whatever_its_case(organisation, team):
    other = TeamFactory(organisation=organisation, department=team.department, name="Search")
    services.team_rename(team=team, name=" checkout ")  # its own name, other case: fine
    assert Team.objects.get(pk=team.pk).name == "checkout"
    with pytest.raises(ValidationError, match="already a team called SEARCH"):
        services.team_rename(team=team, name="SEARCH")
    assert Team.objects.get(pk=other.pk).name == "Search"


def test_a_department_name_in_use_is_refused(organisation, team):
    DepartmentFactory(organisation=organisation, name="Growth")
    with pytest.raises(ValidationError, match="already a department called growth"):
        services.department_rename(department=team.department, name="growth")


def test_a_refused_rename_shows_the_page_again_with_the_message_tied_to_the_field(
    client, owner, organisation, team
):
    TeamFactory(organisation=organisation, department=team.department, name="Search")
    client.force_login(owner)
    response = client.post(url("team_rename", organisation, team.pk), {"name": "Search"})
    assert response.status_code == 400
    html = response.content.decode()
    field_id = f"rename-team-{team.pk}-name"
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html).group(0)
    assert f'aria-describedby="{field_id}_error"' in tag
    assert 'aria-invalid="true"' in tag
    assert re.search(rf'id="{field_id}_error"[^>]*>There is already a team called Search', html)
    assert Team.objects.get(pk=team.pk).name == "Checkout"


def test_a_team_moves_to_another_department_or_none_of_this_organisation_only(
    client, owner, organisation, team
):
    growth = DepartmentFactory(organisation=organisation, name="Growth")
    theirs = DepartmentFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationError):
        services.team_move(team=team, department=theirs)
    client.force_login(owner)
    response = client.post(url("team_move", organisation, team.pk), {"department": theirs.pk})
    assert response.status_code == 400  # not one of the choices
    assert client.post(url("team_move", organisation, team.pk), {"department": growth.pk})[
        "Location"
    ] == url("people", organisation)
    assert Team.objects.get(pk=team.pk).department == growth
    client.post(url("team_move", organisation, team.pk), {"department": ""})
    assert Team.objects.get(pk=team.pk).department is None


# --- deleting ----------------------------------------------------------------------------------


def test_a_team_whose_people_answered_a_round_cannot_be_deleted(
    client, owner, organisation, team, assessment
):
    answer_all(assessment, team, 1)
    client.force_login(owner)
    page = client.get(url("team_delete", organisation, team.pk)).content.decode()
    assert "It can't be deleted" in page
    assert assessment.name in page
    assert "Rename" in page
    response = client.post(url("team_delete", organisation, team.pk))
    assert response.status_code == 409
    assert Team.objects.filter(pk=team.pk).exists()
    with pytest.raises(ValidationError):
        services.team_delete(team=team)


def test_a_team_in_a_round_nobody_answered_leaves_it_and_its_people_have_no_team(
    client, owner, organisation, team, assessment, team_lead
):
    client.force_login(owner)
    page = client.get(url("team_delete", organisation, team.pk)).content.decode()
    assert "taken out of these rounds" in page
    assert assessment.name in page
    assert "1 person whose team it is will have no team." in page
    assert "Its team lead will lead nothing" in page
    assert client.post(url("team_delete", organisation, team.pk)).status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not RoundTeam.objects.filter(assessment=assessment).exists()
    assert membership(team_lead, organisation).team is None


def test_a_department_a_round_grouped_teams_under_cannot_be_deleted(
    client, owner, organisation, team, assessment
):
    department = team.department
    team.department = None
    team.save()  # moved out since: the round still groups it there
    client.force_login(owner)
    page = client.get(url("department_delete", organisation, department.pk)).content.decode()
    assert "These rounds group teams under it" in page
    assert assessment.name in page
    assert client.post(url("department_delete", organisation, department.pk)).status_code == 409
    assert Department.objects.filter(pk=department.pk).exists()


def test_deleting_a_department_leaves_its_teams_in_none_and_takes_its_charter(
    client, owner, organisation
):
    growth = DepartmentFactory(organisation=organisation, name="Growth")
    ads = TeamFactory(organisation=organisation, department=growth, name="Ads")
    charter = Charter.objects.create(organisation=organisation, department=growth)
    CharterVersion.objects.create(charter=charter, number=1)
    client.force_login(owner)
    page = client.get(url("department_delete", organisation, growth.pk)).content.decode()
    assert "These teams will be in no department" in page
    assert "Ads" in page
    assert "Its charter is deleted with it: 1 saved version." in page
    assert client.post(url("department_delete", organisation, growth.pk)).status_code == 302
    assert Team.objects.get(pk=ads.pk).department is None
    assert not Charter.objects.filter(pk=charter.pk).exists()


# --- roles, teams and admins ---------------------------------------------------------------------


def test_a_team_lead_needs_a_team(organisation, member):
    with pytest.raises(ValidationError, match="team lead leads a team"):
        services.membership_change(
            membership=membership(member, organisation), role="team_lead", team=None
        )


def test_a_consultants_role_is_not_changed_here(client, owner, organisation, team):
    consultant = MembershipFactory(organisation=organisation, role=Membership.Role.CONSULTANT)
    with pytest.raises(ValidationError, match="firm"):
        services.membership_change(membership=consultant, role="member", team=None)
    client.force_login(owner)
    response = client.post(
        url("membership_change", organisation, consultant.pk), {"role": "member"}
    )
    assert response.status_code == 403
    # Nor is anyone made a consultant: it is not one of the choices.
    mine = membership(owner, organisation)
    response = client.post(url("membership_change", organisation, mine.pk), {"role": "consultant"})
    assert response.status_code == 400
    assert Membership.objects.get(pk=consultant.pk).role == "consultant"
    assert Membership.objects.get(pk=mine.pk).role == "admin"


def test_the_last_admin_can_neither_step_down_nor_be_removed(client, owner, organisation, member):
    mine = membership(owner, organisation)
    with pytest.raises(ValidationError, match="only admin"):
        services.membership_change(membership=mine, role="member", team=None)
    with pytest.raises(ValidationError, match="only admin"):
        services.membership_remove(organisation=organisation, user=owner)
    client.force_login(owner)
    response = client.post(url("membership_remove", organisation, mine.pk))
    assert response.status_code == 409
    assert b"only admin" in response.content
    # With a second admin, the first may step down (and leaves the page it may no longer use).
    services.membership_change(membership=membership(member, organisation), role="admin", team=None)
    response = client.post(url("membership_change", organisation, mine.pk), {"role": "member"})
    assert response["Location"] == url("organisation", organisation)
    assert Membership.objects.get(pk=mine.pk).role == "member"


def test_an_admin_hands_the_role_over_in_one_step(client, owner, organisation, member, team):
    client.force_login(owner)
    page = client.get(url("admin_hand_over", organisation))
    assert page.status_code == 200
    response = client.post(
        url("admin_hand_over", organisation),
        {"to": membership(member, organisation).pk, "then_role": "team_lead", "then_team": team.pk},
    )
    assert response.status_code == 302
    assert membership(member, organisation).role == "admin"
    mine = membership(owner, organisation)
    assert (mine.role, mine.team) == ("team_lead", team)


def test_a_hand_over_to_a_team_lead_role_without_a_team_is_refused(
    client, owner, organisation, member
):
    client.force_login(owner)
    response = client.post(
        url("admin_hand_over", organisation),
        {"to": membership(member, organisation).pk, "then_role": "team_lead"},
    )
    assert response.status_code == 400
    assert membership(owner, organisation).role == "admin"
    assert membership(member, organisation).role == "member"


def test_removing_someone_withdraws_their_invitations_and_keeps_their_answers(
    client, owner, organisation, member
):
    services.membership_change(membership=membership(member, organisation), role="admin", team=None)
    services.organisation_invite(
        organisation=organisation,
        email="x@example.com",
        role="member",
        team=None,
        invited_by=member,
    )
    client.force_login(owner)
    page = client.get(url("membership_remove", organisation, membership(member, organisation).pk))
    assert b"Answers given in rounds stay as they were given" in page.content
    client.post(url("membership_remove", organisation, membership(member, organisation).pk))
    assert not Membership.objects.filter(user=member, organisation=organisation).exists()
    assert OrganisationInvitation.objects.get(email="x@example.com").revoked_at is not None


def test_ids_of_another_organisation_or_not_ids_at_all_are_not_found(client, owner, organisation):
    theirs = TeamFactory(organisation=OrganisationFactory())
    client.force_login(owner)
    assert (
        client.post(url("team_rename", organisation, theirs.pk), {"name": "X"}).status_code == 404
    )
    assert (
        client.post(f"/o/{organisation.slug}/teams/abc/rename/", {"name": "X"}).status_code == 404
    )
    assert Team.objects.get(pk=theirs.pk).name != "X"


# --- the page, and where it is found ------------------------------------------------------------------


def test_managers_find_the_page_from_the_organisation_and_members_do_not(
    client, owner, member, organisation, team, team_lead
):
    client.force_login(owner)
    home = client.get(url("organisation", organisation)).content.decode()
    assert url("people", organisation) in home
    page = client.get(url("people", organisation)).content.decode()
    assert "People and teams" in page
    assert team.name in page
    assert "lead" in page
    assert "Hand over the admin role" in page
    client.force_login(member)
    assert (
        url("people", organisation)
        not in client.get(url("organisation", organisation)).content.decode()
    )
    assert client.get(url("people", organisation)).status_code == 403


def test_a_member_refused_a_page_is_told_who_the_admins_are(
    client, owner, member, organisation, assessment
):
    owner.first_name, owner.last_name = "Hannah", "Admin"
    owner.save()
    client.force_login(member)
    response = client.get(url("compare", organisation, assessment.pk))
    assert response.status_code == 403
    assert b"Hannah Admin" in response.content


def test_nobody_is_invited_as_a_consultant_their_firm_makes_them_one(client, owner, organisation):
    client.force_login(owner)
    invite = reverse("orgs:member_invite", args=[organisation.slug])
    client.post(invite, {"email": "c@example.com", "role": "consultant"})
    assert not OrganisationInvitation.objects.filter(email="c@example.com").exists()
    client.post(invite, {"email": "c@example.com", "role": "team_lead"})
    assert OrganisationInvitation.objects.get(email="c@example.com").role == "team_lead"


def test_the_page_reads_as_many_queries_for_many_teams_and_people_as_for_few(
    client, owner, organisation, team, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(owner)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("people", organisation)).status_code == 200
    for i in range(4):
        department = DepartmentFactory(organisation=organisation)
        more = TeamFactory(organisation=organisation, department=department)
        TeamFactory(organisation=organisation, department=None, name=f"Loose {i}")
        MembershipFactory(organisation=organisation, team=more, role=Membership.Role.TEAM_LEAD)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url("people", organisation)).status_code == 200
