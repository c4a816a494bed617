"""Answering through a link: no account, nothing lost, clear pages when a link can't be used."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.rounds import services
from assessments.rounds.models import ActivityAnswer, Answer, Respondent
from frameworks.models import ActivityLeader, ScaleOption, Statement
from pmmaturity.logfilters import RedactTokens
from tests.background import run_tasks

pytestmark = pytest.mark.django_db


def option(version, key, scale="agreement"):
    return ScaleOption.objects.get(version=version, scale__key=scale, key=key)


def statement(version, key):
    return Statement.objects.get(version=version, key=key)


def url(name, token, **kwargs):
    return reverse(f"respond:{name}", kwargs={"token": token, **kwargs})


@pytest.fixture
def started(client, personal_link):
    """A respondent in a product role (asked everything) who has opened their link."""
    invitation, token = personal_link
    client.post(url("start", token), {"role": "product_manager"})
    return token, Respondent.objects.get(invitation=invitation)


def test_links_carry_at_least_128_bits_and_only_digests_are_stored(personal_link):
    invitation, token = personal_link
    assert len(token) >= 43  # 32 bytes of HMAC output, base64url without padding
    assert token not in (invitation.token_hash, invitation.nonce)
    other = services.invitation_create_personal(
        assessment=invitation.assessment, team=invitation.team, email="b@example.com"
    )
    assert services.invitation_token(other) != token


def test_first_visit_asks_for_a_role_then_opens_the_first_section(client, personal_link):
    _, token = personal_link
    page = client.get(url("start", token))
    assert page.status_code == 200
    assert b"Which role is closest to yours?" in page.content
    assert b"This round is anonymous" in page.content

    missing = client.post(url("start", token), {"role": "astronaut"})
    assert missing.status_code == 400
    assert b"Choose the role closest to yours" in missing.content

    response = client.post(url("start", token), {"role": "designer"})
    assert response["Location"] == url("section", token, section="purpose")
    assert Respondent.objects.get().role == "designer"


def test_a_section_saves_every_answer_and_moves_on(client, started, sample_version):
    token, respondent = started
    agree = option(sample_version, "agree")
    data = {
        f"s-{statement(sample_version, 'p-fire').pk}": agree.pk,
        f"s-{statement(sample_version, 'p-charter').pk}": option(sample_version, "dont-know").pk,
        f"c-s-{statement(sample_version, 'p-charter').pk}": "Not sure we have one.",
        "go": "next",
    }
    response = client.post(url("section", token, section="purpose"), data)
    assert response.status_code == 302
    assert response["Location"] == url("section", token, section="activities-strategic")
    answers = {
        a.statement.key: (a.option.key, a.comment)
        for a in Answer.objects.filter(respondent=respondent)
    }
    assert answers == {"p-fire": ("agree", ""), "p-charter": ("dont-know", "Not sure we have one.")}
    sample_version.refresh_from_db()
    assert sample_version.is_frozen  # answered content can no longer change


def test_an_invalid_value_keeps_every_valid_answer_and_says_what_is_wrong(
    client, started, sample_version
):
    token, respondent = started
    fire, charter, lead = (statement(sample_version, k) for k in ("p-fire", "p-charter", "p-lead"))
    data = {
        f"s-{fire.pk}": option(sample_version, "agree").pk,
        f"s-{charter.pk}": "99999",  # not an option of this scale
        f"s-{lead.pk}": option(sample_version, "disagree").pk,
        f"c-s-{lead.pk}": "x" * 2500,
        "go": "next",
    }
    response = client.post(url("section", token, section="purpose"), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Some answers need another look. Everything else on this page is saved." in html
    assert "That is not one of the choices for this statement. Please choose again." in html
    assert "Comments can be up to 2,000 characters; this one has 2,500." in html
    saved = {a.statement.key: a.option.key for a in Answer.objects.filter(respondent=respondent)}
    assert saved == {"p-fire": "agree", "p-lead": "disagree"}
    assert "x" * 2500 in html  # the long comment is shown back, not thrown away


def test_statements_for_product_people_are_not_put_to_other_roles(
    client, personal_link, sample_version
):
    invitation, token = personal_link
    client.post(url("start", token), {"role": "engineer"})
    respondent = Respondent.objects.get(invitation=invitation)
    lead = statement(sample_version, "p-lead")  # audience: product
    page = client.get(url("section", token, section="purpose")).content.decode()
    assert lead.text not in page
    assert statement(sample_version, "p-fire").text in page
    response = client.post(
        url("autosave", token), {f"s-{lead.pk}": option(sample_version, "agree").pk}
    )
    assert response.json()["progress"]["total"] == 4  # one fewer than a product manager's
    assert not Answer.objects.filter(respondent=respondent, statement=lead).exists()


def test_autosave_stores_one_item_and_reports_progress(client, started, sample_version):
    token, respondent = started
    fire = statement(sample_version, "p-fire")
    response = client.post(
        url("autosave", token), {f"s-{fire.pk}": option(sample_version, "agree").pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["progress"] == {"answered": 1, "total": 5, "percent": 20}
    # A comment saved later leaves the rating alone.
    client.post(url("autosave", token), {f"c-s-{fire.pk}": "We do this weekly."})
    answer = Answer.objects.get(respondent=respondent, statement=fire)
    assert (answer.option.key, answer.comment) == ("agree", "We do this weekly.")


def test_two_tabs_saving_different_answers_lose_neither(
    client, started, sample_version, django_user_model
):
    from django.test import Client

    token, respondent = started
    other_tab = Client()
    fire, charter = statement(sample_version, "p-fire"), statement(sample_version, "p-charter")
    client.post(url("autosave", token), {f"s-{fire.pk}": option(sample_version, "agree").pk})
    other_tab.post(
        url("autosave", token), {f"s-{charter.pk}": option(sample_version, "disagree").pk}
    )
    client.post(url("autosave", token), {f"c-s-{fire.pk}": "first tab"})
    other_tab.post(url("autosave", token), {f"c-s-{charter.pk}": "second tab"})
    saved = {
        a.statement.key: (a.option.key, a.comment)
        for a in Answer.objects.filter(respondent=respondent)
    }
    assert saved == {"p-fire": ("agree", "first tab"), "p-charter": ("disagree", "second tab")}


def test_activities_record_who_leads_and_how_well(client, started, sample_version):
    token, respondent = started
    research = sample_version.activity_set.get(key="market-research")
    pm = ActivityLeader.objects.get(version=sample_version, key="product-management")
    well = option(sample_version, "well", scale="performance")
    response = client.post(
        url("section", token, section="activities-strategic"),
        {f"a-{research.pk}-leader": pm.pk, f"a-{research.pk}-perf": well.pk, "go": "next"},
    )
    assert response.status_code == 302
    answer = ActivityAnswer.objects.get(respondent=respondent, activity=research)
    assert (answer.leader, answer.performance) == (pm, well)


def test_closing_the_tab_and_reopening_the_link_resumes_where_they_stopped(
    client, started, sample_version
):
    token, _ = started
    for key in ("p-fire", "p-charter", "p-lead"):
        client.post(
            url("autosave", token),
            {f"s-{statement(sample_version, key).pk}": option(sample_version, "agree").pk},
        )
    from django.test import Client

    reopened = Client().get(url("start", token))
    assert reopened["Location"] == url("section", token, section="activities-strategic")
    page = Client().get(reopened["Location"])
    assert b"3 of 5</strong> answered" in page.content


def test_review_lists_what_is_unanswered_and_a_double_submit_is_harmless(
    client, started, sample_version
):
    token, respondent = started
    client.post(
        url("autosave", token),
        {f"s-{statement(sample_version, 'p-fire').pk}": option(sample_version, "agree").pk},
    )
    review = client.get(url("review", token)).content.decode()
    assert "1 of 5 answered" in review
    assert "We have a written charter." in review
    assert "Market research" in review

    first = client.post(url("review", token))
    assert first["Location"] == url("done", token)
    submitted_at = Respondent.objects.get(pk=respondent.pk).submitted_at
    client.post(url("review", token))
    assert Respondent.objects.get(pk=respondent.pk).submitted_at == submitted_at
    # They can still change answers until the round closes.
    ok = client.post(
        url("autosave", token),
        {f"s-{statement(sample_version, 'p-lead').pk}": option(sample_version, "agree").pk},
    )
    assert ok.status_code == 200
    assert b"You submitted on" in client.get(url("review", token)).content


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ("revoke", 410, "This link has been withdrawn"),
        ("close", 410, "This assessment has closed"),
        ("expire", 410, "This assessment has closed"),
        ("not_open", 200, "This assessment has not opened yet"),
    ],
)
def test_a_link_that_cannot_be_used_explains_why_and_whom_to_ask(
    client, owner, personal_link, change, status, text
):
    invitation, token = personal_link
    assessment = invitation.assessment
    if change == "revoke":
        services.invitation_revoke(invitation=invitation)
    elif change == "close":
        services.assessment_close(assessment=assessment)
    elif change == "expire":
        assessment.closes_at = timezone.now() - timedelta(minutes=1)
        assessment.opens_at = timezone.now() - timedelta(days=2)
        assessment.save()
    else:
        assessment.opens_at = timezone.now() + timedelta(days=1)
        assessment.save()
    for page in ("start", "review"):
        response = client.get(url(page, token))
        assert response.status_code == status
        assert text in response.content.decode()
        assert f"Run by {owner.get_full_name()}" in response.content.decode()
    saved = client.post(url("autosave", token), {"s-1": "1"})
    assert saved.status_code == 410
    assert Answer.objects.count() == 0


def test_an_unknown_link_is_a_clear_page_not_an_error(client, db):
    response = client.get(url("start", "not-a-real-token-at-all-0123456789abcdef"))
    assert response.status_code == 404
    assert b"We don\xe2\x80\x99t recognise this link" in response.content


def test_a_team_link_gives_each_person_their_own_resume_link(client, team_link, sample_version):
    _invitation, token = team_link
    page = client.get(reverse("respond:team_link", args=[token]))
    assert b"Start my answers" in page.content
    started = client.post(reverse("respond:team_link", args=[token]))
    first = Respondent.objects.get()
    resume_token = services.respondent_token(first)
    assert started["Location"] == url("start", resume_token)
    # The same browser coming back through the team link resumes.
    assert client.get(reverse("respond:team_link", args=[token]))["Location"] == url(
        "start", resume_token
    )
    # Someone else gets a respondent of their own.
    from django.test import Client

    Client().post(reverse("respond:team_link", args=[token]))
    assert Respondent.objects.count() == 2


def test_a_team_link_with_an_access_code_checks_it(client, assessment, team):
    invitation = services.invitation_create_team_link(
        assessment=assessment, team=team, access_code="blue-42"
    )
    token = services.invitation_token(invitation)
    wrong = client.post(reverse("respond:team_link", args=[token]), {"access_code": "red"})
    assert wrong.status_code == 400
    assert b"That access code does not match" in wrong.content
    assert Respondent.objects.count() == 0
    right = client.post(reverse("respond:team_link", args=[token]), {"access_code": " blue-42 "})
    assert right.status_code == 302
    assert Respondent.objects.count() == 1


def test_tokens_never_reach_the_logs(personal_link, caplog):
    _, token = personal_link
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"GET %s HTTP/1.1" 200',
        (f"/r/{token}/s/purpose/",),
        None,
    )
    RedactTokens().filter(record)
    assert token not in record.getMessage()
    assert "/r/[redacted]/s/purpose/" in record.getMessage()
    from django.conf import settings

    assert "redact_tokens" in settings.LOGGING["handlers"]["console"]["filters"]
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == ["console"]


def test_reminders_go_to_personal_invitees_who_have_not_submitted(
    client, owner, personal_link, assessment, team
):
    _invitation, token = personal_link
    done = services.invitation_create_personal(
        assessment=assessment, team=team, email="done@example.com"
    )
    respondent = services.respondent_for_personal_link(invitation=done)
    services.respondent_submit(respondent=respondent)
    client.force_login(owner)
    client.post(
        reverse("orgs:assessment_remind", args=[assessment.organisation.slug, assessment.pk])
    )
    run_tasks()
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert f"/r/{token}/" in mail.outbox[0].body


def test_wrong_access_codes_are_limited(client, assessment, team):
    from django.core.cache import cache

    cache.clear()
    invitation = services.invitation_create_team_link(
        assessment=assessment, team=team, access_code="blue-42"
    )
    path = reverse("respond:team_link", args=[services.invitation_token(invitation)])
    for _ in range(10):
        assert client.post(path, {"access_code": "guess"}).status_code == 400
    locked = client.post(path, {"access_code": "blue-42"})
    assert locked.status_code == 429
    assert b"Too many wrong codes from here" in locked.content
    assert Respondent.objects.count() == 0
    cache.clear()


def test_a_team_link_takes_twice_the_team_and_no_more_people(client, assessment, team, owner):
    from django.test import Client

    from tests.factories import MembershipFactory

    assert services.team_link_cap(team) == 20  # nobody recorded: a team of ten assumed
    for i in range(12):
        MembershipFactory(organisation=team.organisation, team=team, user__username=f"t{i}")
    assert services.team_link_cap(team) == 24
    assert (
        services.invitation_create_team_link(assessment=assessment, team=team).max_respondents == 24
    )
    invitation = services.invitation_create_team_link(
        assessment=assessment, team=team, max_respondents=6
    )
    token = services.invitation_token(invitation)
    link = reverse("respond:team_link", args=[token])
    for _ in range(6):
        assert Client().post(link).status_code == 302
    full = Client().post(link)
    assert full.status_code == 409
    assert b"This team link is full" in full.content
    assert Respondent.objects.filter(invitation=invitation).count() == 6

    # Whoever runs the round sees the places used and can make room.
    client.force_login(owner)
    detail = reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
    assert "6 of 6 places used" in client.get(detail).content.decode()
    cap = reverse(
        "orgs:team_link_cap", args=[assessment.organisation.slug, assessment.pk, invitation.pk]
    )
    assert client.post(cap, {"max_respondents": "x"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.max_respondents == 6
    client.post(cap, {"max_respondents": 8})
    assert Client().post(link).status_code == 302
    assert Respondent.objects.filter(invitation=invitation).count() == 7


def test_behind_a_proxy_one_guesser_never_locks_out_the_team(assessment, team, settings):
    from django.test import Client

    settings.TRUSTED_PROXY_COUNT = 1
    invitation = services.invitation_create_team_link(
        assessment=assessment, team=team, access_code="blue-42"
    )
    path = reverse("respond:team_link", args=[services.invitation_token(invitation)])
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from our proxy
    guesser = Client(HTTP_X_FORWARDED_FOR="6.6.6.6", **proxy)
    for _ in range(10):
        assert guesser.post(path, {"access_code": "guess"}).status_code == 400
    assert guesser.post(path, {"access_code": "blue-42"}).status_code == 429
    # A forged left-hand address does not buy the guesser a fresh count...
    forged = Client(HTTP_X_FORWARDED_FOR="1.1.1.1, 6.6.6.6", **proxy)
    assert forged.post(path, {"access_code": "blue-42"}).status_code == 429
    # ...and a teammate elsewhere, behind the same proxy, still gets in.
    teammate = Client(HTTP_X_FORWARDED_FOR="5.5.5.5", **proxy)
    assert teammate.post(path, {"access_code": "blue-42"}).status_code == 302


def test_wrong_access_codes_are_counted_in_the_database_cache_every_worker_shares(
    client, assessment, team, settings
):
    from django.core.cache import cache
    from django.db import connection

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pmmaturity_cache",
        }
    }
    invitation = services.invitation_create_team_link(
        assessment=assessment, team=team, access_code="blue-42"
    )
    path = reverse("respond:team_link", args=[services.invitation_token(invitation)])
    for _ in range(10):
        client.post(path, {"access_code": "guess"})
    assert client.post(path, {"access_code": "blue-42"}).status_code == 429
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pmmaturity_cache")
        assert cursor.fetchone()[0] == 10  # one row per wrong code, each claimed atomically
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_workers_guessing_at_once_never_get_more_than_ten_tries_between_them(settings):
    """Eight workers, three wrong codes each, all at once, through the shared database cache."""
    import threading
    import time

    from django.core.cache import cache
    from django.db import OperationalError, connection

    from assessments.rounds.respond_views import MAX_CODE_ATTEMPTS, _count_attempt

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pmmaturity_cache",
        }
    }
    start = threading.Barrier(8)
    counted: list[int] = []

    def attempt() -> int:
        # The test database on SQLite is in memory, where a busy table fails at once instead of
        # waiting (a file database waits 20 s); retrying stands in for that wait.
        while True:
            try:
                return _count_attempt("code-attempts:race")
            except OperationalError:
                time.sleep(0.01)

    def guess() -> None:
        start.wait()
        try:
            counted.extend(attempt() for _ in range(3))
        finally:
            connection.close()

    workers = [threading.Thread(target=guess) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    let_through = [n for n in counted if n <= MAX_CODE_ATTEMPTS]
    assert len(counted) == 24
    assert len(set(let_through)) == len(let_through), "no attempt number was given twice"
    assert 0 < len(let_through) <= MAX_CODE_ATTEMPTS
    if connection.vendor == "postgresql":
        # SQLite may refuse an add while another thread holds its lock (counted as taken,
        # which errs towards refusing); PostgreSQL lets exactly ten through.
        assert len(let_through) == MAX_CODE_ATTEMPTS
    cache.clear()
