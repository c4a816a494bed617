"""A closed round is closed: it offers no new links and no reminders, refuses them if asked
anyway, and says when it actually closed rather than when it was planned to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Invitation
from assessments.rounds import services
from tests.background import run_tasks

pytestmark = pytest.mark.django_db


def _page(client, assessment):
    url = reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
    return client.get(url).content.decode()


def _close_on(assessment, when):
    Assessment.objects.filter(pk=assessment.pk).update(closed_early_at=when)
    assessment.refresh_from_db()


def test_an_open_round_offers_link_forms_and_reminders(client, owner, assessment):
    client.force_login(owner)
    page = _page(client, assessment)
    assert "Send personal links by email" in page
    assert "Make another team link" in page
    assert "Remind those who haven" in page
    assert f"closes {timezone.localtime(assessment.closes_at):%-d %b %Y}" in page


def test_a_closed_round_offers_no_link_forms_nor_reminders_and_says_when_it_closed(
    client, owner, assessment, team_link
):
    closed = timezone.now() - timedelta(days=2, hours=3)
    _close_on(assessment, closed)
    client.force_login(owner)
    page = _page(client, assessment)
    for offer in ("Send personal links by email", "Make another team link", "Remind those who"):
        assert offer not in page
    for url in ("assessment_invite", "assessment_team_link", "assessment_remind"):
        assert reverse(f"orgs:{url}", args=[assessment.organisation.slug, assessment.pk]) not in (
            page
        )
    local = timezone.localtime(closed)
    assert f"closed {local:%-d %b %Y, %H:%M}" in page
    assert f"Closed on {local:%-d %B %Y, %H:%M}" in page
    # The planned date is no longer shown as if it were the close.
    assert f"{timezone.localtime(assessment.closes_at):%-d %b %Y, %H:%M}" not in page
    assert "Reopen until this date" in page  # the way back is still there
    # Its team link is shown as closed, with nothing to copy, withdraw or resize.
    assert "closed with the round" in page
    for form in ("invitation_revoke", "team_link_cap"):
        assert (
            reverse(
                f"orgs:{form}", args=[assessment.organisation.slug, assessment.pk, team_link[0].pk]
            )
            not in page
        )
    assert "Copy link" not in page


def test_an_open_rounds_team_link_can_be_copied_withdrawn_and_resized(
    client, owner, assessment, team_link
):
    client.force_login(owner)
    page = _page(client, assessment)
    assert "Copy link" in page
    assert "closed with the round" not in page
    assert (
        reverse(
            "orgs:invitation_revoke",
            args=[assessment.organisation.slug, assessment.pk, team_link[0].pk],
        )
        in page
    )


def test_a_round_past_its_closing_date_says_it_closed_then(client, owner, assessment):
    ended = timezone.now() - timedelta(hours=5)
    Assessment.objects.filter(pk=assessment.pk).update(
        opens_at=ended - timedelta(days=10), closes_at=ended
    )
    assessment.refresh_from_db()
    assert assessment.closed_at == ended
    client.force_login(owner)
    page = _page(client, assessment)
    assert f"closed {timezone.localtime(ended):%-d %b %Y, %H:%M}" in page
    assert "Make another team link" not in page


def test_an_open_round_has_no_closed_at(assessment):
    assert assessment.closed_at is None
    services.assessment_close(assessment=assessment)
    assert assessment.closed_at == assessment.closed_early_at
    services.assessment_extend(assessment=assessment, closes_at=timezone.now() + timedelta(days=1))
    assert assessment.closed_at is None


@pytest.mark.parametrize(
    ("url", "body", "message"),
    [
        ("assessment_invite", {"emails": "zoe@example.com"}, "no new links can be made"),
        ("assessment_team_link", {}, "no new links can be made"),
        ("assessment_remind", {}, "no reminders were sent"),
    ],
)
def test_posts_to_a_closed_round_are_refused_with_a_reason_and_write_nothing(
    client, owner, assessment, team, personal_link, url, body, message
):
    services.assessment_close(assessment=assessment)
    before = list(Invitation.objects.values_list("pk", "last_sent_at"))
    client.force_login(owner)
    response = client.post(
        reverse(f"orgs:{url}", args=[assessment.organisation.slug, assessment.pk]),
        {"team": team.pk, **body},
        follow=True,
    )
    assert f"This round is closed, so {message}." in response.content.decode()
    assert list(Invitation.objects.values_list("pk", "last_sent_at")) == before
    run_tasks()
    assert mail.outbox == []


def test_the_services_pages_use_refuse_links_and_reminders_for_a_closed_round(assessment, team):
    services.assessment_close(assessment=assessment)
    with pytest.raises(services.RoundClosed):
        services.invitations_send_personal(
            assessment=assessment, team=team, emails=["a@example.com"], link_for=str
        )
    with pytest.raises(services.RoundClosed):
        services.team_link_add(assessment=assessment, team=team)
    with pytest.raises(services.RoundClosed):
        services.invitations_remind(assessment=assessment, link_for=str)
    assert not assessment.invitations.exists()
    run_tasks()
    assert mail.outbox == []


def test_the_organisation_page_says_when_a_closed_round_closed(
    client, owner, organisation, assessment
):
    closed = timezone.now() - timedelta(days=1)
    _close_on(assessment, closed)
    client.force_login(owner)
    page = client.get(reverse("orgs:organisation", args=[organisation.slug])).content.decode()
    assert assessment.name in page
    assert f"closed {timezone.localtime(closed):%-d %b %Y}" in page
    assert f"closes {timezone.localtime(assessment.closes_at):%-d %b %Y}" not in page
