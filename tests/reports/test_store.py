"""The results store: scopes scored once, refreshed when answers that count change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.models import ActivityAnswer, Assessment, Respondent, RoundTeam, StoredResult
from assessments.reports import releases, store
from assessments.reports.selectors import (
    answers_in_batches,
    framework_for,
    round_answers,
    score_scope,
)
from assessments.rounds import services
from frameworks import models as fm
from tests.background import run_tasks
from tests.factories import DepartmentFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db

REFRESH = "assessments.reports.tasks.refresh_results"


def refreshes():
    return DBTaskResult.objects.filter(task_path=REFRESH)


def team_report(assessment, team):
    return reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])


def rate_everything(respondent, key):
    version = respondent.assessment.framework_version
    option = fm.ScaleOption.objects.get(version=version, scale__key="agreement", key=key)
    services.answers_save(
        respondent=respondent,
        statements={s.pk: {"option_id": option.pk} for s in version.statement_set.all()},
        activities={},
    )


@pytest.fixture
def two_teams(organisation, assessment, team):
    department = DepartmentFactory(organisation=organisation)
    team.department = department
    team.save()
    # As if it had been there when the round was set up: a move regroups later rounds only.
    RoundTeam.objects.filter(assessment=assessment, team=team).update(department=department)
    neighbour = TeamFactory(organisation=organisation, department=department)
    loner = TeamFactory(organisation=organisation)
    assessment.teams.add(neighbour, loner)
    answer_all(assessment, team, 3)
    answer_all(assessment, neighbour, 4, agree="disagree")
    return department, neighbour, loner


def test_a_refresh_stores_the_round_each_department_and_each_team_once_and_a_summary(
    assessment, team, two_teams
):
    department, neighbour, loner = two_teams
    store.refresh(assessment)
    stored = {
        (r.scope_kind, r.scope_pk): r.respondents
        for r in StoredResult.objects.filter(assessment=assessment)
    }
    expected = {
        ("round", 0): 7,
        ("department", department.pk): 7,
        ("team", team.pk): 3,
        ("team", neighbour.pk): 4,
        ("team", loner.pk): 0,
    }
    if loner.department_id:  # a department of its own
        expected[("department", loner.department_id)] = 0
    # Comparisons read every scope at once from two summary rows (enablers, and per role);
    # a third names the people the results hold (an anonymous round's batches).
    expected |= {("summary", 0): 7, ("roles", 0): 7, ("release", 0): 7}
    assert stored == expected
    assert Assessment.objects.get(pk=assessment.pk).results_stale_since is None
    summary = store.rounds_results({assessment: store.Wanted()})[assessment.pk].summaries
    assert set(summary) == set(expected) - {("summary", 0), ("roles", 0), ("release", 0)}
    full = store.refresh(assessment)
    for key, scope in full.items():
        assert summary[key].respondents == scope.respondents
        assert {k: e.score for k, e in summary[key].enablers.items()} == {
            k: e.score for k, e in scope.scores.enablers.items()
        }


def test_stored_results_equal_scoring_the_pooled_answers(assessment, team, two_teams):
    """A department's result comes from its people's answers, never from team averages."""
    department, neighbour, loner = two_teams
    framework = framework_for(assessment)
    answers = round_answers(assessment)
    stored = store.refresh(assessment)
    ours, theirs = answers.by_team[team.pk], answers.by_team[neighbour.pk]
    pooled = sorted(ours + theirs, key=lambda r: r.respondent_id)
    at = {"min_group": assessment.group_threshold}  # the round's threshold, as it scores
    assert stored[("department", department.pk)].scores == score_scope(framework, pooled, **at)
    assert stored[store.ROUND_KEY].scores == score_scope(framework, pooled, **at)
    assert stored[("team", team.pk)].scores == score_scope(framework, ours, **at)
    assert stored[("team", loner.pk)].scores == score_scope(framework, [], **at)
    assert stored[("department", department.pk)].participation == {
        "invited": 7,  # personal links, one each
        "started": 7,
        "submitted": 7,
    }
    assert stored[("team", neighbour.pk)].participation["submitted"] == 4


def test_reading_the_round_a_few_people_at_a_time_gives_what_reading_it_at_once_does(
    assessment, team, two_teams
):
    """The release check reads the round in batches (an export holds one, never the round):
    each person's answers, comments and so their release digest come out the same."""
    _, neighbour, loner = two_teams
    answer_all(assessment, loner, 3, agree="disagree", comment="Mostly, not always.")
    ActivityAnswer.objects.filter(respondent__team=neighbour).update(comment="We share it.")
    whole = round_answers(assessment)
    by_team: dict = {}
    comments: dict = {}
    people: dict = {}
    for part in answers_in_batches(assessment, 2):
        assert sum(len(responses) for responses in part.by_team.values()) <= 2
        for pk, responses in part.by_team.items():
            by_team.setdefault(pk, []).extend(responses)
        for pk, said in part.comments.items():
            comments.setdefault(pk, []).extend(said)
        people |= releases.people_of_answers(part)
    assert by_team == whole.by_team
    # Per person, in the same order (statements, then activities); teams split across
    # batches interleave their people, which no reader of the comments relies on.
    assert {t: sorted(c, key=lambda said: said[1]) for t, c in comments.items()} == {
        t: sorted(c, key=lambda said: said[1]) for t, c in whole.comments.items()
    }
    assert {kind for said in whole.comments.values() for kind, *_ in said} == {0, 1}
    assert people == releases.people_of_answers(whole)
    assert len(people) == 10


