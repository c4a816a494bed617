"""GET /api/v1/organisations/<slug>/rounds/<pk>/results/ and …/comparison/: the report and
comparison pages' figures, to the same people, never more (anonymity attacks included)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.api.representations.results import results_data
from assessments.reports import store
from tests.api.data_world import api_get, queries_of, token_for
from tests.factories import MembershipFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db


def results_url(assessment, **query):
    path = reverse("api:round_results", args=[assessment.organisation.slug, assessment.pk])
    return path, query


def compare_url(assessment):
    return reverse("api:round_comparison", args=[assessment.organisation.slug, assessment.pk])


def test_each_scope_answers_what_its_page_shows(client, owner, organisation, assessment, team):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    client.force_login(owner)
    slug = organisation.slug
    for scope, pk, page in [
        ("round", None, reverse("orgs:report", args=[slug, assessment.pk])),
        (
            "department",
            team.department_id,
            reverse("orgs:report_department", args=[slug, assessment.pk, team.department_id]),
        ),
        ("team", team.pk, reverse("orgs:report_team", args=[slug, assessment.pk, team.pk])),
    ]:
        query = {"scope": scope} | ({"id": pk} if pk else {})
        got = api_get(client, *results_url(assessment, **query))
        assert got.status_code == 200, got.content
        assert got.json() == results_data(client.get(page).context["report"])


def test_a_teammate_reads_their_team_only(client, organisation, assessment, team):
    other = TeamFactory(organisation=organisation, department__organisation=organisation)
    assessment.teams.add(other)
    mate = MembershipFactory(organisation=organisation, team=team, role="member").user
    client.force_login(mate)
    mine = api_get(client, *results_url(assessment, scope="team", id=team.pk))
    assert mine.status_code == 200
    theirs = api_get(client, *results_url(assessment, scope="team", id=other.pk))
    assert theirs.status_code == 403
    assert theirs.json() == {"detail": "You can see the report of your own team."}
    assert api_get(client, *results_url(assessment)).status_code == 403


def test_another_organisations_round_team_or_department_is_a_404(
    client, owner, outsider, organisation, assessment, team
):
    elsewhere = TeamFactory()
    client.force_login(owner)
    for query in (
        {"scope": "team", "id": elsewhere.pk},
        {"scope": "department", "id": elsewhere.department_id},
    ):
        assert api_get(client, *results_url(assessment, **query)).status_code == 404
    client.force_login(outsider)
    assert api_get(client, *results_url(assessment)).status_code == 404
    assert api_get(client, compare_url(assessment)).status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"scope": "everyone"}, "scope"),
        ({"scope": "team"}, "id"),
        ({"scope": "team", "id": "abc"}, "id"),
        ({"scope": "department", "id": "9" * 40}, "id"),
        ({"scope": "team", "id": "-1"}, "id"),
    ],
)
def test_malformed_queries_are_a_400_naming_the_field(client, owner, assessment, query, field):
    client.force_login(owner)
    got = api_get(client, *results_url(assessment, **query))
    assert got.status_code == 400
    assert field in got.json()["fields"]


def test_a_read_token_reads_results_of_its_own_organisation_only(
    client, owner, organisation, assessment, team
):
    answer_all(assessment, team, 3)
    secret = token_for(owner, organisation, "read")
    got = api_get(client, *results_url(assessment, scope="team", id=team.pk), token=secret)
    assert got.status_code == 200
    assert got.json()["results"]["enablers"]
    foreign = TeamFactory()
    MembershipFactory(organisation=foreign.organisation, user=owner, role="admin")
    other_round = reverse("api:round_results", args=[foreign.organisation.slug, assessment.pk])
    assert api_get(client, other_round, token=secret).status_code == 404


def _shown_groups(client, assessment, teams, department):
    """Every group the API shows: (team ids it pools, people it says answered)."""
    shown = []
    queries = [{"scope": "round"}, {"scope": "department", "id": department}] + [
        {"scope": "team", "id": t.pk} for t in teams
    ]
    for query in queries:
        got = api_get(client, *results_url(assessment, **query)).json()
        if got["results"] is not None:
            ids = {t.pk for t in teams} if query["scope"] != "team" else {query["id"]}
            shown.append((frozenset(ids), got["participation"]["submitted"]))
    return shown


def test_no_two_responses_subtract_to_a_group_the_page_hides(
    client, owner, organisation, assessment, team
):
    """The attack: read the department and a team, subtract. Four people in one team and one
    alone beside it: the department is shown, so the team of four must not be, nor may any
    pair of shown groups differ by fewer people than the round's threshold."""
    alone = TeamFactory(organisation=organisation, department=team.department, name="Alone")
    assessment.teams.add(alone)
    answer_all(assessment, team, 4, comment="Four of us")
    answer_all(assessment, alone, 1, agree="disagree", comment="Just me")
    client.force_login(owner)
    shown = _shown_groups(client, assessment, [team, alone], team.department_id)
    assert shown, "the department and the round are shown"
    threshold = assessment.group_threshold
    for ids, people in shown:
        assert people >= threshold
        for other_ids, other_people in shown:
            if other_ids < ids:
                gap = people - other_people
                assert gap == 0 or gap >= threshold, "a small group by subtraction"
    four = api_get(client, *results_url(assessment, scope="team", id=team.pk)).json()
    assert four["results"] is None
    assert "by subtraction" in four["withheld_reason"]
    # The comparison keeps the same secret: the team's cells are blank, the one's size unsaid.
    compared = api_get(client, compare_url(assessment)).json()
    rows = {row["name"]: row for row in compared["heatmap"]["teams"]}
    assert all(not cell["shown"] for cell in rows[team.name]["cells"])
    assert rows["Alone"]["people"] is None
    assert "Just me" not in str(compared)


def test_the_comparison_is_for_admins_and_consultants(
    client, owner, member, organisation, assessment, team
):
    answer_all(assessment, team, 3)
    lead = MembershipFactory(organisation=organisation, team=team, role="team_lead").user
    for user, expected in [(owner, 200), (member, 403), (lead, 403)]:
        client.force_login(user)
        assert api_get(client, compare_url(assessment)).status_code == expected
    client.force_login(owner)
    page = client.get(reverse("orgs:compare", args=[organisation.slug, assessment.pk]))
    got = api_get(client, compare_url(assessment)).json()
    assert got["summaries"] == page.context["comparison"].summaries
    # Filters the page does not understand are left out, as on the page: never an error.
    odd = api_get(client, compare_url(assessment), dept="x", since="²", role="ceo", sort="?")
    assert odd.status_code == 200
    assert odd.json()["filters"] == {
        "department": None,
        "role": None,
        "show": None,
        "since": None,
        "sort": "name",
    }


def test_results_cost_the_same_however_many_teams(client, owner, organisation, assessment, team):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    client.force_login(owner)
    api_get(client, *results_url(assessment))
    few = queries_of(lambda: api_get(client, *results_url(assessment)))
    assert 0 < few <= 25
    for i in range(4):
        more = TeamFactory(organisation=organisation, department=team.department, name=f"T{i}")
        assessment.teams.add(more)
        answer_all(assessment, more, 3)
    store.refresh(assessment)
    api_get(client, *results_url(assessment))
    assert queries_of(lambda: api_get(client, *results_url(assessment))) == few
    got = api_get(client, *results_url(assessment)).json()
    assert got["participation"]["submitted"] == 15
