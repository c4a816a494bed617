"""A round keeps the department each of its teams was in when the team joined it.

Moving a team regroups only the rounds set up afterwards: a past round's department figures
keep adding up to its teams, and nobody can subtract a department's figures before and after
a move to read a small team's answers.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment, StoredResult
from assessments.organisations import services as organisation_services
from assessments.reports import store
from assessments.rounds.selectors import round_team_departments
from tests.factories import DepartmentFactory, TeamFactory, answer_all, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(organisation, team, sample_version, owner):
    """A round of two teams of one department, answered and stored; then one team moves."""
    neighbour = TeamFactory(organisation=organisation, department=team.department, name="Search")
    elsewhere = DepartmentFactory(organisation=organisation, name="Growth")
    first = open_round(organisation, team, sample_version, owner, teams=[team, neighbour])
    answer_all(first, team, 3)
    answer_all(first, neighbour, 3, agree="disagree")
    store.refresh(Assessment.objects.get(pk=first.pk))
    before = _department_rows(first)
    organisation_services.team_move(team=team, department=elsewhere)
    return first, neighbour, elsewhere, before


def _department_rows(assessment):
    return set(
        StoredResult.objects.filter(assessment=assessment, scope_kind="department").values_list(
            "scope_pk", "respondents", "data"
        )
    )


def test_moving_a_team_leaves_a_past_rounds_department_figures_and_teams_as_they_were(
    client, owner, organisation, team, moved
):
    first, neighbour, elsewhere, before = moved
    home = neighbour.department_id  # the department both were in when the round was set up
    store.refresh(Assessment.objects.get(pk=first.pk))  # a full refresh after the move
    assert _department_rows(first) == before
    assert round_team_departments(Assessment.objects.get(pk=first.pk)) == {
        team.pk: home,
        neighbour.pk: home,
    }
    assert ("department", elsewhere.pk) not in store.round_scopes(first)
    client.force_login(owner)
    slug = organisation.slug
    page = client.get(reverse("orgs:report_department", args=[slug, first.pk, home]))
    assert page.status_code == 200
    report = page.context["report"]
    assert report.scope.team_ids == frozenset({team.pk, neighbour.pk})
    assert report.respondents == 6
    assert report.grouped[team.pk].pk == home  # the page names the round's department
    # The department it moved to took no part in that round.
    assert (
        client.get(
            reverse("orgs:report_department", args=[slug, first.pk, elsewhere.pk])
        ).status_code
        == 404
    )


def test_a_round_set_up_after_the_move_groups_the_team_under_its_new_department(
    organisation, team, sample_version, owner, moved
):
    _first, neighbour, elsewhere, _before = moved
    later = open_round(
        organisation, team, sample_version, owner, teams=[team, neighbour], name="Autumn"
    )
    assert round_team_departments(later) == {
        team.pk: elsewhere.pk,
        neighbour.pk: neighbour.department_id,
    }
    assert store.round_scopes(later)[("department", elsewhere.pk)] == frozenset({team.pk})


def test_a_team_added_by_the_many_to_many_manager_keeps_its_department_too(
    organisation, assessment, team
):
    other = TeamFactory(organisation=organisation, department__organisation=organisation)
    assessment.teams.add(other)
    assert round_team_departments(Assessment.objects.get(pk=assessment.pk)) == {
        team.pk: team.department_id,
        other.pk: other.department_id,
    }
