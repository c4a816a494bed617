"""Report pages: scope, access, anonymity, and a fixed number of queries."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from assessments.reports import exports, store
from frameworks.models import Statement
from tests.factories import MembershipFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db


def url(assessment, team=None):
    if team is None:
        return reverse("orgs:report", args=[assessment.organisation.slug, assessment.pk])
    return reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])


def test_a_team_report_shows_levels_dials_activities_and_how_it_is_scored(
    client, owner, assessment, team
):
    answer_all(assessment, team, 3)
    client.force_login(owner)
    html = client.get(url(assessment, team)).content.decode()
    # Everyone agreed with everything, including the warning signs: the staged rule keeps
    # Purpose at Immature however good the rest looks, and the headline says why.
    assert re.search(
        r"Purpose is Immature, [a-z ]+ Managed \(maturity score \d+\): the managed practices are "
        r"in place, but only 0 of \d warning signs are clearly absent",
        html,
    )
    assert "◆ You are here" in html
    assert 'data-plotly="fig-radar"' in html
    assert 'data-dial="role"' in html  # its gauge, drawn on the server as SVG
    assert "Who does what" in html
    assert "Low confidence: typically 3 people rated each statement" in html
    assert "What to do next" in html
    assert "Clear this warning sign:" in html
    assert "Scoring method 3" in html
    assert "Where the instruments disagree" in html
    assert reverse("orgs:how_scores_work") in html


def test_anonymous_rounds_withhold_groups_under_the_threshold(client, owner, assessment, team):
    answer_all(assessment, team, 2, comment="Only two of us")
    client.force_login(owner)
    html = client.get(url(assessment, team)).content.decode()
    assert "Not enough responses to show this yet" in html
    assert "Only two of us" not in html
    assert "fig-radar" not in html


def test_comments_are_anonymous_in_anonymous_rounds_and_named_otherwise(
    client, owner, assessment, team
):
    answer_all(assessment, team, 3, comment="We try hard")
    client.force_login(owner)
    html = client.get(url(assessment, team)).content.decode()
    assert "We try hard" in html
    assert "Person 0" not in html
    assert "A named round" not in html
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    named = client.get(url(assessment, team)).content.decode()
    assert "Person 0" in named
    # A named round says so plainly, on the report and on the comparison.
    assert "<strong>A named round:</strong> the people running it can see who gave" in named
    compare = f"/o/{assessment.organisation.slug}/assessments/{assessment.pk}/compare/"
    assert "<strong>A named round:</strong>" in client.get(compare).content.decode()


def test_team_members_see_their_own_team_report_only(
    client, organisation, assessment, team, member
):
    other = TeamFactory(organisation=organisation, department__organisation=organisation)
    assessment.teams.add(other)
    answer_all(assessment, team, 3)
    mine = MembershipFactory(organisation=organisation, team=team, role="member").user
    client.force_login(mine)
    assert client.get(url(assessment, team)).status_code == 200
    assert client.get(url(assessment, other)).status_code == 403
    assert client.get(url(assessment)).status_code == 403


def test_outsiders_get_404(client, outsider, assessment, team):
    client.force_login(outsider)
    assert client.get(url(assessment, team)).status_code == 404
    assert client.get(url(assessment)).status_code == 404


def test_the_round_report_pools_every_answer(client, owner, assessment, team, organisation):
    big = TeamFactory(organisation=organisation, department__organisation=organisation)
    assessment.teams.add(big)
    answer_all(assessment, team, 3, agree="disagree")
    answer_all(assessment, big, 9, agree="agree")
    client.force_login(owner)
    response = client.get(url(assessment))
    rows = {row.enabler.key: row.result for row in response.context["report"].enablers}
    # Each statement: 3 ratings of 0 and 9 of 100, a mean of 75 (a symptom reverses to 25).
    # Statements for product people count only their product managers: 2 at 0 and 5 at 100.
    # Averaging the two teams' scores instead would give 50 everywhere.
    assert response.context["report"].respondents == 12
    expected = []
    for s in Statement.objects.filter(version=assessment.framework_version, enabler__key="purpose"):
        mean = 500 / 7 if s.audience == "product" else 75.0
        expected.append(100 - mean if s.reverse_scored else mean)
    assert rows["purpose"].score == pytest.approx(sum(expected) / len(expected))
    assert rows["purpose"].score != pytest.approx(50.0)


@pytest.mark.parametrize("scope", ["round", "team"])
def test_report_queries_do_not_grow_with_respondents_or_teams(
    client, owner, assessment, team, organisation, django_assert_max_num_queries, scope
):
    answer_all(assessment, team, 3)
    neighbour = TeamFactory(organisation=organisation, department=team.department)
    assessment.teams.add(neighbour)  # so the department overlay is drawn from the start
    answer_all(assessment, neighbour, 3)
    client.force_login(owner)
    page = url(assessment) if scope == "round" else url(assessment, team)
    store.refresh(assessment)
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    # Report pages read stored results: not one query touches the answers.
    assert not [q for q in small if "answer" in q["sql"].lower()]
    for _ in range(3):
        extra = TeamFactory(organisation=organisation, department=team.department)
        assessment.teams.add(extra)
        answer_all(assessment, extra, 4)
    answer_all(assessment, team, 5)
    store.refresh(Assessment.objects.get(pk=assessment.pk))
    with django_assert_max_num_queries(len(small)):
        client.get(page)


def test_how_scores_work_is_public(client, db):
    page = client.get(reverse("orgs:how_scores_work"))
    assert page.status_code == 200
    assert b"never counted as a low answer" in page.content


def test_every_report_link_a_person_is_shown_opens_for_them(
    client, owner, team_lead, member, assessment, team
):
    import re as _re

    answer_all(assessment, team, 3)
    for user in (owner, team_lead, member):
        client.force_login(user)
        pages = [reverse("orgs:organisation", args=[assessment.organisation.slug])]
        if user != member:
            pages.append(
                reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
            )
        for page in pages:
            html = client.get(page).content.decode()
            for link in set(_re.findall(r'href="(/o/[^"]+/report/[^"]*)"', html)):
                assert client.get(link).status_code == 200, (user.username, link)


def raw_answers(client, base):
    """The raw-answers CSV of a team, read to the end (it comes streamed)."""
    export = reverse("orgs:report_team_export", args=[*base, "csv"])
    return client.get(export, {"what": "answers"}).getvalue().decode()


def test_exports_carry_scores_and_answers_with_pseudonyms_in_anonymous_rounds(
    client, owner, assessment, team
):
    from openpyxl import load_workbook

    answer_all(assessment, team, 3, comment="=HYPERLINK(evil)")
    client.force_login(owner)
    base = [assessment.organisation.slug, assessment.pk, team.pk]
    scores = client.get(reverse("orgs:report_team_export", args=[*base, "csv"]))
    assert scores["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(scores.content.decode())))
    enablers = [r for r in rows if r["kind"] == "enabler"]
    assert [r["key"] for r in enablers] == ["purpose"]
    assert enablers[0]["respondents"] == "3"
    assert {r["method"] for r in rows} == {"3"}  # every row names the method that made it
    statements = [r for r in rows if r["kind"] == "statement"]
    assert statements
    assert {r["level or zone"] for r in statements} <= {"in place", "not in place", "not rated"}
    assert all(r["raters"] for r in statements)

    answers = raw_answers(client, base)
    table = list(csv.DictReader(io.StringIO(answers)))
    assert {r["respondent"] for r in table} == {"R001", "R002", "R003"}
    assert "Person 0" not in answers
    assert {r["role"] for r in table} == {""}, {
        r["role"] for r in table
    }  # 2 engineers + 1 PM: both under the threshold of 3
    assert {r["comment"] for r in table if r["comment"]} == {"'=HYPERLINK(evil)"}

    xlsx = client.get(reverse("orgs:report_team_export", args=[*base, "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.getvalue()))
    assert workbook.sheetnames == ["Scores", "Answers", "Comments", "Questions"]
    people = [row[0] for row in workbook["Answers"].iter_rows(min_row=2, values_only=True)]
    assert sorted(map(str, people)) == ["R001", "R002", "R003"]
    assert {row[2] for row in workbook["Answers"].iter_rows(min_row=2, values_only=True)} == {
        None  # roles blanked as in the CSV: each under the threshold
    }


def test_exports_of_a_withheld_group_are_empty(client, owner, assessment, team):
    answer_all(assessment, team, 2)
    client.force_login(owner)
    base = [assessment.organisation.slug, assessment.pk, team.pk]
    answers = raw_answers(client, base)
    assert answers.strip().splitlines() == [",".join(exports.ANSWER_HEADER)]
    assert client.get(reverse("orgs:report_team_export", args=[*base, "txt"])).status_code == 404


def test_roles_are_compared_when_each_is_big_enough(client, owner, assessment, team):
    answer_all(assessment, team, 6)  # three product managers and three engineers
    client.force_login(owner)
    response = client.get(url(assessment, team))
    assert response.context["report"].roles.names == ("Engineer", "Product manager")
    assert "“Don’t know” rate" in response.content.decode()


def test_pdfs_share_one_page_but_never_a_window():
    """The worker's Chromium prints every PDF on one page; each starts with a clean window."""
    from assessments.exports.pdf import html_to_pdf

    first = "<p>A</p><script>window.left = 1; window.pmChartsDrawn = true;</script>"
    # Only draws if nothing of the first document is left on the window.
    second = (
        "<p>B</p><script>if (window.left === undefined && window.pmChartsDrawn === undefined)"
        " { window.pmChartsDrawn = true; }</script>"
    )
    assert html_to_pdf(first).startswith(b"%PDF-")
    assert html_to_pdf(second).startswith(b"%PDF-")


