"""Calendar feeds: what a roadmap's and a round's feeds say, who keeps them, and their page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessments.calendars import services
from assessments.calendars.models import CalendarFeed
from assessments.organisations import services as organisation_services
from assessments.organisations.models import Membership
from assessments.roadmaps.models import Roadmap, RoadmapAction
from tests.factories import MembershipFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db

SITE = "https://pm.example.com"
Status = RoadmapAction.Status


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def teammate(organisation, team):
    return MembershipFactory(
        organisation=organisation,
        role=Membership.Role.MEMBER,
        team=team,
        user__username="mate",
        user__first_name="Mia",
        user__last_name="Mate",
    ).user


@pytest.fixture
def road(assessment, team, teammate):
    road = Roadmap.objects.create(assessment=assessment, team=team)
    add = RoadmapAction.objects.create
    add(roadmap=road, title="Write a charter", due_date=date(2027, 3, 1), owner=teammate,
        status=Status.IN_PROGRESS)  # fmt: skip
    add(roadmap=road, title="Meet five customers", due_date=date(2027, 2, 1), status=Status.DONE)
    add(roadmap=road, title="Buy a tool", due_date=date(2027, 1, 1), status=Status.DROPPED)
    add(roadmap=road, title="Some day", due_date=None)
    return road


def feed_url(token):
    return reverse("orgs:calendar_feed", args=[token])


def fetch(client, token):
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def by_summary(calendar):
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_a_roadmap_feed_has_an_all_day_event_per_dated_action_with_owner_status_and_link(
    client, organisation, teammate, road
):
    new = services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    response = client.get(feed_url(new.token))
    assert response["Cache-Control"].startswith("private, max-age=")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == f"Checkout roadmap ({road.assessment.name})"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert "X-PUBLISHED-TTL:PT1H" in response.content.decode()
    events = by_summary(calendar)
    # Done actions stay, marked done; dropped and undated ones are not in the calendar.
    assert set(events) == {
        "Due: Write a charter (Checkout roadmap)",
        "Done: Meet five customers (Checkout roadmap)",
    }
    charter = events["Due: Write a charter (Checkout roadmap)"]
    assert charter.start == date(2027, 3, 1)
    assert charter.end == date(2027, 3, 2)
    assert charter["DTSTAMP"]
    assert str(charter["TRANSP"]) == "TRANSPARENT"
    link = f"{SITE}/o/{organisation.slug}/assessments/{road.assessment_id}/roadmap/team/{road.team_id}/"
    assert str(charter["URL"]) == link
    assert str(charter["DESCRIPTION"]) == f"Owner: Mia Mate\nStatus: In progress\nRoadmap: {link}"
    assert "Owner: nobody yet" in str(
        events["Done: Meet five customers (Checkout roadmap)"]["DESCRIPTION"]
    )
    assert CalendarFeed.objects.get().last_fetched_at is not None


def test_uids_stay_the_same_across_fetches_and_a_new_due_date_moves_the_event(
    client, organisation, teammate, road
):
    new = services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    first = {str(e["UID"]): e.start for e in fetch(client, new.token).walk("VEVENT")}
    action = road.actions.get(title="Write a charter")
    client.force_login(teammate)
    edit = reverse(
        "orgs:roadmap_action_edit",
        args=[organisation.slug, road.assessment_id, road.team_id, action.pk],
    )
    assert client.post(edit, {"due_date": "2027-04-15"}).status_code == 302
    client.logout()
    second = {str(e["UID"]): e.start for e in fetch(client, new.token).walk("VEVENT")}
    assert (
        set(first)
        == set(second)
        == {
            f"roadmap-action-{a.pk}@pm.example.com"
            for a in road.actions.filter(title__in=["Write a charter", "Meet five customers"])
        }
    )
    moved = f"roadmap-action-{action.pk}@pm.example.com"
    assert (first[moved], second[moved]) == (date(2027, 3, 1), date(2027, 4, 15))


def test_a_round_feed_has_its_opening_closing_and_reminder_days(
    client, organisation, owner, assessment
):
    assessment.auto_remind_days_before_close = 3
    assessment.save()
    new = services.feed_create(user=owner, organisation=organisation, assessment=assessment)
    calendar = fetch(client, new.token)
    assert str(calendar["X-WR-CALNAME"]) == "Spring health check (round dates)"
    events = by_summary(calendar)
    day = lambda moment: timezone.localtime(moment).date()  # noqa: E731
    assert {name: e.start for name, e in events.items()} == {
        "Round opens: Spring health check": day(assessment.opens_at),
        "Round closes: Spring health check": day(assessment.closes_at),
        "Reminder emails: Spring health check": day(assessment.closes_at - timedelta(days=3)),
    }
    assert {str(e["UID"]) for e in events.values()} == {
        f"round-{assessment.pk}-{what}@pm.example.com" for what in ("opens", "closes", "reminder")
    }
    link = f"{SITE}/o/{organisation.slug}/assessments/{assessment.pk}/"
    assert all(str(e["URL"]) == link for e in events.values())
    # No automatic reminder: no reminder day. Closed early: the close moves to that day.
    assessment.auto_remind_days_before_close = None
    assessment.closed_early_at = timezone.now()
    assessment.save()
    assert set(by_summary(fetch(client, new.token))) == {
        "Round opens: Spring health check",
        "Round closed early: Spring health check",
    }


def test_a_feed_answers_404_once_revoked_and_a_revoked_one_stays_off(
    client, organisation, teammate, road
):
    new = services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    client.force_login(teammate)
    revoke = reverse("orgs:calendar_revoke", args=[organisation.slug, new.feed.pk])
    assert client.post(revoke).status_code == 302
    assert client.get(feed_url(new.token)).status_code == 404
    assert client.post(revoke).status_code == 404  # gone from the page too


def test_someone_removed_from_the_organisation_loses_their_feeds_for_good(
    client, organisation, teammate, road, team
):
    new = services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    fetch(client, new.token)
    organisation_services.membership_remove(organisation=organisation, user=teammate)
    assert client.get(feed_url(new.token)).status_code == 404
    # Coming back does not bring the old address back to life.
    MembershipFactory(organisation=organisation, user=teammate, team=team)
    assert client.get(feed_url(new.token)).status_code == 404
    assert CalendarFeed.objects.get().revoked_at is not None


def test_a_deactivated_account_loses_its_feeds(client, organisation, teammate, road):
    new = services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    fetch(client, new.token)
    teammate.is_active = False
    teammate.save()
    assert client.get(feed_url(new.token)).status_code == 404


def test_a_teammate_moved_to_another_team_loses_the_old_teams_roadmap_feed(
    client, organisation, teammate, road, team
):
    new = services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    fetch(client, new.token)
    membership = Membership.objects.get(user=teammate, organisation=organisation)
    other = TeamFactory(organisation=organisation, name="Search")
    organisation_services.membership_change(membership=membership, role="member", team=other)
    assert client.get(feed_url(new.token)).status_code == 404
    client.force_login(teammate)
    page = client.get(reverse("orgs:calendars", args=[organisation.slug]))
    assert "Not working: you can no longer see this roadmap." in page.content.decode()


def test_a_round_feed_follows_who_may_run_the_round(client, organisation, team_lead, assessment):
    new = services.feed_create(user=team_lead, organisation=organisation, assessment=assessment)
    fetch(client, new.token)
    membership = Membership.objects.get(user=team_lead, organisation=organisation)
    organisation_services.membership_change(
        membership=membership, role="member", team=membership.team
    )
    assert client.get(feed_url(new.token)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/unknown-token-0123456789abcdefghijklmnopqrstu.ics",
        "/calendar/" + "x" * 300 + ".ics",
        "/calendar/%C3%A9t%C3%A9.ics",
        "/calendar/%00.ics",
        "/calendar/.ics",
        "/calendar/abc",
        "/calendar/a%2Fb.ics",
    ],
)
def test_unknown_or_malformed_tokens_are_404(client, path):
    assert client.get(path).status_code == 404


def test_a_feed_costs_few_queries_however_many_actions(
    client, organisation, owner, teammate, road, assessment, django_assert_max_num_queries
):
    for n in range(30):
        RoadmapAction.objects.create(roadmap=road, title=f"More {n}", owner=teammate,
                                     due_date=date(2027, 5, 1) + timedelta(days=n))  # fmt: skip
    roadmap_feed = services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    round_feed = services.feed_create(user=owner, organisation=organisation, assessment=assessment)
    # The feed, its person's membership, the actions; and noting the fetch.
    with django_assert_max_num_queries(4):
        assert len(fetch(client, roadmap_feed.token).walk("VEVENT")) == 32
    with django_assert_max_num_queries(3):  # noted a moment ago: no write
        fetch(client, roadmap_feed.token)
    with django_assert_max_num_queries(3):  # the feed, the membership; noting the fetch
        fetch(client, round_feed.token)


def test_the_page_makes_a_feed_shows_its_address_once_and_revokes_it(
    client, organisation, teammate, road
):
    client.force_login(teammate)
    page_url = reverse("orgs:calendars", args=[organisation.slug])
    page = client.get(page_url, {"follow": f"roadmap-{road.pk}"})
    assert f'<option value="roadmap-{road.pk}" selected>' in page.content.decode()
    response = client.post(
        reverse("orgs:calendar_create", args=[organisation.slug]), {"follow": f"roadmap-{road.pk}"}
    )
    assert response.status_code == 302
    feed = CalendarFeed.objects.get()
    assert (feed.user, feed.roadmap, feed.assessment) == (teammate, road, None)
    shown = client.get(page_url)
    url = shown.context["new"]["url"]
    assert url.startswith(f"{SITE}/calendar/")
    assert url.endswith(".ics")
    token = url.removeprefix(f"{SITE}/calendar/").removesuffix(".ics")
    assert token not in feed.token_hash  # only its digest is kept
    html = shown.content.decode()
    assert url in html
    assert f"webcal://pm.example.com/calendar/{token}.ics" in html
    assert "Copy address" in html
    assert "js/calendars.js" in html
    assert url not in client.get(page_url).content.decode()  # shown once
    fetch(client, token)
    client.post(reverse("orgs:calendar_revoke", args=[organisation.slug, feed.pk]))
    assert CalendarFeed.objects.get().revoked_at is not None
    assert client.get(page_url).context["rows"] == []


def test_the_page_refuses_what_the_person_may_not_follow(
    client, organisation, teammate, owner, assessment, road
):
    other_team = TeamFactory(organisation=organisation, name="Search")
    theirs = Roadmap.objects.create(assessment=assessment, team=other_team)
    client.force_login(teammate)
    create = reverse("orgs:calendar_create", args=[organisation.slug])
    for value in (f"roadmap-{theirs.pk}", f"round-{assessment.pk}", "roadmap-x", "", "9" * 40):
        response = client.post(create, {"follow": value})
        assert response.status_code == 400, value
        assert "Choose a roadmap or a round" in response.content.decode()
    assert not CalendarFeed.objects.exists()
    # Someone else's feed is not theirs to revoke.
    new = services.feed_create(user=owner, organisation=organisation, assessment=assessment)
    revoke = reverse("orgs:calendar_revoke", args=[organisation.slug, new.feed.pk])
    assert client.post(revoke).status_code == 404
    assert CalendarFeed.objects.get().revoked_at is None


def test_a_person_has_at_most_so_many_live_feeds(client, organisation, teammate, road):
    for _ in range(services.MAX_FEEDS):
        services.feed_create(user=teammate, organisation=organisation, roadmap=road)
    client.force_login(teammate)
    response = client.post(
        reverse("orgs:calendar_create", args=[organisation.slug]), {"follow": f"roadmap-{road.pk}"}
    )
    assert response.status_code == 400
    assert "Revoke one you no longer use first" in response.content.decode()


def test_the_page_lists_a_managers_feeds_in_the_same_few_queries_however_many(
    client, organisation, owner, assessment, road, django_assert_max_num_queries
):
    client.force_login(owner)
    page_url = reverse("orgs:calendars", args=[organisation.slug])
    for _ in range(5):
        services.feed_create(user=owner, organisation=organisation, roadmap=road)
        services.feed_create(user=owner, organisation=organisation, assessment=assessment)
        # Session, user, membership, the firm switcher; the feeds and their rounds' teams; what
        # may be followed: roadmaps, rounds and their teams.
        with django_assert_max_num_queries(9):
            page = client.get(page_url)
    assert len(page.context["rows"]) == 10
    assert all(row.live for row in page.context["rows"])


def test_the_roadmap_and_round_pages_link_to_add_them_to_a_calendar(
    client, organisation, owner, assessment, team, road
):
    answer_all(assessment, team, 3)
    client.force_login(owner)
    calendars = f"/o/{organisation.slug}/calendars/"
    detail = client.get(reverse("orgs:assessment", args=[organisation.slug, assessment.pk]))
    assert f"{calendars}?follow=round-{assessment.pk}" in detail.content.decode()
    board = client.get(reverse("orgs:roadmap", args=[organisation.slug, assessment.pk, team.pk]))
    assert f"{calendars}?follow=roadmap-{road.pk}" in board.content.decode()
