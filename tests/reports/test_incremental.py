"""A refresh after a submit rescores what the submit touched and stores what a full one would."""

from __future__ import annotations

import gc
from unittest import mock

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment, Respondent, RoundTeam, StoredResult
from assessments.reports import store
from assessments.reports.models import ReleaseHistory
from assessments.rounds import services
from tests.factories import DepartmentFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db


def stored_rows(assessment):
    """Every stored row of the round, as a full refresh would compare it (not when made)."""
    return sorted(
        StoredResult.objects.filter(assessment=assessment).values_list(
            "scope_kind", "scope_pk", "method", "schema", "respondents", "data"
        )
    )


def refreshed_as_a_full_refresh_would(assessment):
    """Refresh keeping what it may; check a full refresh stores the same rows. Returns the
    scopes scored."""
    scored = set(store.refresh(assessment, reuse=True))
    kept = stored_rows(assessment)
    store.refresh(assessment)
    assert kept == stored_rows(assessment)
    return scored


@pytest.fixture
def named(organisation, assessment, team):
    """A named round of four teams in two departments (and one of none), all answered and
    stored."""
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    assessment.refresh_from_db()
    other = DepartmentFactory(organisation=organisation)
    neighbour = TeamFactory(organisation=organisation, department=team.department)
    far = TeamFactory(organisation=organisation, department=other)
    loner = TeamFactory(organisation=organisation, department=None)
    assessment.teams.add(neighbour, far, loner)
    answer_all(assessment, team, 3, comment="Mostly.")
    answer_all(assessment, neighbour, 2, agree="disagree")
    answer_all(assessment, far, 4, comment="Depends.")
    store.refresh(assessment)
    return assessment, team, neighbour, far, loner


def scopes_of(*teams, departments=()):
    return {("round", 0), *(("team", t.pk) for t in teams), *departments}


def every_department(assessment):
    return {
        ("department", d)
        for d in assessment.teams.exclude(department=None).values_list("department", flat=True)
    }


def test_a_submit_rescores_its_team_the_departments_and_the_round_only(named):
    assessment, _team, neighbour, _far, _loner = named
    answer_all(assessment, neighbour, 1, agree="agree")
    scored = refreshed_as_a_full_refresh_would(assessment)
    assert scored == scopes_of(neighbour, departments=every_department(assessment))


@pytest.mark.parametrize("where", ["team", "far", "loner"])
def test_after_submits_in_any_team_the_rows_are_those_of_a_full_refresh(named, where):
    assessment, team, neighbour, far, loner = named
    chosen = {"team": team, "far": far, "loner": loner}[where]
    answer_all(assessment, chosen, 2, agree="disagree", comment="New here.")
    scored = refreshed_as_a_full_refresh_would(assessment)
    assert ("team", chosen.pk) in scored
    assert not {("team", t.pk) for t in (team, neighbour, far, loner) if t != chosen} & scored


def test_an_edit_after_submitting_rescores_that_team(named):
    assessment, team, _neighbour, far, _loner = named
    someone = Respondent.objects.filter(assessment=assessment, team=far).first()
    answer = Answer.objects.filter(respondent=someone).first()
    services.answers_save(
        respondent=someone,
        statements={answer.statement_id: {"comment": "On second thoughts, no."}},
        activities={},
    )
    scored = refreshed_as_a_full_refresh_would(assessment)
    assert ("team", far.pk) in scored
    assert ("team", team.pk) not in scored