def test_raw_answers_say_what_was_answered_whether_it_is_reversed_and_what_scoring_used(
    client, owner, assessment, team
):
    answer_all(assessment, team, 3, agree="agree")
    client.force_login(owner)
    base = [assessment.organisation.slug, assessment.pk, team.pk]
    answers = raw_answers(client, base)
    table = list(csv.DictReader(io.StringIO(answers)))
    statements = {s.key: s for s in assessment.framework_version.statement_set.all()}
    rated = [r for r in table if r["item_key"] in statements]
    assert rated
    for_product = [r for r in rated if statements[r["item_key"]].audience == "product"]
    # Of the three people (two product managers, one engineer), scoring used only the product
    # managers' answers to the statements for product people; the export says so.
    assert len(for_product) == 3
    assert sorted(r["evidence"] for r in for_product) == ["", "100", "100"]
    for row in rated:
        assert row["answer"] == "Agree"
        assert row["answer_value"] == "100"
        if row in for_product:
            continue
        if statements[row["item_key"]].reverse_scored:
            # Agreeing with a symptom is evidence against maturity.
            assert (row["reversed"], row["evidence"]) == ("yes", "0")
        else:
            assert (row["reversed"], row["evidence"]) == ("no", "100")
    assert {r["reversed"] for r in rated} == {"yes", "no"}  # the sample has both kinds


