"""Automatic reminders: the scheduled job `round-reminders` emails a round's personal invitees
who have not submitted once, the set number of days before the round closes, with links on
SITE_URL; a round is claimed before it is sent, so two runners never both send it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.rounds import reminders, services
from assessments.rounds.forms import AUTO_REMIND_INVALID
from assessments.rounds.scheduled import round_reminders
from pmmaturity import schedule
from pmmaturity.models import ScheduledJob
from tests.background import run_tasks

SITE = "https://pm.example.com"


@pytest.fixture
def due(assessment, personal_link):
    """The round, open five days and closing in a day: its reminder (two days before) is due."""
    now = timezone.now()
    Assessment.objects.filter(pk=assessment.pk).update(
        opens_at=now - timedelta(days=5),
        created_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=1),
    )
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


def test_the_job_reminds_who_has_not_submitted_once_with_links_on_site_url(
    site, due, personal_link, team
):
    _invitation, token = personal_link
    done = services.invitation_create_personal(assessment=due, team=team, email="done@example.com")
    services.respondent_submit(respondent=services.respondent_for_personal_link(invitation=done))
    assert round_reminders() == "1 reminder queued for 1 round"
    assert round_reminders() == "No round due for its automatic reminder"
    run_tasks()
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert f"{SITE}/r/{token}/" in mail.outbox[0].body
    due.refresh_from_db()
    assert due.auto_reminded_at is not None


def close_early(a):
    services.assessment_close(assessment=a)


def switch_off(a):
    services.assessment_set_auto_remind(assessment=a, days=None)


def not_yet(a):
    Assessment.objects.filter(pk=a.pk).update(closes_at=timezone.now() + timedelta(days=3))


def nobody_waits(a):
    a.invitations.update(revoked_at=timezone.now())  # no personal link left to remind


def too_short(a):
    Assessment.objects.filter(pk=a.pk).update(created_at=timezone.now() - timedelta(hours=12))


@pytest.mark.parametrize("undo", [close_early, switch_off, not_yet, nobody_waits, too_short])
def test_rounds_closed_off_not_yet_due_without_invitees_or_too_short_are_skipped(site, due, undo):
    undo(due)
    assert round_reminders() == "No round due for its automatic reminder"
    assert run_tasks() == 0
    due.refresh_from_db()
    assert due.auto_reminded_at is None


def test_without_site_url_nothing_is_sent_and_the_run_says_why(settings, due):
    settings.SITE_URL = ""
    assert schedule.run_now("round-reminders", runner="test:1") is False
    row = ScheduledJob.objects.get(name="round-reminders")
    assert row.last_outcome == ScheduledJob.Outcome.FAILED
    assert "SITE_URL is not set" in row.last_message
    assert "1 round waiting" in row.last_message
    assert run_tasks() == 0
    due.refresh_from_db()
    assert due.auto_reminded_at is None
    services.assessment_set_auto_remind(assessment=due, days=None)  # nothing due: no failure
    assert schedule.run_now("round-reminders", runner="test:1") is True
    assert "SITE_URL is not set" in ScheduledJob.objects.get(name="round-reminders").last_message


def test_of_two_runners_that_find_the_round_due_only_one_claims_it(site, due):
    now = timezone.now()
    # Both read the round before either writes, as two runners on two machines would.
    seen_by_a, seen_by_b = Assessment.objects.get(pk=due.pk), Assessment.objects.get(pk=due.pk)
    assert reminders.is_due(seen_by_a, now)
    assert reminders.is_due(seen_by_b, now)
    assert reminders.claim(seen_by_a, now) is True
    assert reminders.claim(seen_by_b, now) is False
    assert reminders.claim(Assessment.objects.get(pk=due.pk), now) is False


def test_a_round_extended_past_its_reminder_is_reminded_again_before_its_new_close(site, due):
    assert reminders.send_due(site_url=SITE, now=timezone.now()).emails == 1
    services.assessment_extend(assessment=due, closes_at=due.closes_at + timedelta(days=3))
    assert reminders.due_rounds(timezone.now()) == []
    later = timezone.now() + timedelta(days=3)
    assert reminders.send_due(site_url=SITE, now=later).emails == 1
    assert reminders.send_due(site_url=SITE, now=later + timedelta(hours=1)).emails == 0
    assert run_tasks() == 2


def test_the_round_page_shows_the_reminder_and_to_staff_that_it_needs_site_url(
    client, settings, owner, due
):
    settings.SITE_URL = ""
    url = reverse("orgs:assessment", args=[due.organisation.slug, due.pk])
    client.force_login(owner)
    page = client.get(url).content.decode()
    assert "due now (2 days before the round closes)" in page
    assert "This site does not send automatic reminders yet" in page
    assert "SITE_URL" not in page
    owner.is_staff = True  # the site's staff, who can set it, are told how
    owner.save(update_fields=["is_staff"])
    assert "Automatic reminders need <code>SITE_URL</code> set" in client.get(url).content.decode()
    settings.SITE_URL = SITE
    reminders.send_due(site_url=SITE, now=timezone.now())
    client.force_login(owner)
    page = client.get(url).content.decode()
    assert "Automatic reminder: 2 days before the round closes. Last sent" in page
    assert "data-site-url-missing" not in page


def test_the_round_settings_change_the_reminder_and_explain_a_wrong_value(client, owner, due):
    client.force_login(owner)
    url = reverse("orgs:assessment_extend", args=[due.organisation.slug, due.pk])
    closes = timezone.localtime(due.closes_at).strftime("%Y-%m-%dT%H:%M")
    for wrong in ("0", "31", "soon"):
        response = client.post(
            url, {"closes_at": closes, "auto_remind_days_before_close": wrong}, follow=True
        )
        assert AUTO_REMIND_INVALID in response.content.decode()
        due.refresh_from_db()
        assert due.auto_remind_days_before_close == 2
    client.post(url, {"closes_at": closes, "auto_remind_days_before_close": "5"})
    due.refresh_from_db()
    assert due.auto_remind_days_before_close == 5
    client.post(url, {"closes_at": closes})  # a form without the setting leaves it alone
    due.refresh_from_db()
    assert due.auto_remind_days_before_close == 5
    response = client.post(url, {"closes_at": closes, "auto_remind_days_before_close": ""})
    due.refresh_from_db()
    assert due.auto_remind_days_before_close is None


def test_a_new_round_reminds_two_days_before_it_closes_unless_told_otherwise(
    client, owner, organisation, team, sample_version
):
    from tests.rounds.test_rounds import assessment_form

    client.force_login(owner)
    url = reverse("orgs:assessment_create", args=[organisation.slug])
    assert client.get(url).context["form"]["auto_remind_days_before_close"].value() == 2
    client.post(url, assessment_form(sample_version, [team], auto_remind_days_before_close="5"))
    created = Assessment.objects.get()
    assert created.auto_remind_days_before_close == 5
    assert created.auto_remind_at == created.closes_at - timedelta(days=5)
