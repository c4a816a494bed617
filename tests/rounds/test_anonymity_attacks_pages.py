"""Attacks on an anonymous round through what a head of product really gets: the score CSV of
every scope, the comparison's columns and rows (everyone, and each role offered), and the raw
answers. Generated rounds, the real pages and exports, the same exact arithmetic as the
rule-level attacks (``test_anonymity_attacks``)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.comparisons.builder import Filters, comparison_for
from assessments.reports import exports
from assessments.rounds.models import Respondent
from tests.factories import DepartmentFactory, TeamFactory, answer_all, open_round
from tests.rounds.test_anonymity_attacks import THRESHOLD, _given_away

pytestmark = pytest.mark.django_db

# Departments of teams of 1–5 people; a team's answers are all "agree" or all "disagree".
layouts = st.lists(
    st.lists(st.tuples(st.integers(1, 5), st.sampled_from(["agree", "disagree"])), max_size=3),
    min_size=1,
    max_size=2,
).filter(lambda departments: any(departments))


def _round(organisation, version, owner, layout, n):
    teams = []
    for d, department_teams in enumerate(layout):
        department = DepartmentFactory(organisation=organisation, name=f"Dept {n}-{d}")
        for t, (size, agree) in enumerate(department_teams):
            team = TeamFactory(organisation=organisation, department=department, name=f"T{n}{d}{t}")
            teams.append((team, size, agree))
    assessment = open_round(
        organisation, None, version, owner, teams=[team for team, _, _ in teams], name=f"Round {n}"
    )
    for team, size, agree in teams:
        answer_all(assessment, team, size, agree=agree)
    return assessment


def _csv(client, url, **query):
    return list(csv.reader(io.StringIO(client.get(url, query).getvalue().decode())))


def _scopes(assessment):
    """Every scope a head of product can export: (people in it, its export URL)."""
    slug, pk = assessment.organisation.slug, assessment.pk
    people = dict(
        Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False).values_list(
            "pk", "team_id"
        )
    )
    teams = list(assessment.teams.all())
    found = [(frozenset(people), reverse("orgs:report_export", args=[slug, pk, "csv"]))]
    for department in {t.department for t in teams}:
        ids = {t.pk for t in teams if t.department_id == department.pk}
        url = reverse("orgs:report_department_export", args=[slug, pk, department.pk, "csv"])
        found.append((frozenset(p for p, t in people.items() if t in ids), url))
    for team in teams:
        url = reverse("orgs:report_team_export", args=[slug, pk, team.pk, "csv"])
        found.append((frozenset(p for p, t in people.items() if t == team.pk), url))
    return found


def _compared(assessment):
    """The groups the comparison shows with figures: everyone, and each role it offers."""
    roles = dict(
        Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False).values_list(
            "pk", "role"
        )
    )
    teams = {t.pk: t.department_id for t in assessment.teams.all()}
    members = dict(
        Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False).values_list(
            "pk", "team_id"
        )
    )

    def people(row, role=""):
        if row.kind == "round":
            ids = set(teams)
        elif row.kind == "department":
            ids = {t for t, d in teams.items() if d == row.pk}
        else:
            ids = {row.pk}
        return frozenset(
            p for p, t in members.items() if t in ids and (not role or roles[p] == role)
        )

    everyone = comparison_for(assessment, Filters())
    shown = [
        people(row)
        for row in (everyone.whole, *everyone.departments, *everyone.teams)
        if any(c.shown for c in row.cells)
    ]
    for role, _ in everyone.roles:
        by_role = comparison_for(assessment, Filters(role=role))
        shown += [
            people(row, role)
            for row in (by_role.whole, *by_role.departments, *by_role.teams)
            if any(c.shown for c in row.cells)
        ]
    return shown, set(members)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(layout=layouts)
def test_no_person_can_be_worked_out_from_the_exports_and_the_comparison(
    client, organisation, sample_version, owner, layout
):
    n = organisation.teams.count()  # a fresh round (and fresh teams) per example
    assessment = _round(organisation, sample_version, owner, layout, n)
    client.force_login(owner)
    published = []
    for people, url in _scopes(assessment):
        scores = _csv(client, url)
        if len(scores) > 1:  # the scope's scores are shown
            assert len(people) >= THRESHOLD
            published.append(people)
        else:
            assert scores == [exports.SCORE_HEADER]
    compared, everyone = _compared(assessment)
    assert all(len(group) >= THRESHOLD for group in compared)
    assert _given_away(everyone, [*published, *compared]) == []
    # The raw answers: rows that look alike (team and role as named) are never 1 or 2 people.
    _, *rows = _csv(client, _scopes(assessment)[0][1], what="answers")
    looks: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        looks.setdefault((row[1], row[2]), set()).add(row[0])
    assert all(len(who) >= THRESHOLD for who in looks.values()), looks


# --- a consultant's review of chosen teams, beside the round's own scopes -------------------


def test_a_review_of_chosen_teams_never_leaves_a_hidden_team_by_subtraction(
    client, organisation, sample_version, owner
):
    """Teams of 3, 3 and 1 (no departments): the round and the second team are shown, the
    first is hidden to protect the third. Chosen teams that are the round less the third
    (or a shown team plus the third) give it away by one subtraction: withheld, saying why."""
    from assessments.reports.access import Scope
    from assessments.reports.builder import build_report

    teams = [TeamFactory(organisation=organisation, name=n) for n in ("Able", "Baker", "Cole")]
    assessment = open_round(organisation, None, sample_version, owner, teams=teams)
    for team, size in zip(teams, (3, 3, 1), strict=True):
        answer_all(assessment, team, size)
    able, baker, cole = (t.pk for t in teams)

    def chosen(*ids):
        return build_report(assessment, Scope("review", "Review", frozenset(ids)))

    assert not build_report(assessment, _team_scope(teams[0])).scores  # protects Cole
    assert build_report(assessment, _team_scope(teams[1])).scores
    for leaky in [(able, baker), (baker, cole)]:  # the round − them, or them − Baker: Cole
        report = chosen(*leaky)
        assert report.withheld, leaky
        assert report.protects_others, leaky  # the page says why, in plain words
    assert chosen(able, cole).scores is not None  # the round − Baker: nothing new
    assert chosen(able, baker, cole).scores is not None  # the whole round


def _team_scope(team):
    from assessments.reports.access import team_scope

    return team_scope(team)
