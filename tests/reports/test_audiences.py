"""Statements put to some roles only: decided on their raters alone, said so in the report and
its exports, and never a way to single out the one leader of a team."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from assessments.reports import store
from assessments.rounds.models import Respondent
from frameworks.models import Statement
from tests.factories import DepartmentFactory, TeamFactory, answer_all, open_round
from tests.rounds.test_anonymity_attacks import _given_away

pytestmark = pytest.mark.django_db

LEADS = ["leadership", "engineer"]


def for_leadership(version, key="p-charter"):
    statement = Statement.objects.get(version=version, key=key)
    Statement.objects.filter(pk=statement.pk).update(audience="leadership")
    return statement


def test_a_statement_for_leadership_is_decided_on_leadership_and_the_report_says_so(
    client, owner, assessment, team
):
    charter = for_leadership(assessment.framework_version)
    # Three leaders and two engineers disagree with everything: the engineers' answers to the
    # statement for leadership are not theirs to give.
    answer_all(assessment, team, 5, agree="disagree", roles=LEADS + LEADS + ["leadership"])
    results = store.refresh(assessment)
    rated = results[("team", team.pk)].scores.statements[charter.pk]
    assert (rated.asked, rated.answered) == (3, 3)
    client.force_login(owner)
    base = [assessment.organisation.slug, assessment.pk, team.pk]
    html = client.get(reverse("orgs:report_team", args=base)).content.decode()
    # Beside the statement, where it stands between Purpose and Managed...
    assert "Judged by leadership (3 raters)" in html
    # ...and once for the enabler, whose statements three audiences judged.
    assert "Judged by everyone on 1 statement; leadership on 1; product people on 1." in html

    scores = client.get(reverse("orgs:report_team_export", args=[*base, "csv"])).content
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(scores.decode()))}
    assert (rows["p-charter"]["judged_by"], rows["p-charter"]["raters"]) == ("leadership", "3")
    assert rows["p-fire"]["judged_by"] == "everyone"
    assert rows["purpose"]["judged_by"] == "everyone; leadership; product people"
    assert rows["role"]["judged_by"] == ""  # a dial: its statements say who judged them


def test_the_one_leader_of_a_team_is_never_worked_out_from_the_figures_for_leadership(
    organisation, owner, sample_version
):
    """Team A has one leader, team B three; both teams, their department and the round are
    shown. The round's figures for leadership minus team B's would be team A's leader: one of
    them must not show the statement for leadership."""
    charter = for_leadership(sample_version)
    department = DepartmentFactory(organisation=organisation)
    a, b = (TeamFactory(organisation=organisation, department=department) for _ in range(2))
    assessment = open_round(organisation, None, sample_version, owner, teams=[a, b])
    answer_all(assessment, a, 4, roles=["leadership", "engineer", "engineer", "engineer"])
    answer_all(assessment, b, 4, roles=["leadership", "leadership", "leadership", "engineer"])

    results = store.refresh(assessment)
    respondents = Respondent.objects.filter(assessment=assessment)
    people = {
        pk: (team, department.pk, role)
        for pk, team, role in respondents.values_list("pk", "team_id", "role")
    }
    leaders = {pk: person for pk, person in people.items() if person[2] == "leadership"}
    members = {
        ("round", 0): set(leaders),
        ("department", department.pk): set(leaders),
        ("team", a.pk): {p for p, person in leaders.items() if person[0] == a.pk},
        ("team", b.pk): {p for p, person in leaders.items() if person[0] == b.pk},
    }
    published = [
        frozenset(members[key])
        for key, scope in results.items()
        if key in members and scope.scores.statements[charter.pk].answered
    ]
    assert published, "the round's four leaders are shown"
    assert _given_away(leaders, published) == []
    assert results[("team", a.pk)].scores.statements[charter.pk].answered == 0
    assert results[("team", b.pk)].scores.statements[charter.pk].answered == 0
    # Everyone's statements still show for both teams: only leadership's are held back.
    fire = Statement.objects.get(version=sample_version, key="p-fire")
    assert results[("team", b.pk)].scores.statements[fire.pk].answered == 4