def test_the_pdf_names_the_method_and_prints_what_blocks_each_enabler(
    monkeypatch, owner, assessment, team
):
    from assessments.organisations.access import member_access
    from assessments.reports import services
    from assessments.reports.access import team_scope
    from assessments.reports.builder import build_report

    answer_all(assessment, team, 3)
    printed = {}
    monkeypatch.setattr(services, "html_to_pdf", lambda html: printed.setdefault("html", html))
    access = member_access(owner.pk, assessment.organisation_id)
    services.report_pdf(access, build_report(assessment, team_scope(team)))
    html = printed["html"]
    assert "Scoring method 3" in html
    assert '<details class="mb-2 blockers" open>' in html  # closed sections do not print
    assert "What to do next" in html


def test_a_named_round_nobody_answered_says_so_not_that_it_is_anonymous(
    client, owner, assessment, team
):
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    client.force_login(owner)
    html = client.get(url(assessment, team)).content.decode()
    assert "Nobody has submitted yet" in html
    assert "This round is anonymous" not in html


def test_roles_are_compared_only_when_everyone_else_is_large_enough_too(assessment, team):
    """Three product managers, three engineers and one designer: showing the two large roles
    would make the team minus them the designer, so one of them is hidden too (and with one
    role left, nothing is compared)."""
    from assessments.reports.access import team_scope
    from assessments.reports.builder import build_report
    from assessments.reports.models import ReleaseHistory, StoredResult
    from assessments.rounds.models import Respondent

    answer_all(assessment, team, 7)  # product managers and engineers, alternately
    designer = Respondent.objects.filter(assessment=assessment).order_by("pk").first()
    Respondent.objects.filter(pk=designer.pk).update(role="designer")
    store.refresh(assessment)
    report = build_report(assessment, team_scope(team), compare=False)
    assert not report.withheld
    assert report.roles.rows == ()
    assert len(report.roles.names) <= 1
    Respondent.objects.filter(pk=designer.pk).update(role="product_manager")  # 4 and 3
    # One person's change is held back for a batch (reports.batches): start the round's
    # results afresh to read these roles on their own.
    StoredResult.objects.filter(assessment=assessment).delete()
    ReleaseHistory.objects.filter(assessment=assessment).delete()
    store.refresh(assessment)
    report = build_report(assessment, team_scope(team), compare=False)
    assert report.roles.names == ("Engineer", "Product manager")
    assert report.roles.rows
