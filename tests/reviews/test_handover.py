"""Handing a review over: roadmaps for the teams without one, delivered once, the client's
admins told; and who may do it."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from assessments.reviews import handover
from assessments.reviews.models import Review
from assessments.roadmaps.models import Roadmap
from tests.factories import TeamFactory
from tests.reviews.deliverable_world import firm_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return firm_world(others=0)


def _url(world) -> str:
    return f"/o/{world.client.organisation.slug}/reviews/{world.review.pk}/handover/"


def test_handing_over_creates_roadmaps_and_delivers_once(client, world):
    client.force_login(world.consultant)
    page = client.get(_url(world)).content.decode()
    assert "generate a roadmap" in page
    assert world.client.team.name in page
    response = client.post(_url(world))
    assert response.status_code == 302
    review = Review.objects.get(pk=world.review.pk)
    assert review.status == Review.Status.DELIVERED
    assert review.delivered_at is not None
    assert review.handed_over_at is not None
    road = Roadmap.objects.get(assessment=world.client.assessment, team=world.client.team)
    assert road.generated_by == world.consultant
    # The client's admin is told by email.
    assert DBTaskResult.objects.filter(queue_name="email").count() == 1
    # Again: nothing changes, and it says so.
    stamp, actions = review.handed_over_at, road.actions.count()
    again = client.post(_url(world), follow=True)
    assert "already handed over" in again.content.decode()
    review.refresh_from_db()
    assert review.handed_over_at == stamp
    assert road.actions.count() == actions
    assert DBTaskResult.objects.filter(queue_name="email").count() == 1


def test_an_existing_roadmap_is_kept_and_a_team_with_too_few_answers_is_named(world):
    own = Roadmap.objects.create(assessment=world.client.assessment, team=world.client.team)
    quiet = TeamFactory(
        organisation=world.client.organisation,
        department__organisation=world.client.organisation,
        name="Quiet team",
    )
    world.client.assessment.teams.add(quiet)
    done = handover.review_hand_over(
        review=world.review, user=world.consultant, report_url="https://x/report/"
    )
    assert not done.already
    assert done.planned == ()
    assert done.too_few == (quiet,)
    assert Roadmap.objects.filter(assessment=world.client.assessment).get() == own
    assert not own.actions.exists()  # kept as it was, not regenerated


def test_only_the_review_s_teams_get_roadmaps(world):
    other = TeamFactory(
        organisation=world.client.organisation,
        department__organisation=world.client.organisation,
    )
    world.client.assessment.teams.add(other)
    world.review.teams.add(world.client.team)
    done = handover.review_hand_over(
        review=world.review, user=world.consultant, report_url="https://x/report/"
    )
    assert done.planned == (world.client.team,)
    assert not Roadmap.objects.filter(team=other).exists()


def test_the_report_says_the_roadmaps_are_the_clients_after_handover(client, world):
    client.force_login(world.consultant)
    client.post(_url(world))
    client.force_login(world.admin)
    report = f"/o/{world.client.organisation.slug}/reviews/{world.review.pk}/report/"
    html = client.get(report).content.decode()
    assert "are now Brightwater's to run" in html
    assert "roadmap board" in html
    assert "Hand over to the client" not in html


def test_the_clients_admin_cannot_hand_over(client, world):
    client.force_login(world.admin)
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world)).status_code == 403
    world.review.refresh_from_db()
    assert world.review.handed_over_at is None


def test_a_review_without_a_round_cannot_be_handed_over(client, world):
    world.review.rounds.clear()
    client.force_login(world.consultant)
    assert client.post(_url(world)).status_code == 409
    world.review.refresh_from_db()
    assert world.review.status == Review.Status.PLANNING
    with pytest.raises(handover.HandoverRefused):
        handover.review_hand_over(
            review=world.review, user=world.consultant, report_url="https://x/"
        )


def test_a_review_reopened_after_its_handover_is_delivered_again(client, world):
    client.force_login(world.consultant)
    client.post(_url(world))
    world.review.refresh_from_db()
    first = world.review.handed_over_at
    review_url = f"/o/{world.client.organisation.slug}/reviews/{world.review.pk}/"
    client.post(f"{review_url}status/", {"status": "moderation"})
    world.review.refresh_from_db()
    assert world.review.status == Review.Status.MODERATION
    # The way to deliver it again is offered, and says what it does.
    assert "Deliver again" in client.get(review_url).content.decode()
    page = client.get(_url(world)).content.decode()
    assert "reopened since" in page
    done = client.post(_url(world), follow=True).content.decode()
    assert "Review delivered again." in done
    world.review.refresh_from_db()
    assert world.review.status == Review.Status.DELIVERED
    assert world.review.delivered_at is not None
    assert world.review.handed_over_at == first  # first handed over then
    assert Roadmap.objects.filter(assessment=world.client.assessment).count() == 1
    mails = DBTaskResult.objects.filter(queue_name="email").order_by("enqueued_at")
    assert mails.count() == 2
    assert "has updated" in str(mails.last().args_kwargs)
    assert "Deliver again" not in client.get(review_url).content.decode()


def test_the_handover_page_warns_before_it_starts_when_the_client_has_no_admin(client, world):
    from assessments.organisations.models import Membership

    client.force_login(world.consultant)
    page = client.get(_url(world)).content.decode()
    assert "data-no-admin" not in page
    assert "Hand over now" in page

    Membership.objects.filter(
        organisation=world.client.organisation, role=Membership.Role.ADMIN
    ).delete()
    page = client.get(_url(world)).content.decode()
    assert "has no admin to hand over to" in page
    invite = f"/o/{world.client.organisation.slug}/#people-h"
    assert f'href="{invite}">invite their head of product as an organisation admin</a>' in page
    assert "Hand over without an admin" in page
    # Allowed with the warning: the consultant delivers; nobody is emailed, and it says so.
    done = client.post(_url(world), follow=True).content.decode()
    assert Review.objects.get(pk=world.review.pk).status == Review.Status.DELIVERED
    assert DBTaskResult.objects.filter(queue_name="email").count() == 0
    assert "Nobody at the client was emailed" in done
