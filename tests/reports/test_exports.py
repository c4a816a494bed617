"""Report files made as they are read: raw answers streamed, scores from stored results only.

The anonymity of each file (pseudonyms, small groups blanked, withheld scopes empty) is
also checked in test_reports.py; here: what each export reads, and that streaming, reading
in batches and the worker's files change nothing in what a person gets.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.reports import answer_stream, exports, store
from assessments.rounds.models import ActivityAnswer, Answer
from frameworks.models import ScaleOption, Statement
from tests.factories import TeamFactory, answer_all

pytestmark = pytest.mark.django_db

ANSWER_TABLES = (Answer._meta.db_table, ActivityAnswer._meta.db_table)


def export_url(assessment, fmt, team=None):
    if team is None:
        return reverse(
            "orgs:report_export", args=[assessment.organisation.slug, assessment.pk, fmt]
        )
    return reverse(
        "orgs:report_team_export", args=[assessment.organisation.slug, assessment.pk, team.pk, fmt]
    )


def raw_answers(client, assessment, team=None):
    return client.get(export_url(assessment, "csv", team), {"what": "answers"})


def table(text):
    return list(csv.reader(io.StringIO(text)))


def touches_answers(queries):
    return [q["sql"] for q in queries if any(f'"{name}"' in q["sql"] for name in ANSWER_TABLES)]


@pytest.fixture
def named(assessment):
    assessment.anonymity = "named"
    assessment.save(update_fields=["anonymity"])
    return assessment


def rate_how_well(assessment):
    """Everyone also says how well each activity is done: a second row per activity."""
    well = ScaleOption.objects.get(
        version=assessment.framework_version, scale__key="performance", key="well"
    )
    ActivityAnswer.objects.filter(respondent__assessment=assessment).update(performance=well)


def test_raw_answers_come_streamed_one_respondent_after_another(client, owner, named, team):
    answer_all(named, team, 3, comment="=HYPERLINK(evil)")
    rate_how_well(named)
    client.force_login(owner)
    response = raw_answers(client, named, team)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('-answers.csv"')
    text = b"".join(response.streaming_content).decode()
    expected = exports.to_csv(
        exports.ANSWER_HEADER, answer_stream.answer_rows(named, frozenset({team.pk}))
    )
    assert text == expected  # a named round has no shuffle: the same file every time

    header, *rows = table(text)
    assert header == exports.ANSWER_HEADER
    assert len(rows) == Answer.objects.count() + 2 * ActivityAnswer.objects.count()
    people = [row[0] for row in rows]
    assert people == sorted(people, key=people.index), "each person's rows come together"
    assert set(people) == {"Person 0", "Person 1", "Person 2"}
    for who in set(people):
        mine = [(row[4], row[3]) for row in rows if row[0] == who]
        assert mine == sorted(mine), "by item key, then item"
    assert {row[9] for row in rows if row[9]} == {"'=HYPERLINK(evil)"}, "no formula runs"
    how_well = [row for row in rows if row[3].endswith(": how well it is done")]
    assert {(row[5], row[6], row[8]) for row in how_well} == {("Well", "100", "100")}


def test_reading_answers_in_small_batches_gives_the_same_file(
    client, owner, named, team, monkeypatch
):
    answer_all(named, team, 5)
    client.force_login(owner)
    whole = raw_answers(client, named, team).getvalue()
    monkeypatch.setattr(answer_stream, "BATCH", 2)  # three batches: 2, 2 and 1 people
    assert raw_answers(client, named, team).getvalue() == whole


def test_raw_answers_cost_the_same_queries_for_three_people_or_six(client, owner, named, team):
    client.force_login(owner)
    answer_all(named, team, 3)
    with CaptureQueriesContext(connection) as three:
        raw_answers(client, named, team).getvalue()
    answer_all(named, team, 3, agree="disagree")
    with CaptureQueriesContext(connection) as six:
        lines = raw_answers(client, named, team).getvalue().count(b"\n")
    assert lines == 1 + Answer.objects.count() + ActivityAnswer.objects.count()
    assert len(six) == len(three)


def test_anonymous_raw_answers_follow_the_pseudonyms_and_blank_small_groups(
    client, owner, assessment, team, organisation
):
    search = TeamFactory(organisation=organisation, department=team.department, name="Search")
    payments = TeamFactory(organisation=organisation, department=team.department, name="Payments")
    assessment.teams.add(search, payments)
    answer_all(assessment, team, 6)  # three product managers, three engineers
    answer_all(assessment, search, 2, agree="disagree")  # PM, engineer
    answer_all(assessment, payments, 3, agree="disagree")  # PM, engineer, PM
    client.force_login(owner)
    _, *rows = table(raw_answers(client, assessment).getvalue().decode())
    people = list(dict.fromkeys(row[0] for row in rows))
    assert people == [f"R{i:03d}" for i in range(1, 12)], "rows in pseudonym order"
    # Search (2) is too small to name, and Payments (3) goes unnamed with it: named beside
    # Checkout, it would leave Search as the two unnamed rows. Checkout's product managers
    # and engineers are three each; no role is named in the unnamed rows.
    assert {row[1] for row in rows} == {"Checkout", ""}
    assert {row[2] for row in rows if row[1]} == {"Product manager", "Engineer"}
    assert {row[2] for row in rows if not row[1]} == {""}
    for who in people:
        mine = [row for row in rows if row[0] == who]
        named_team = mine[0][1] == "Checkout"
        assert {row[1] for row in mine} == ({"Checkout"} if named_team else {""})
        answers = {row[5] for row in mine if row[5] in {"Agree", "Disagree"}}
        assert answers == ({"Agree"} if named_team else {"Disagree"}), "one person per pseudonym"


def test_a_team_is_not_named_beside_a_smaller_one_it_would_give_away(
    client, owner, assessment, team, organisation
):
    """The head of product's finding: a department's export blanked the team on exactly the
    rows of its one-person team. Naming the other team alone is the same give-away."""
    alone = TeamFactory(organisation=organisation, department=team.department, name="Analytics")
    assessment.teams.add(alone)
    answer_all(assessment, team, 4)
    answer_all(assessment, alone, 1, agree="disagree")
    client.force_login(owner)
    slug, department = organisation.slug, team.department.pk
    department_url = reverse(
        "orgs:report_department_export", args=[slug, assessment.pk, department, "csv"]
    )
    for url in (export_url(assessment, "csv"), department_url):
        got = client.get(url, {"what": "answers"}).getvalue().decode()
        _, *rows = table(got)
        assert len({row[0] for row in rows}) == 5
        assert {(row[1], row[2]) for row in rows} == {("", "")}
    # Nor are the four's scores shown beside the department's: the difference is one person.
    department_scores = table(client.get(department_url).getvalue().decode())
    team_scores = table(client.get(export_url(assessment, "csv", team)).getvalue().decode())
    assert len(department_scores) > 1
    assert team_scores == [exports.SCORE_HEADER]
    page = client.get(
        reverse("orgs:report_team", args=[slug, assessment.pk, team.pk])
    ).content.decode()
    assert "a smaller group beside this one is hidden" in page
    assert "work that group’s answers out by subtraction" in page


def test_raw_answers_never_build_a_report(client, owner, assessment, team, monkeypatch):
    from assessments.reports import views

    answer_all(assessment, team, 3)

    def refuse(*args, **kwargs):
        raise AssertionError("the raw answers need no report")

    monkeypatch.setattr(views, "build_report", refuse)
    client.force_login(owner)
    rows = table(raw_answers(client, assessment, team).getvalue().decode())
    assert len(rows) > 3


def test_the_scores_csv_reads_stored_results_never_raw_answers(client, owner, assessment, team):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(export_url(assessment, "csv", team))
    assert response.status_code == 200
    assert not response.streaming, "small and whole: it comes at once"
    assert "enabler,purpose" in response.content.decode()
    assert touches_answers(queries) == []


def test_the_workbook_comes_streamed_with_one_row_per_person_and_a_key(
    client, owner, assessment, team
):
    answer_all(assessment, team, 3, comment="+SUM(A1)")
    client.force_login(owner)
    response = client.get(export_url(assessment, "xlsx", team))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    assert book.sheetnames == ["Scores", "Answers", "Comments", "Questions"]
    header, *rows = list(book["Answers"].values)
    statements = list(Statement.objects.filter(version=assessment.framework_version))
    activities = list(assessment.framework_version.activity_set.all())
    assert list(header[:3]) == ["respondent", "team", "role"]
    assert len(header) == 3 + len(statements) + 2 * len(activities)
    assert sorted(str(row[0]) for row in rows) == ["R001", "R002", "R003"]
    # Everyone agreed with every statement (100 on the scale); PM leads every activity.
    by_heading = [dict(zip(header, row, strict=True)) for row in rows]
    assert {r[s.key] for r in by_heading for s in statements} == {100}
    assert {r[f"{a.key}: who leads"] for r in by_heading for a in activities} == {
        "Product management"
    }
    _, *comments = list(book["Comments"].values)
    assert len(comments) == 3 * len(statements)
    assert {c[4] for c in comments} == {"'+SUM(A1)"}  # never run as a formula
    assert {c[0] for c in comments} == {r[0] for r in rows}  # the same pseudonyms
    _, *questions = list(book["Questions"].values)
    assert [q[0] for q in questions] == list(header[3:])
    assert next(iter(book["Scores"].values))[0] == "kind"


def test_a_withheld_scope_gives_empty_sheets(client, owner, assessment, team):
    answer_all(assessment, team, 2)
    client.force_login(owner)
    response = client.get(export_url(assessment, "xlsx", team))
    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    sizes = {name: len(list(book[name].values)) for name in book.sheetnames}
    assert sizes.pop("Questions") > 1  # the key to the columns gives nothing away
    assert sizes == {"Scores": 1, "Answers": 1, "Comments": 1}