def test_answers_of_people_still_answering_change_nothing(assessment, team):
    answer_all(assessment, team, 3)
    run_tasks()
    invitation = services.invitation_create_personal(
        assessment=assessment, team=team, email="late@example.com"
    )
    respondent = services.respondent_for_personal_link(invitation=invitation)
    before = refreshes().count()
    rate_everything(respondent, "disagree")
    assert Assessment.objects.get(pk=assessment.pk).results_stale_since is None
    assert refreshes().count() == before


def test_a_submit_asks_for_a_refresh_at_once(assessment, team):
    answer_all(assessment, team, 3)
    # Ready for the next worker: no "run after" (the backend stores the latest date).
    assert [t.task_result.task.run_after for t in refreshes()] == [None]
    run_tasks()
    assert Assessment.objects.get(pk=assessment.pk).results_stale_since is None
    assert StoredResult.objects.get(assessment=assessment, scope_kind="round").respondents == 3


def test_a_burst_of_edits_after_submitting_schedules_one_refresh_a_little_later(assessment, team):
    answer_all(assessment, team, 3)
    run_tasks()
    before = refreshes().count()
    for respondent in Respondent.objects.filter(assessment=assessment):
        rate_everything(respondent, "disagree")
    assert refreshes().count() == before + 1
    scheduled = refreshes().order_by("-enqueued_at").first()
    assert scheduled.run_after > timezone.now() + timedelta(seconds=5)
    assert Assessment.objects.get(pk=assessment.pk).results_stale_since is not None


def test_the_report_shows_the_last_results_while_updating_then_the_new_ones(
    client, owner, assessment, team, settings
):
    settings.RESULTS_REFRESH_DELAY_SECONDS = 0  # so the test's worker takes it at once
    # Named: an anonymous round's reports say what their batch holds instead of "updating"
    # (tests/reports/test_batched_release.py).
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    answer_all(assessment, team, 3)
    run_tasks()
    client.force_login(owner)
    before = client.get(team_report(assessment, team)).content.decode()
    assert "Results as of" in before
    assert "updating with the latest answers" not in before
    for respondent in Respondent.objects.filter(assessment=assessment):
        rate_everything(respondent, "disagree")
    during = client.get(team_report(assessment, team)).content.decode()
    assert "updating with the latest answers" in during
    assert _purpose_line(during) == _purpose_line(before)
    run_tasks()
    after = client.get(team_report(assessment, team)).content.decode()
    assert "updating with the latest answers" not in after
    assert _purpose_line(after) != _purpose_line(before)


