"""The roadmap endpoints: a round's roadmaps, a team's board and actions, adding and changing
actions with the board's rules and roles (and every change recorded)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from assessments.roadmaps.models import ActionChange, Roadmap, RoadmapAction
from tests.api.data_world import api_get, api_send, queries_of, token_for
from tests.factories import MembershipFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def road(assessment, team):
    road = Roadmap.objects.create(assessment=assessment, team=team)
    RoadmapAction.objects.create(roadmap=road, title="Write a charter", horizon="now")
    return road


@pytest.fixture
def action(road):
    return road.actions.get()


@pytest.fixture
def mate(organisation, team):
    return MembershipFactory(organisation=organisation, team=team, role="member").user


def actions_url(assessment, team):
    return reverse("api:team_actions", args=[assessment.organisation.slug, assessment.pk, team.pk])


def action_url(assessment, team, action):
    return reverse(
        "api:team_action",
        args=[assessment.organisation.slug, assessment.pk, team.pk, action.pk],
    )


def list_url(assessment):
    return reverse("api:round_roadmaps", args=[assessment.organisation.slug, assessment.pk])


def test_the_board_equals_the_roadmap_page(client, owner, assessment, team, action):
    answer_all(assessment, team, 3)
    client.force_login(owner)
    got = api_get(client, actions_url(assessment, team)).json()
    page = client.get(
        reverse("orgs:roadmap", args=[assessment.organisation.slug, assessment.pk, team.pk])
    )
    rows = {row["enabler"].key: row for row in page.context["target_rows"]}
    for target in got["targets"]:
        row = rows[target["enabler"]]
        assert target["level_now"] == row["current_name"]
        assert target["maturity_score"] == row["score"]
    assert [a["id"] for a in got["actions"]] == [action.pk]
    assert got["actions"][0]["status"] == "proposed"


def test_while_the_report_is_withheld_the_board_shows_no_actions(
    client, owner, assessment, team, action
):
    answer_all(assessment, team, 2)
    client.force_login(owner)
    got = api_get(client, actions_url(assessment, team)).json()
    assert got["withheld"] is True
    assert got["actions"] is None
    assert got["targets"] is None
    listed = api_get(client, list_url(assessment)).json()["results"]
    assert listed[0]["actions_by_status"] is None


def test_a_teammate_adds_and_changes_actions_and_each_change_is_recorded(
    client, organisation, assessment, team, action, mate, owner
):
    client.force_login(mate)
    added = api_send(client, "post", actions_url(assessment, team), {"title": "Meet customers"})
    assert added.status_code == 201
    assert added.json()["status"] == "not_started"
    assert RoadmapAction.objects.filter(title="Meet customers", horizon="now").exists()
    changed = api_send(
        client,
        "patch",
        action_url(assessment, team, action),
        {"status": "in_progress", "owner": owner.pk, "due_date": "2027-03-01", "notes": " Go "},
    )
    assert changed.status_code == 200, changed.content
    action.refresh_from_db()
    assert (action.status, action.owner_id, action.due_date, action.notes) == (
        "in_progress",
        owner.pk,
        date(2027, 3, 1),
        "Go",
    )
    assert changed.json()["owner"]["id"] == owner.pk
    fields = set(ActionChange.objects.filter(action=action).values_list("field", flat=True))
    assert fields == {"status", "owner", "due_date", "notes"}
    cleared = api_send(client, "patch", action_url(assessment, team, action), {"owner": None})
    assert cleared.status_code == 200
    action.refresh_from_db()
    assert action.owner_id is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"due_date": "next week"}, "due_date"),
        ({"owner": "someone"}, "owner"),
        ({"horizon": "someday"}, "horizon"),
        ({"title": "A new name"}, "non_field_errors"),
        ({}, "non_field_errors"),
        ([1, 2], "non_field_errors"),
        ({"notes": "x" * 2001}, "notes"),
    ],
)
def test_bad_changes_are_a_400_and_change_nothing(
    client, owner, assessment, team, action, body, field
):
    client.force_login(owner)
    got = api_send(client, "patch", action_url(assessment, team, action), body)
    assert got.status_code == 400, got.content
    assert field in got.json()["fields"]
    assert not ActionChange.objects.exists()


def test_malformed_json_and_owners_from_elsewhere_are_refused(
    client, owner, outsider, assessment, team, action
):
    client.force_login(owner)
    url = action_url(assessment, team, action)
    broken = api_send(client, "patch", url, '{"status": ')
    assert broken.status_code == 400
    assert "detail" in broken.json()
    stranger = api_send(client, "patch", url, {"owner": outsider.pk})
    assert stranger.status_code == 400
    assert stranger.json()["fields"]["owner"] == ["The owner must be someone in this organisation."]
    untitled = api_send(client, "post", actions_url(assessment, team), {"title": "  "})
    assert untitled.status_code == 400
    assert RoadmapAction.objects.count() == 1


def test_adding_to_a_team_without_a_roadmap_says_to_generate_it(client, owner, assessment, team):
    client.force_login(owner)
    got = api_send(client, "post", actions_url(assessment, team), {"title": "Meet customers"})
    assert got.status_code == 400
    assert "generate it on the roadmap page first" in got.json()["detail"]


def test_who_may_change_an_action(
    client, organisation, member, outsider, owner, assessment, team, action
):
    """As on the board: the team's people and managers; another team's member is refused;
    anyone outside the organisation finds nothing; a read token may not write."""
    url = action_url(assessment, team, action)
    for user, expected in [(member, 403), (outsider, 404)]:
        client.force_login(user)
        assert api_send(client, "patch", url, {"status": "done"}).status_code == expected
    client.logout()
    read = token_for(owner, organisation, "read")
    assert api_send(client, "patch", url, {"status": "done"}, token=read).status_code == 403
    write = token_for(owner, organisation, "write")
    assert api_send(client, "patch", url, {"status": "done"}, token=write).status_code == 200
    action.refresh_from_db()
    assert action.status == "done"


def test_another_roadmaps_action_is_a_404(client, owner, organisation, assessment, team, road):
    other_team = TeamFactory(organisation=organisation, department=team.department)
    assessment.teams.add(other_team)
    theirs = RoadmapAction.objects.create(
        roadmap=Roadmap.objects.create(assessment=assessment, team=other_team), title="Theirs"
    )
    client.force_login(owner)
    wrong = reverse("api:team_action", args=[organisation.slug, assessment.pk, team.pk, theirs.pk])
    assert api_send(client, "patch", wrong, {"status": "done"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "proposed"


def test_the_round_list_costs_the_same_for_many_teams(
    client, owner, organisation, assessment, team, road
):
    client.force_login(owner)
    api_get(client, list_url(assessment))
    few = queries_of(lambda: api_get(client, list_url(assessment)))
    assert 0 < few <= 12
    for i in range(6):
        more = TeamFactory(organisation=organisation, department=team.department, name=f"T{i}")
        assessment.teams.add(more)
        RoadmapAction.objects.create(
            roadmap=Roadmap.objects.create(assessment=assessment, team=more), title=f"A{i}"
        )
    api_get(client, list_url(assessment))
    assert queries_of(lambda: api_get(client, list_url(assessment))) == few
    got = api_get(client, list_url(assessment)).json()
    assert got["count"] == 7
    assert [r["team"]["name"] for r in got["results"]][:1] == [team.name]


def test_a_teammate_lists_their_own_teams_roadmap_only(
    client, organisation, assessment, team, road, mate
):
    other = TeamFactory(organisation=organisation, department=team.department, name="Zeta")
    assessment.teams.add(other)
    client.force_login(mate)
    got = api_get(client, list_url(assessment)).json()
    assert [r["team"]["id"] for r in got["results"]] == [team.pk]
