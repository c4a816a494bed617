"""Each event is raised by the service that makes the change (or, for rounds opening and
closing by their dates, by the scheduled job, once), and no payload carries respondents'
answers, names or email addresses."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from assessments.reports import store
from assessments.reviews import handover
from assessments.roadmaps import services as roadmap_services
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.rounds import announcements
from assessments.rounds import services as round_services
from assessments.rounds.models import Respondent
from assessments.rounds.scheduled import announce_rounds
from assessments.webhooks import events
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.background import run_tasks
from tests.factories import MembershipFactory, answer_all
from tests.reviews.deliverable_world import firm_world
from tests.webhooks.world import endpoint_for

pytestmark = pytest.mark.django_db

SITE = "https://pm.example.com"


@pytest.fixture
def world(settings):
    settings.SITE_URL = SITE
    return firm_world(others=0)


def _sent() -> list[dict]:
    return [json.loads(d.body) for d in WebhookDelivery.objects.order_by("pk")]


def _types() -> list[str]:
    return [body["type"] for body in _sent()]


def _round(world, *, opens_in: timedelta, name="Autumn round"):
    now = timezone.now()
    return round_services.assessment_create(
        organisation=world.client.organisation,
        name=name,
        framework_version=world.client.assessment.framework_version,
        teams=[world.client.team],
        include_maturity=True,
        include_activities=False,
        opens_at=now + opens_in,
        closes_at=now + opens_in + timedelta(days=7),
        anonymity="anonymous",
        min_group_size=3,
        created_by=world.admin,
    )


def test_rounds_announce_opening_and_closing_once_each(world):
    endpoint_for(world.client.organisation, "https://93.184.215.14/hooks")
    opened = _round(world, opens_in=timedelta(0))
    assert _types() == ["round.opened"]
    body = _sent()[0]
    assert body["data"]["round"]["id"] == opened.pk
    assert body["data"]["round"]["name"] == "Autumn round"
    org = world.client.organisation
    assert body["data"]["round"]["url"] == f"{SITE}/o/{org.slug}/assessments/{opened.pk}/"
    assert body["data"]["organisation"] == {
        "id": org.pk,
        "name": org.name,
        "slug": org.slug,
        "url": f"{SITE}/o/{org.slug}/",
    }
    # By hand: closed early, then reopened with a new closing date.
    round_services.assessment_close(assessment=opened)
    round_services.assessment_close(assessment=opened)  # closing twice announces once
    round_services.assessment_extend(
        assessment=opened, closes_at=timezone.now() + timedelta(days=2)
    )
    assert _types() == ["round.opened", "round.closed", "round.opened"]
    # By their dates: a round set to open later is announced by the job when it opens, and
    # when it closes; running the job again announces nothing twice.
    later = _round(world, opens_in=timedelta(days=1), name="Later round")
    assert len(_types()) == 3
    assert announce_rounds() == "No round opened or closed"
    in_a_day = timezone.now() + timedelta(days=1, hours=1)
    assert announcements.announce_due(now=in_a_day) == 1
    assert announcements.announce_due(now=in_a_day) == 0
    in_ten_days = timezone.now() + timedelta(days=10)
    assert announcements.announce_due(now=in_ten_days) == 2  # both rounds closed by date
    assert announcements.announce_due(now=in_ten_days) == 0
    assert _types()[3:] == ["round.opened", "round.closed", "round.closed"]
    assert {body["data"]["round"]["id"] for body in _sent()[3:]} == {opened.pk, later.pk}


def test_a_refresh_of_results_is_announced(world):
    endpoint_for(world.client.organisation, "https://93.184.215.14/hooks")
    store.refresh(world.client.assessment)
    assert _sent() == []  # the same answers as last time: nothing new to announce
    answer_all(world.client.assessment, world.client.team, 3, agree="disagree")
    store.refresh(world.client.assessment)
    [body] = _sent()
    assert body["type"] == "results.refreshed"
    assert body["data"]["round"]["id"] == world.client.assessment.pk
    assert body["data"]["round"]["report_url"].endswith(
        f"/assessments/{world.client.assessment.pk}/report/"
    )
    assert body["data"]["results"]["computed_at"]


def test_roadmap_action_changes_are_announced(world):
    endpoint_for(
        world.client.organisation,
        "https://93.184.215.14/hooks",
        only=[events.ROADMAP_ACTION_CHANGED],
    )
    road = Roadmap.objects.create(assessment=world.client.assessment, team=world.client.team)
    action = roadmap_services.action_add(
        road=road, user=world.admin, title="Write a charter", horizon="now"
    )
    roadmap_services.action_add(road=road, user=world.admin, title="Agree KPIs", horizon="now")
    roadmap_services.action_update(
        action=action,
        user=world.admin,
        status=RoadmapAction.Status.IN_PROGRESS,
        owner_id=world.admin.pk,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    roadmap_services.action_update(action=action, user=world.admin, status="in_progress")
    roadmap_services.action_move(action=action, user=world.admin, direction="down")
    bodies = _sent()
    assert [b["data"]["changes"] for b in bodies] == [
        ["created"],
        ["created"],
        ["status", "owner", "due_date"],  # the unchanged second update raised nothing
        ["order"],
    ]
    changed = bodies[2]["data"]
    assert changed["action"]["id"] == action.pk
    assert changed["action"]["status"] == "in_progress"
    assert changed["action"]["owner"] == {"id": world.admin.pk}
    assert changed["team"] == {"id": world.client.team.pk, "name": world.client.team.name}
    assert changed["roadmap"]["url"].endswith(
        f"/assessments/{world.client.assessment.pk}/roadmap/team/{world.client.team.pk}/"
    )


def test_a_review_handed_over_is_announced(world):
    endpoint_for(
        world.client.organisation, "https://93.184.215.14/hooks", only=[events.REVIEW_HANDED_OVER]
    )
    handover.review_hand_over(review=world.review, user=world.consultant, report_url="https://x/")
    [body] = _sent()
    assert body["type"] == "review.handed_over"
    review = body["data"]["review"]
    assert review["id"] == world.review.pk
    assert review["title"] == "Spring review"
    assert review["firm"]["name"] == "Laine Partners"
    assert review["delivered_again"] is False
    assert body["data"]["rounds"][0]["id"] == world.client.assessment.pk


def test_no_payload_carries_respondents_answers_names_or_addresses(
    world, receiver, django_capture_on_commit_callbacks
):
    """Attack-style: every event of a round with named people, comments and an owned action,
    delivered for real; nothing identifying anyone or saying what they answered gets out."""
    org, assessment, team = world.client.organisation, world.client.assessment, world.client.team
    endpoint = endpoint_for(org, receiver.url)
    secret_comment = "Our roadmap is whatever sales promised last week, says Quentin"
    answer_all(assessment, team, 3, comment=secret_comment)
    owner = MembershipFactory(
        organisation=org,
        user__username="quentin.zed",
        user__first_name="Quentin",
        user__last_name="Zedlander",
        user__email="quentin.zedlander@client.example",
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        store.refresh(assessment)
        round_services.assessment_close(assessment=assessment)
        round_services.assessment_extend(
            assessment=assessment, closes_at=timezone.now() + timedelta(days=3)
        )
        handover.review_hand_over(review=world.review, user=world.consultant, report_url="x")
        road, _ = Roadmap.objects.get_or_create(assessment=assessment, team=team)
        action = roadmap_services.action_add(
            road=road, user=world.admin, title="Write a charter", horizon="now"
        )
        roadmap_services.action_update(
            action=action, user=world.admin, owner_id=owner.pk, notes=f"Ask {owner.email}"
        )
    run_tasks()
    assert set(_types()) == set(events.EVENTS)
    assert len(receiver.requests) == len(_types())
    received = [r.body.decode() for r in receiver.requests]
    for request in receiver.requests:
        Webhook(endpoint.secret).verify(request.body, request.headers)
    everything = "\n".join(received)
    forbidden = {secret_comment, "Quentin", "Zedlander", "quentin", owner.email, "Ask "}
    for respondent in Respondent.objects.filter(invitation__assessment=assessment):
        forbidden |= {respondent.name, respondent.invitation.email}
        forbidden |= {respondent.invitation.name} - {""}
    for person in (world.admin, world.consultant):
        forbidden |= {person.email, person.username}
    assert {"Person 0", "Person 1"} <= forbidden
    leaked = {text for text in forbidden if text and text.lower() in everything.lower()}
    assert leaked == set()
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", everything), "an email address leaked"
    keys = set(re.findall(r'"([a-z_]+)":', everything))
    assert not keys & {"email", "answers", "answer", "comment", "comments", "notes", "respondents"}
    assert WebhookEndpoint.objects.get().is_active
