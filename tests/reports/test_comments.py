"""Comments on a report: counted per statement, read a page at a time, never a name or an
order that says who wrote what in an anonymous round, and never beside a withheld group."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Assessment, ResultComment
from assessments.reports import comments, store
from assessments.reports.selectors import framework_for
from tests.factories import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    """The test framework has three statements: four comments a page makes several pages."""
    monkeypatch.setattr(comments, "PAGE_SIZE", 4)


def report_url(assessment, team=None):
    if team is None:
        return reverse("orgs:report", args=[assessment.organisation.slug, assessment.pk])
    return reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])


def comments_url(assessment, team=None):
    if team is None:
        return reverse("orgs:report_comments", args=[assessment.organisation.slug, assessment.pk])
    args = [assessment.organisation.slug, assessment.pk, team.pk]
    return reverse("orgs:report_team_comments", args=args)


def commented(assessment, team, people):
    """``people`` people answer everything; each answer carries its own comment."""
    answer_all(assessment, team, people)
    for answer in Answer.objects.filter(respondent__assessment=assessment).select_related(
        "respondent"
    ):
        answer.comment = f"Note {answer.respondent.name} on {answer.statement_id}"
        answer.save(update_fields=["comment"])
    store.refresh(assessment)
    return Answer.objects.filter(respondent__assessment=assessment).exclude(comment="")


def shown(html: str) -> list[str]:
    return [line for line in html.split("“") if line.startswith("Note ")]


def test_the_report_shows_the_first_page_and_how_many_each_statement_drew(
    client, owner, assessment, team
):
    answers = commented(assessment, team, 3)
    total = answers.count()
    assert total > comments.PAGE_SIZE
    client.force_login(owner)
    html = client.get(report_url(assessment, team)).content.decode()
    assert len(shown(html)) == comments.PAGE_SIZE
    assert f"The first {comments.PAGE_SIZE} of {total}" in html
    first = framework_for(assessment).statements[0]
    assert f'?on=0">{first.text}</a></td><td class="text-end">3</td>' in html


def test_every_comment_is_on_exactly_one_page(client, owner, assessment, team):
    answers = commented(assessment, team, 3)
    client.force_login(owner)
    seen: list[str] = []
    page = 1
    while True:
        html = client.get(comments_url(assessment, team), {"page": page}).content.decode()
        got = [text.split("”")[0] for text in shown(html)]
        assert 0 < len(got) <= comments.PAGE_SIZE
        seen += got
        if 'rel="next"' not in html:
            break
        page += 1
    assert sorted(seen) == sorted(answers.values_list("comment", flat=True))
    # A page past the end is the last page; a page that is no number, the first.
    last = client.get(comments_url(assessment, team), {"page": 999}).content.decode()
    assert shown(last) == shown(
        client.get(comments_url(assessment, team), {"page": page}).content.decode()
    )
    odd = client.get(comments_url(assessment, team), {"page": "x'"}).content.decode()
    assert shown(odd) == shown(client.get(comments_url(assessment, team)).content.decode())


def test_one_statement_opened_on_its_own(client, owner, assessment, team):
    answers = commented(assessment, team, 4)
    statement = framework_for(assessment).statements[2]
    client.force_login(owner)
    html = client.get(comments_url(assessment, team), {"on": 2}).content.decode()
    assert f"Comments on “{statement.text}”" in html
    got = sorted(text.split("”")[0] for text in shown(html))
    assert got == sorted(answers.filter(statement=statement).values_list("comment", flat=True))
    for bad in ("99999", "x", "-1", "１"):
        assert client.get(comments_url(assessment, team), {"on": bad}).status_code == 404


def test_anonymous_comments_carry_no_name_and_no_order_of_who_wrote_them(
    client, owner, assessment, team, monkeypatch
):
    monkeypatch.setattr(comments, "PAGE_SIZE", 10)
    answers = commented(assessment, team, 5)
    client.force_login(owner)
    statement = framework_for(assessment).statements[0]
    html = client.get(comments_url(assessment, team), {"on": 0}).content.decode()
    assert "Person 0</footer>" not in html
    got = [text.split("”")[0] for text in shown(html)]
    by_person = list(
        answers.filter(statement=statement)
        .order_by("respondent_id")
        .values_list("comment", flat=True)
    )
    assert sorted(got) == sorted(by_person)
    assert got != by_person  # five people: the digest order is not theirs (fixed texts)
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    named = client.get(comments_url(assessment, team), {"on": 0}).content.decode()
    assert "Person 0</footer>" in named


def test_a_withheld_group_shows_no_comment(client, owner, assessment, team):
    answer_all(assessment, team, 2, comment="Only two of us")
    client.force_login(owner)
    for url in (comments_url(assessment, team), report_url(assessment, team)):
        html = client.get(url).content.decode()
        assert "Only two of us" not in html
        assert "Not enough responses to show this yet" in html


def test_pages_read_the_same_queries_however_many_comments(client, owner, assessment, team):
    counts = []
    for people in (3, 8):
        commented(assessment, team, people) if people == 3 else _more(assessment, team, people)
        client.force_login(owner)
        for url in (
            report_url(assessment),
            comments_url(assessment),
            comments_url(assessment, team),
        ):
            client.get(url)
        with CaptureQueriesContext(connection) as report:
            client.get(report_url(assessment))
        with CaptureQueriesContext(connection) as page:
            client.get(comments_url(assessment), {"page": 2})
        counts.append((len(report), len(page)))
    assert counts[0] == counts[1]
    stored = ResultComment.objects.filter(assessment=assessment).count()
    assert stored == Answer.objects.exclude(comment="").count() > 3 * 3


def _more(assessment, team, people):
    Answer.objects.filter(respondent__assessment=assessment).delete()
    assessment.respondents.all().delete()
    commented(assessment, team, people)


def test_the_stored_comments_are_those_of_the_answers_scored(assessment, team):
    """Written by the refresh that stores the results: an edit after submitting shows once
    the refresh runs, and the comments rows and the counts always agree. (In an anonymous
    round it waits for a batch: tests/reports/test_batched_release.py.)"""
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    assessment.refresh_from_db()
    commented(assessment, team, 3)
    Answer.objects.filter(respondent__assessment=assessment).update(comment="")
    stored = store.results_for(assessment, {store.ROUND_KEY: frozenset({team.pk})})
    assert (
        stored.scopes[store.ROUND_KEY].comments_total
        == ResultComment.objects.filter(assessment=assessment).count()
    )
    store.refresh(assessment)
    assert not ResultComment.objects.filter(assessment=assessment).exists()


def test_an_anonymous_round_shows_a_late_comment_only_with_its_batch(
    client, owner, assessment, team
):
    """One more person after a release is held back with their answers: their comment too."""
    answer_all(assessment, team, assessment.group_threshold, comment="First batch")
    store.refresh(assessment)
    client.force_login(owner)
    assert "First batch" in client.get(comments_url(assessment, team)).content.decode()
    Answer.objects.filter(respondent__assessment=assessment).update(comment="")
    _one_more(assessment, team, "Came late")
    store.refresh(assessment)
    html = client.get(comments_url(assessment, team)).content.decode()
    assert "Came late" not in html
    assert "First batch" in html  # the release as it was, comments and all


def _one_more(assessment, team, comment):
    from assessments.rounds import services
    from frameworks import models as fm

    version = assessment.framework_version
    option = fm.ScaleOption.objects.get(version=version, scale__key="agreement", key="agree")
    invitation = services.invitation_create_personal(
        assessment=assessment, team=team, email="late@example.com", name="Late"
    )
    respondent = services.respondent_for_personal_link(invitation=invitation)
    services.respondent_set_profile(respondent=respondent, role="engineer", name="Late")
    services.answers_save(
        respondent=respondent,
        statements={
            s.pk: {"option_id": option.pk, "comment": comment}
            for s in fm.Statement.objects.filter(version=version)
        },
        activities={},
    )
    services.respondent_submit(respondent=respondent)


def test_a_refresh_after_a_submit_rewrites_only_the_changed_teams_comments(
    client, owner, organisation, assessment, team
):
    """A named round: the teams whose answers did not change keep their comment rows; names
    are read as they are now; a team taken out of the round keeps its comments in the round's
    (its people's answers still count there), beside the same count."""
    from tests.factories import TeamFactory

    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    assessment.refresh_from_db()
    other, gone = TeamFactory(organisation=organisation), TeamFactory(organisation=organisation)
    assessment.teams.add(other, gone)
    answer_all(assessment, team, 2, comment="Steady")
    answer_all(assessment, gone, 2, comment="Leaving")
    store.refresh(assessment)
    kept = set(ResultComment.objects.filter(team=team).values_list("pk", "text"))
    answer_all(assessment, other, 2, comment="New team")
    assessment.teams.remove(gone)
    assessment.respondents.filter(team=team).update(name="Renamed")
    store.refresh(assessment, reuse=True)
    assert set(ResultComment.objects.filter(team=team).values_list("pk", "text")) == kept
    assert ResultComment.objects.filter(team=gone, text="Leaving").count() == 2 * 3
    assert ResultComment.objects.filter(team=other, text="New team").count() == 2 * 3
    client.force_login(owner)
    html = client.get(comments_url(assessment, team)).content.decode()
    assert "Renamed</footer>" in html
    stored = store.results_for(assessment, {store.ROUND_KEY: frozenset({team.pk, other.pk})})
    total = stored.scopes[store.ROUND_KEY].comments_total
    assert total == ResultComment.objects.filter(assessment=assessment).count() == 6 * 3
