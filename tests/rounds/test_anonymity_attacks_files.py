"""Attacks on an anonymous round through the files a head of product takes away: every
scope's workbook, each scope's report PDF, and the board pack (PDF and workbook), read as a
reader would (openpyxl, pypdf). A team under the threshold shows no figure of its own
anywhere, and no subtraction of published figures (a department minus its shown teams, the
round minus its departments, or any other mix) recovers anyone. The same exact arithmetic as
the rule-level attacks (``test_anonymity_attacks``)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.exports.models import ExportJob
from assessments.rounds.models import Respondent
from tests.background import run_tasks
from tests.factories import DepartmentFactory, TeamFactory, answer_all, open_round
from tests.rounds.test_anonymity_attacks import THRESHOLD, _given_away

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.django_db

# Core: Able (3), Baker (4) and Cole (1); Edge: Dunn (3). Cole is under the threshold, and
# Able is hidden beside it (or the department less Baker would be Cole). answer_all gives
# people alternately a product and an engineering role: Core has 5 product people (Able 2,
# Baker 2, Cole 1) and Edge 2, so on the statement for product people the round less Core
# would be Edge's two.
TEAMS = [("Core", "Able", 3, "agree"), ("Core", "Baker", 4, "disagree")]
TEAMS += [("Core", "Cole", 1, "disagree"), ("Edge", "Dunn", 3, "agree")]
HIDDEN = ("Able", "Cole")


@pytest.fixture
def game(organisation, sample_version, owner):
    departments = {
        n: DepartmentFactory(organisation=organisation, name=n) for n in ("Core", "Edge")
    }
    teams = {
        name: TeamFactory(organisation=organisation, department=departments[d], name=name)
        for d, name, _, _ in TEAMS
    }
    assessment = open_round(organisation, None, sample_version, owner, teams=list(teams.values()))
    for _, name, size, agree in TEAMS:
        answer_all(assessment, teams[name], size, agree=agree)
    return assessment, departments, teams


def _people(assessment):
    """Each respondent: (team name, department name, a product role or not)."""
    rows = Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False)
    return {
        pk: (team, department, role in Respondent.PRODUCT_ROLES)
        for pk, team, department, role in rows.values_list(
            "pk", "team__name", "team__department__name", "role"
        )
    }


def _scopes(assessment, departments, teams):
    """Every scope: (its name, its people's test, its workbook URL, its PDF URL)."""
    slug, pk = assessment.organisation.slug, assessment.pk
    found = [("round", lambda t, d: True, "orgs:report_export", [slug, pk])]
    found += [
        (name, lambda t, d, n=name: d == n, "orgs:report_department_export", [slug, pk, dep.pk])
        for name, dep in departments.items()
    ]
    found += [
        (name, lambda t, d, n=name: t == n, "orgs:report_team_export", [slug, pk, team.pk])
        for name, team in teams.items()
    ]
    return [
        (name, test, reverse(view, args=[*args, "xlsx"]), reverse(view, args=[*args, "pdf"]))
        for name, test, view, args in found
    ]


def _made(client, url):
    """A file made in the background: ask for it, let the worker run, read it."""
    ExportJob.objects.all().delete()
    assert client.post(url).status_code == 302
    run_tasks()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY, job.problem
    return job.file.read()


def _book(data):
    return {
        ws.title: list(ws.iter_rows(values_only=True)) for ws in load_workbook(io.BytesIO(data))
    }


def _text(data):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _figures(row):
    return [v for v in row[1:] if isinstance(v, int | float) and not isinstance(v, bool)]


def test_no_file_shows_a_hidden_team_nor_lets_anyone_be_worked_out(client, owner, game):
    assessment, departments, teams = game
    people = _people(assessment)
    client.force_login(owner)
    everyone: list[frozenset[int]] = []  # groups whose figures of everyone's statements show
    product: list[frozenset[int]] = []  # groups whose figures of the product statement show
    for name, inside, xlsx, pdf in _scopes(assessment, departments, teams):
        members = frozenset(p for p, (t, d, _) in people.items() if inside(t, d))
        response = client.get(xlsx)
        book = _book(
            b"".join(response.streaming_content) if response.streaming else response.content
        )
        scores = book["Scores"][1:]
        if name in HIDDEN:  # nothing of the team: no score, no answer, no comment
            assert scores == []
            assert book["Answers"][1:] == []
            assert book["Comments"][1:] == []
            text = _text(_made(client, pdf))
            assert "Maturity score" not in text
            assert not re.search(r"\d+ raters|\d+% of \d+", text), text
            continue
        assert all(row[7] == len(members) for row in scores)  # respondents: the whole group
        everyone.append(members)
        lead = next(row for row in scores if row[1] == "p-lead")  # the product statement
        if lead[8]:  # raters: its figures show
            product.append(frozenset(p for p in members if people[p][2]))
        for row in book["Answers"][1:]:  # a raw answer never names a hidden team
            assert row[1] not in HIDDEN
        text = _text(_made(client, pdf))
        for hidden in HIDDEN:
            assert not re.search(rf"{hidden}\W{{0,3}}\(?\d", text), (name, hidden)
    _board_pack(client, assessment, people, everyone)
    assert _given_away(people, everyone) == []
    product_people = {p: person for p, person in people.items() if person[2]}
    assert all(len(group) >= THRESHOLD for group in product)
    assert _given_away(product_people, product) == []


def _board_pack(client, assessment, people, everyone):
    """The board pack names hidden teams only to say they are hidden; its groups with
    figures are groups the workbooks publish (nothing more to subtract)."""
    slug, pk = assessment.organisation.slug, assessment.pk
    book = _book(_made(client, reverse("orgs:compare_board_pack", args=[slug, pk, "xlsx"])))
    named = {"Whole round": frozenset(people)}
    for who in {t for t, _, _ in people.values()} | {d for _, d, _ in people.values()}:
        named[who] = frozenset(p for p, (t, d, _) in people.items() if who in (t, d))
    for title, rows in book.items():
        header, *body = rows or [()]
        for hidden in HIDDEN:
            assert hidden not in header, title  # no column of a hidden team's figures
        for row in body:
            if row and row[0] in HIDDEN:
                assert len(_figures(row)) <= 1, (title, row)  # its head count at most
                assert "Hidden" in str(row[3]), (title, row)
            elif row and row[0] in named and len(_figures(row)) > 1:
                assert named[row[0]] in everyone, (title, row)
        for column in header[1:]:
            if column in named and any(_figures([None, r[header.index(column)]]) for r in body):
                assert named[column] in everyone, (title, column)
    text = _text(_made(client, reverse("orgs:compare_board_pack", args=[slug, pk, "pdf"])))
    for hidden in HIDDEN:
        at = [m.start() for m in re.finditer(hidden, text)]
        assert at, hidden  # listed, and said to be hidden
        for start in at:
            assert "idden" in text[start : start + 120], text[start : start + 120]
        assert not re.search(rf"{hidden}\W{{0,3}}\(\d", text), hidden