@pytest.mark.parametrize(
    "change",
    ["name", "role", "deleted", "moved to another team", "invited", "department", "added team"],
)
def test_changes_no_answer_announces_are_still_seen(named, organisation, change):
    """What no digest of answers holds (a name signing comments, participation, a department)
    or no signal announces (a deletion) still ends where a full refresh does."""
    assessment, team, _neighbour, far, loner = named
    someone = Respondent.objects.filter(assessment=assessment, team=team).order_by("pk").first()
    if change == "name":
        Respondent.objects.filter(pk=someone.pk).update(name="Someone Else")
    elif change == "role":
        Respondent.objects.filter(pk=someone.pk).update(role="designer")
    elif change == "deleted":
        someone.delete()
    elif change == "moved to another team":
        Respondent.objects.filter(pk=someone.pk).update(team=loner)
    elif change == "invited":
        services.invitation_create_personal(assessment=assessment, team=far, email="x@example.com")
    elif change == "department":  # the round's record of where a team stood, corrected
        RoundTeam.objects.filter(assessment=assessment, team=far).update(department=team.department)
    else:
        assessment.teams.add(TeamFactory(organisation=organisation))
    refreshed_as_a_full_refresh_would(assessment)


def test_nothing_changed_rescores_no_team(named):
    assessment, *_ = named
    assert refreshed_as_a_full_refresh_would(assessment) == scopes_of(
        departments=every_department(assessment)
    )


def everything(assessment):
    return set(store.round_scopes(assessment))


def test_with_nothing_stored_everything_is_scored(named):
    assessment, *_ = named
    StoredResult.objects.filter(assessment=assessment).delete()
    assert refreshed_as_a_full_refresh_would(assessment) == everything(assessment)


def test_rows_of_another_method_are_all_scored_afresh(named):
    assessment, *_ = named
    StoredResult.objects.filter(assessment=assessment).update(method="2-a1.old")
    assert set(store.refresh(assessment, reuse=True)) == everything(assessment)


def test_an_unreadable_row_scores_everything(named):
    assessment, *_ = named
    StoredResult.objects.filter(assessment=assessment, scope_kind="summary").update(data="{}")
    assert refreshed_as_a_full_refresh_would(assessment) == everything(assessment)


def test_an_anonymous_round_released_in_batches_is_always_scored_whole(named):
    assessment, team, *_ = named
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="anonymous", min_group_size=2)
    assessment.refresh_from_db()
    answer_all(assessment, team, 2)
    assert set(store.refresh(assessment, reuse=True)) == everything(assessment)


def test_rows_stored_by_a_release_are_all_scored_afresh_once(named):
    """Rows a batched release stored were scored under its anonymity: a round made named since
    is scored whole once, then keeps what it may."""
    assessment, team, neighbour, *_ = named
    ReleaseHistory.objects.create(
        assessment=assessment, schema=1, updated_at=timezone.now(), data="{}"
    )
    assert set(store.refresh(assessment, reuse=True)) == everything(assessment)
    answer_all(assessment, neighbour, 1)
    assert ("team", team.pk) not in refreshed_as_a_full_refresh_would(assessment)


def test_a_release_holding_answers_back_scores_everything(named):
    assessment, *_ = named
    row = StoredResult.objects.get(assessment=assessment, scope_kind="release")
    StoredResult.objects.filter(pk=row.pk).update(
        data=row.data.replace('"held":false', '"held":true')
    )
    assert set(store.refresh(assessment, reuse=True)) == everything(assessment)


def test_the_refresh_task_keeps_the_rows_of_teams_nobody_changed(named):
    from assessments.reports.tasks import refresh_results

    assessment, team, *_ = named
    before = StoredResult.objects.get(assessment=assessment, scope_kind="team", scope_pk=team.pk)
    answer_all(assessment, named[2], 1)
    result = refresh_results.call(assessment.pk)
    assert result.endswith("scopes scored")
    after = StoredResult.objects.get(assessment=assessment, scope_kind="team", scope_pk=team.pk)
    assert after.data == before.data
    assert after.pk != before.pk


def test_the_cycle_collector_is_paused_only_while_a_refresh_runs(named):
    assessment, *_ = named
    seen = []

    def killed(_assessment):
        seen.append(gc.isenabled())
        raise RuntimeError("killed while reading")

    with (
        mock.patch.object(store, "round_answers", side_effect=killed),
        pytest.raises(RuntimeError),
    ):
        store.refresh(assessment)
    assert seen == [False]
    assert gc.isenabled(), "on again after a refresh that failed"
