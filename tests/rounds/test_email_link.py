"""Someone who came in through a team link can have their own link emailed to them."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from assessments.rounds import services
from assessments.rounds.models import Assessment, Invitation, Respondent
from tests.background import run_tasks

pytestmark = pytest.mark.django_db

ADDRESS = "sam.jones@example.com"


def url(name, token, **kwargs):
    return reverse(f"respond:{name}", kwargs={"token": token, **kwargs})


def started_from_team_link(client, team_link_token, role="designer"):
    """Open the team link in this browser and choose a role; returns the resume token."""
    client.post(reverse("respond:team_link", args=[team_link_token]))
    respondent = Respondent.objects.order_by("-pk").first()
    token = services.respondent_token(respondent)
    client.post(url("start", token), {"role": role})
    return token


@pytest.fixture
def resume(client, team_link):
    return started_from_team_link(client, team_link[1])


def queued():
    return DBTaskResult.objects.filter(queue_name="email").count()


def test_it_emails_the_resume_link_and_says_where_it_went(client, resume):
    response = client.post(url("email_link", resume), {"email": ADDRESS, "back": "purpose"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"We have sent your link to {ADDRESS}" in html
    # The page they were on still works: its form saves to the section, not to this URL.
    assert f'action="{url("section", resume, section="purpose")}"' in html
    assert run_tasks() == 1
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert f"http://testserver{url('start', resume)}" in message.body
    assert "personal link" in message.body
    # The address is shown on that response only.
    assert ADDRESS not in client.get(url("section", resume, section="purpose")).content.decode()


def test_the_form_is_on_the_pages_of_team_link_people_only(client, resume, personal_link):
    for page in (
        url("section", resume, section="purpose"),
        url("review", resume),
        url("done", resume),
    ):
        assert "Email me my link" in client.get(page).content.decode(), page
    _invitation, personal = personal_link
    other = Client()
    other.post(url("start", personal), {"role": "designer"})
    for page in (url("section", personal, section="purpose"), url("review", personal)):
        assert "Email me my link" not in other.get(page).content.decode(), page


def test_it_shows_the_page_the_form_was_on(client, resume):
    review = client.post(url("email_link", resume), {"email": ADDRESS, "back": "review"})
    assert "Review and submit" in review.content.decode()
    assert f'action="{url("review", resume)}"' in review.content.decode()
    client.post(url("review", resume))  # submit
    done = client.post(url("email_link", resume), {"email": ADDRESS, "back": "done"})
    assert "Thank you: your answers are in" in done.content.decode()


def test_a_fourth_link_within_the_hour_is_refused_with_a_message(client, resume):
    for _ in range(3):
        assert client.post(url("email_link", resume), {"email": ADDRESS}).status_code == 200

    fourth = client.post(url("email_link", resume), {"email": ADDRESS, "back": "purpose"})

    assert fourth.status_code == 429
    assert "already sent your link 3 times in the last hour" in fourth.content.decode()
    assert "We have sent your link" not in fourth.content.decode()
    run_tasks()
    assert len(mail.outbox) == 3


def test_one_client_address_sends_at_most_twenty_links_an_hour(team_link):
    senders = [Client() for _ in range(7)]  # all from the test client's one address
    tokens = [started_from_team_link(c, team_link[1]) for c in senders]
    statuses = [
        c.post(url("email_link", t), {"email": ADDRESS}).status_code
        for c, t in zip(senders, tokens, strict=True)
        for _ in range(3)
    ]
    assert statuses == [200] * 20 + [429]
    # The respondent refused for the address's sake keeps their own three sends.
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    assert elsewhere.post(url("email_link", tokens[-1]), {"email": ADDRESS}).status_code == 200


@pytest.mark.parametrize(
    "typed",
    ["", "not-an-address", "sam@", f"{ADDRESS}\nBcc: everyone@example.com", "x" * 300],
)
def test_a_bad_address_is_explained_and_nothing_is_sent(client, resume, typed):
    response = client.post(url("email_link", resume), {"email": typed, "back": "purpose"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="email-link-error"' in html
    assert "We have sent your link" not in html
    assert queued() == 0


def test_a_bad_address_does_not_use_up_the_hourly_sends(client, resume):
    for _ in range(5):
        client.post(url("email_link", resume), {"email": "nope"})
    assert client.post(url("email_link", resume), {"email": ADDRESS}).status_code == 200


def test_a_personal_link_has_no_such_page(client, personal_link):
    _invitation, token = personal_link
    assert client.post(url("email_link", token), {"email": ADDRESS}).status_code == 404
    assert not Respondent.objects.exists()  # the refusal records no first visit either
    client.get(url("start", token))
    assert client.post(url("email_link", token), {"email": ADDRESS}).status_code == 404
    assert queued() == 0


def test_a_closed_round_explains_itself(client, resume, assessment):
    services.assessment_close(assessment=assessment)
    response = client.post(url("email_link", resume), {"email": ADDRESS})
    assert response.status_code == 410
    assert queued() == 0


def test_posts_without_a_csrf_token_are_refused(resume):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url("email_link", resume), {"email": ADDRESS}).status_code == 403
    assert queued() == 0


@pytest.mark.parametrize("anonymity", [Assessment.Anonymity.ANONYMOUS, Assessment.Anonymity.NAMED])
def test_the_address_is_kept_nowhere(client, team_link, assessment, anonymity, caplog):
    Assessment.objects.filter(pk=assessment.pk).update(anonymity=anonymity)
    resume = started_from_team_link(client, team_link[1])
    caplog.set_level(logging.DEBUG)

    assert client.post(url("email_link", resume), {"email": ADDRESS}).status_code == 200
    run_tasks()

    assert len(mail.outbox) == 1
    stored = [
        str(value)
        for model in (Respondent, Invitation)
        for row in model.objects.values()
        for value in row.values()
    ]
    assert stored
    assert not [value for value in stored if ADDRESS in value]
    assert ADDRESS not in str(dict(client.session))
    assert ADDRESS not in caplog.text
    # Not even the task queue keeps it (nor the secret link) once the message is sent.
    from django_tasks_db.models import DBTaskResult

    [sent] = DBTaskResult.objects.filter(queue_name="email")
    assert sent.status == "SUCCESSFUL"
    assert ADDRESS not in str(sent.args_kwargs)
    assert resume not in str(sent.args_kwargs)
