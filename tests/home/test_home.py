"""The home page: the marketing page for visitors, a dashboard of one's own for people signed in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.rounds import services
from assessments.rounds.models import Assessment
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    open_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teammate(organisation, team):
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, team=team, user__username="mate"
    ).user


def invite_and_answer(assessment, team, *, personal=2, through_team_link=1, submitted=1):
    """People in a round: personal links, people from a team link, some of them submitted."""
    people = [
        services.respondent_for_personal_link(
            invitation=services.invitation_create_personal(
                assessment=assessment, team=team, email=f"p{i}-{assessment.pk}@example.com"
            )
        )
        for i in range(personal)
    ]
    link = services.invitation_create_team_link(assessment=assessment, team=team)
    people += [
        services.respondent_start_from_team_link(invitation=link) for _ in range(through_team_link)
    ]
    for respondent in people[:submitted]:
        services.respondent_submit(respondent=respondent)


def action(assessment, team, title, *, owner=None, days=None, status="not_started"):
    road, _ = Roadmap.objects.get_or_create(assessment=assessment, team=team)
    due = timezone.localdate() + timedelta(days=days) if days is not None else None
    return RoadmapAction.objects.create(
        roadmap=road, title=title, owner=owner, due_date=due, status=status
    )


def a_round(organisation, team, owner, version, *, name, opens_in=-1, closes_in=13):
    now = timezone.now()
    return services.assessment_create(
        organisation=organisation,
        name=name,
        framework_version=version,
        teams=[team],
        include_maturity=True,
        include_activities=True,
        opens_at=now + timedelta(days=opens_in),
        closes_at=now + timedelta(days=closes_in),
        anonymity="anonymous",
        min_group_size=3,
        created_by=owner,
    )


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_visitors_get_the_marketing_page(client, shipped_version):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "How mature is your product management?" in html
    assert "Built for three kinds of people" in html
    assert "My organisations" not in html


def test_a_member_sees_their_organisations_and_role(client, teammate, organisation):
    html = home(client, teammate)
    assert "My organisations" in html
    assert f'href="{reverse("orgs:organisation", args=[organisation.slug])}"' in html
    assert "Acme Products" in html
    assert '<span class="badge text-bg-secondary">Member</span>' in html
    assert "How mature is your product management?" not in html  # not the marketing page


def test_open_rounds_show_participation(client, owner, assessment, team, sample_version):
    # Named: an open anonymous round's counts go up in batches (tests/rounds/test_rounds.py).
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    invite_and_answer(assessment, team, personal=2, through_team_link=1, submitted=1)
    a_round(
        assessment.organisation,
        team,
        owner,
        sample_version,
        name="Next year",
        opens_in=30,
        closes_in=40,
    )
    closed = a_round(assessment.organisation, team, owner, sample_version, name="Closed early")
    services.assessment_close(assessment=closed)

    html = home(client, owner)

    assert "Spring health check" in html
    assert "1 of 3 invited have submitted" in html
    assert "pct-33" in html
    assert 'aria-valuenow="1"' in html
    assert "Next year" not in html
    assert "Closed early" not in html


def test_a_round_links_to_its_page_for_those_who_run_it_and_to_the_team_report_for_the_team(
    client, owner, teammate, member, assessment, team
):
    slug = assessment.organisation.slug
    round_page = reverse("orgs:assessment", args=[slug, assessment.pk])
    team_report = reverse("orgs:report_team", args=[slug, assessment.pk, team.pk])

    assert f'href="{round_page}"' in home(client, owner)
    as_teammate = home(client, teammate)
    assert f'href="{team_report}"' in as_teammate
    assert "Spring health check: Checkout report" in as_teammate
    as_member = home(client, member)  # in no team: the round is listed without a link
    assert "Spring health check" in as_member
    assert round_page not in as_member
    assert team_report not in as_member


def test_a_member_sees_their_own_open_actions_by_due_date(
    client, teammate, owner, assessment, team
):
    later = action(assessment, team, "Write the charter", owner=teammate, days=20)
    sooner = action(assessment, team, "Book the kick-off", owner=teammate, days=-2)
    undated = action(assessment, team, "Read the report together", owner=teammate)
    action(assessment, team, "Someone else's action", owner=owner, days=1)
    action(assessment, team, "Finished already", owner=teammate, days=1, status="done")
    action(assessment, team, "Given up", owner=teammate, days=1, status="dropped")

    html = home(client, teammate)

    order = [html.index(a.title) for a in (sooner, later, undated)]
    assert order == sorted(order)
    assert "Overdue" in html
    board = reverse("orgs:roadmap", args=[assessment.organisation.slug, assessment.pk, team.pk])
    assert f'href="{board}#action-{sooner.pk}"' in html
    assert "No due date" in html
    for hidden in (
        "Someone else&#x27;s action",
        "Someone else's action",
        "Finished already",
        "Given up",
    ):
        assert hidden not in html


def test_at_most_eight_actions_are_listed(client, teammate, assessment, team):
    for i in range(10):
        action(assessment, team, f"Action number {i:02d}", owner=teammate, days=i)
    html = home(client, teammate)
    assert "Action number 07" in html
    assert "Action number 08" not in html
    assert "the rest are on your teams" in html


def test_another_organisations_data_never_appears(
    client, teammate, assessment, team, sample_version
):
    other = OrganisationFactory(name="Globex Widgets")
    their_team = TeamFactory(organisation=other, department__organisation=other, name="Rockets")
    theirs = a_round(other, their_team, None, sample_version, name="Globex autumn check")
    # An action of theirs still names our user (say, from before they left Globex).
    action(theirs, their_team, "Globex secret plan", owner=teammate, days=1)

    html = home(client, teammate)

    for name in ("Globex Widgets", "Rockets", "Globex autumn check", "Globex secret plan"):
        assert name not in html


def test_empty_states_say_so(client, member):
    html = home(client, member)
    assert "No open rounds right now." in html
    assert "No roadmap actions are waiting for you." in html


def test_someone_in_no_organisation_is_shown_how_to_start(client, db):
    html = home(client, UserFactory())
    assert "You are not in an organisation yet." in html
    assert f'href="{reverse("orgs:organisation_create")}"' in html
    assert "No open rounds right now." in html


def grow(user, version, n):
    """n more organisations for user, each with an open round, people in it and an action."""
    for _ in range(n):
        org = OrganisationFactory()
        team = TeamFactory(organisation=org, department__organisation=org)
        MembershipFactory(organisation=org, user=user, role=Membership.Role.ADMIN, team=team)
        assessment = open_round(org, team, version, user)
        invite_and_answer(assessment, team)
        action(assessment, team, "Grow", owner=user, days=3)


def test_the_dashboard_takes_the_same_queries_however_much_there_is(
    client, django_assert_num_queries, owner, sample_version
):
    grow(owner, sample_version, 1)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home")).status_code == 200

    grow(owner, sample_version, 4)
    with django_assert_num_queries(len(small)):
        html = client.get(reverse("home")).content.decode()
    assert html.count("invited have submitted") == 5