def _purpose_line(html):
    start = html.index("Purpose is")
    return html[start : html.index("</span>", start)]


def test_a_refresh_overdue_is_made_while_the_person_waits_when_it_is_quick(
    client, owner, assessment, team, settings
):
    answer_all(assessment, team, 3)
    run_tasks()
    for respondent in Respondent.objects.filter(assessment=assessment):
        rate_everything(respondent, "disagree")
    Assessment.objects.filter(pk=assessment.pk).update(
        results_stale_since=timezone.now() - timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS)
    )
    client.force_login(owner)
    html = client.get(team_report(assessment, team)).content.decode()
    assert "updating with the latest answers" not in html
    assert Assessment.objects.get(pk=assessment.pk).results_stale_since is None
    stored = StoredResult.objects.get(assessment=assessment, scope_kind="team")
    assert stored.computed_at > timezone.now() - timedelta(seconds=30)


def test_a_big_round_overdue_shows_its_last_results_marked_as_updating(
    client, owner, assessment, team, settings
):
    """No worker, and a round too big to score in a moment: the page never waits on it. (A
    named round: an anonymous one never says it is updating, which would time a submit.)"""
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    answer_all(assessment, team, 3)
    run_tasks()
    before = StoredResult.objects.get(assessment=assessment, scope_kind="team").computed_at
    for respondent in Respondent.objects.filter(assessment=assessment):
        rate_everything(respondent, "disagree")
    Assessment.objects.filter(pk=assessment.pk).update(
        results_stale_since=timezone.now() - timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS)
    )
    settings.RESULTS_INLINE_MAX_PEOPLE = 2
    client.force_login(owner)
    html = client.get(team_report(assessment, team)).content.decode()
    assert "updating with the latest answers" in html
    assert Assessment.objects.get(pk=assessment.pk).results_stale_since is not None
    stored = StoredResult.objects.get(assessment=assessment, scope_kind="team")
    assert stored.computed_at == before
    settings.RESULTS_INLINE_MAX_PEOPLE = 3
    assert (
        "updating with the latest answers"
        not in client.get(team_report(assessment, team)).content.decode()
    )


def test_results_of_other_anonymity_rules_or_shape_are_never_read(client, owner, assessment, team):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    StoredResult.objects.update(method=f"{store.scoring.METHOD_VERSION}-a0.000000000000")
    client.force_login(owner)
    assert client.get(team_report(assessment, team)).status_code == 200
    assert set(StoredResult.objects.values_list("method", flat=True)) == {store.METHOD}


def test_every_report_of_a_round_reads_its_stored_results_in_one_query(assessment, team):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    wanted = {("team", team.pk): frozenset({team.pk}), store.ROUND_KEY: frozenset({team.pk})}
    fresh = Assessment.objects.get(pk=assessment.pk)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results = store.results_for(fresh, wanted)
    assert len(queries) == 1
    assert results.scopes[("team", team.pk)].respondents == 3
    assert not results.updating


def test_a_scope_of_chosen_teams_is_scored_when_asked_and_never_refreshes_the_round(
    assessment, team, two_teams
):
    """A review may pick some of a round's teams: that pool is not one the store keeps, so it
    is scored from the answers, and the round's stored rows are left as they are."""
    _department, neighbour, loner = two_teams
    store.refresh(assessment)
    before = list(
        StoredResult.objects.filter(assessment=assessment).values_list("pk", "computed_at")
    )
    chosen = frozenset({team.pk, loner.pk})
    results = store.results_for(assessment, {("review", 0): chosen, store.ROUND_KEY: frozenset()})
    framework = framework_for(assessment)
    expected = score_scope(
        framework,
        round_answers(assessment).by_team[team.pk],
        min_group=assessment.group_threshold,
    )
    assert results.scopes[("review", 0)].scores == expected
    assert results.scopes[("review", 0)].respondents == 3
    after = list(
        StoredResult.objects.filter(assessment=assessment).values_list("pk", "computed_at")
    )
    assert after == before
    assert not StoredResult.objects.filter(scope_kind="review").exists()
    assert neighbour.pk not in chosen
