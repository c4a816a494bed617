"""The comparison page and its board pack: what a head of product sees, from stored results."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.comparisons.builder import Filters, comparison_for, filters_from
from assessments.exports.models import ExportJob
from assessments.roadmaps.models import Target
from assessments.rounds import services
from frameworks import models as fm
from frameworks import services as framework_services
from tests.background import run_tasks
from tests.factories import DepartmentFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db


def make_round(organisation, teams, version, name, days_ago, owner, *, anonymity="anonymous"):
    opens = timezone.now() - timedelta(days=days_ago)
    return services.assessment_create(
        organisation=organisation,
        name=name,
        framework_version=version,
        teams=teams,
        include_maturity=True,
        include_activities=True,
        opens_at=opens,
        closes_at=opens + timedelta(days=20),
        anonymity=anonymity,
        min_group_size=3,
        created_by=owner,
    )


@pytest.fixture
def org(organisation, shipped_version, owner):
    """Two departments, four teams and two rounds: team A moved from disagree to agree,
    team B said the same both times, team C had too few people the second time (and team D,
    beside it in Growth, is then hidden too: Growth minus D would be C)."""
    platform = DepartmentFactory(organisation=organisation, name="Platform")
    growth = DepartmentFactory(organisation=organisation, name="Growth")
    teams = {
        "A": TeamFactory(organisation=organisation, department=platform, name="Alpha"),
        "B": TeamFactory(organisation=organisation, department=platform, name="Bravo"),
        "C": TeamFactory(organisation=organisation, department=growth, name="Charlie"),
        "D": TeamFactory(organisation=organisation, department=growth, name="Delta"),
    }
    first = make_round(organisation, list(teams.values()), shipped_version, "Spring", 200, owner)
    answer_all(first, teams["A"], 3, agree="disagree")
    answer_all(first, teams["B"], 3, agree="agree")
    answer_all(first, teams["C"], 3, agree="agree")
    answer_all(first, teams["D"], 3, agree="agree")
    second = make_round(organisation, list(teams.values()), shipped_version, "Autumn", 10, owner)
    answer_all(second, teams["A"], 3, agree="agree")
    answer_all(second, teams["B"], 3, agree="agree")
    answer_all(second, teams["C"], 2, agree="agree")
    answer_all(second, teams["D"], 3, agree="agree")
    return {"first": first, "second": second, "teams": teams, "platform": platform}


def compare_url(assessment, query=""):
    url = reverse("orgs:compare", args=[assessment.organisation.slug, assessment.pk])
    return url + query


def page(client, owner, assessment, query=""):
    client.force_login(owner)
    response = client.get(compare_url(assessment, query))
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, name: str, table: str) -> str:
    """The HTML of one heatmap row, by the group's name."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return next(row for row in body.split("<tr") if f">{name}</a>" in row)


def test_the_heatmaps_show_each_group_with_level_score_raters_and_confidence(client, owner, org):
    html = page(client, owner, org["second"])
    alpha = row_of(html, "Alpha", "heat-teams")
    assert alpha.count('class="heat-cell level-') == 5
    assert re.search(r"heat-score\">\d+<", alpha)
    assert len(re.findall(r"3 raters · (?:high|medium|low)<", alpha)) == 5
    platform = row_of(html, "Platform", "heat-departments")
    assert "6 raters" in platform  # pooled answers of its six people
    assert "Whole round" in html


def test_a_group_under_the_threshold_is_blank_and_says_why(client, owner, org):
    html = page(client, owner, org["second"])
    charlie = row_of(html, "Charlie", "heat-teams")
    assert "heat-score" not in charlie
    assert charlie.count("Fewer than 3 people, hidden to protect anonymity") == 5


def test_a_team_beside_a_hidden_one_is_blank_too_and_says_why(client, owner, org):
    html = page(client, owner, org["second"])
    delta = row_of(html, "Delta", "heat-teams")  # three people, but Growth minus Delta is Charlie
    assert "heat-score" not in delta
    assert delta.count("Hidden so that a smaller group beside it cannot be worked out") == 5
    assert "heat-score" in row_of(html, "Growth", "heat-departments")


def test_a_role_whose_everyone_else_is_too_few_is_refused_with_a_plain_message(
    client, owner, organisation, shipped_version
):
    team = TeamFactory(organisation=organisation, name="Solo")
    small = make_round(organisation, [team], shipped_version, "Small", 5, owner)
    answer_all(small, team, 5)  # three product managers, two engineers
    comparison = comparison_for(small, Filters(role="product_manager"))
    assert comparison.roles == ()  # everyone minus the product managers is two engineers
    assert comparison.filters.role == ""
    assert comparison.role_refused == "Product manager"
    html = page(client, owner, small, "?role=product_manager")
    assert "cannot be filtered to product managers" in html


def test_a_cell_opens_the_report_of_its_group(client, owner, org):
    html = page(client, owner, org["second"])
    alpha = org["teams"]["A"]
    team_report = reverse(
        "orgs:report_team", args=[alpha.organisation.slug, org["second"].pk, alpha.pk]
    )
    assert f'<a class="heat-in" href="{team_report}">' in row_of(html, "Alpha", "heat-teams")
    assert client.get(team_report).status_code == 200


def test_sorting_by_an_enabler_puts_the_weakest_team_first(client, owner, org, organisation):
    first = org["first"]
    aardvark = TeamFactory(organisation=organisation, department=org["platform"], name="Aardvark")
    first.teams.add(aardvark)
    answer_all(first, aardvark, 3, agree="strongly-agree")
    by_name = page(client, owner, first).split('id="heat-teams"', 1)[1]
    assert by_name.index(">Aardvark<") < by_name.index(">Alpha<") < by_name.index(">Bravo<")
    html = page(client, owner, first, "?sort=purpose-leadership")
    teams = html.split('id="heat-teams"', 1)[1]
    # Weakest first on the one scale beside the levels: Alpha (no managed practice in place)
    # first, then the others by their maturity score in the sorted column, ties by name.
    assert teams.index(">Alpha<") < min(teams.index(">Aardvark<"), teams.index(">Bravo<"))
    rows = teams.split("</tbody>", 1)[0].split("<tr")[2:]
    column = [int(re.findall(r'heat-score">(\d+)', r)[0]) for r in rows if "heat-score" in r]
    assert column == sorted(column)
    assert column[0] < column[-1]
    assert 'aria-sort="ascending"' in teams.split("</thead>", 1)[0]
    assert "Sorted weakest on Purpose &amp; leadership first" in html


def test_trends_mark_real_change_and_noise(org):
    comparison = comparison_for(org["second"], Filters(department=org["platform"].pk))
    trend = comparison.trend
    assert trend is not None
    assert trend.since == org["first"]
    assert trend.same_version
    rows = {row.name: row for row in trend.rows}
    assert set(rows) == {"Platform", "Alpha", "Bravo"}
    alpha = [c for c in rows["Alpha"].changes if c is not None]
    assert any(c.direction == "up" for c in alpha), "Alpha went from disagree to agree"
    assert all(c.within_noise and c.delta == 0 for c in rows["Bravo"].changes if c)


def test_the_page_explains_noise_and_says_when_no_statement_moved(client, owner, org):
    # Platform: three people moved from disagree to agree, three said agree both times. Six
    # people split down the middle cannot show a statement moved once the page's ~40
    # statements are judged together.
    html = page(client, owner, org["second"], f"?dept={org['platform'].pk}")
    assert "within noise" in html
    assert "judged together with every other change on this page" in html
    assert "No single statement moved beyond noise." in html
    assert "Spring" in html  # compared with the earlier round


def test_statements_everyone_moved_on_are_listed_as_moved_most(
    client, owner, organisation, shipped_version
):
    solo = DepartmentFactory(organisation=organisation, name="Solo")
    team = TeamFactory(organisation=organisation, department=solo, name="Delta")
    first = make_round(organisation, [team], shipped_version, "Spring", 200, owner)
    answer_all(first, team, 4, agree="disagree")
    second = make_round(organisation, [team], shipped_version, "Autumn", 10, owner)
    answer_all(second, team, 4, agree="agree")
    html = page(client, owner, second, f"?dept={solo.pk}")
    assert "Statements that moved most" in html
    trend = comparison_for(second, Filters(department=solo.pk)).trend
    assert trend.moved
    assert all(m.change.direction in {"up", "down"} for m in trend.moved)


def test_the_first_round_has_nothing_to_compare_with(client, owner, org):
    html = page(client, owner, org["first"])
    assert "first round" in html
    assert comparison_for(org["first"], Filters()).trend is None


def test_each_enabler_has_a_line_across_rounds_with_participation(org):
    history = comparison_for(org["second"], Filters()).history
    assert [r.name for r in history.rounds] == ["Spring", "Autumn"]
    assert all(len(line.scores) == 2 for line in history.lines)
    assert [t.submitted for t in history.turnout] == [12, 11]


def test_rounds_on_different_versions_compare_on_the_statements_they_share(
    client, owner, org, shipped_version
):
    fork = framework_services.version_fork(version=shipped_version, label="9.9")
    dropped = fm.Statement.objects.filter(version=fork).order_by("pk").first()
    fm.Statement.objects.filter(pk=dropped.pk).delete()
    framework_services.version_publish(version=fork)
    third = make_round(
        org["first"].organisation, list(org["teams"].values()), fork, "Winter", 1, owner
    )
    answer_all(third, org["teams"]["A"], 3, agree="agree")
    answer_all(third, org["teams"]["B"], 3, agree="agree")
    comparison = comparison_for(third, Filters(since=org["second"].pk))
    trend = comparison.trend
    assert not trend.same_version
    assert trend.shared == trend.asked == fm.Statement.objects.filter(version=fork).count()
    html = page(client, owner, third, f"?since={org['second'].pk}")
    assert "compared on the" in html
    assert "statements they share" in html
    # Everyone in Alpha and Bravo said "agree" both times: no real change on shared statements.
    platform = next(row for row in trend.rows if row.name == "Platform")
    assert all(c.delta == 0 for c in platform.changes if c is not None)


def test_the_role_filter_offers_only_roles_large_enough_to_show(client, owner, org):
    comparison = comparison_for(org["second"], Filters(role="engineer"))
    assert dict(comparison.roles) == {
        "engineer": "Engineer",
        "product_manager": "Product manager",
    }
    assert comparison.filters.role == "engineer"
    alpha = next(row for row in comparison.teams if row.name == "Alpha")
    assert not any(c.shown for c in alpha.cells)  # one engineer in Alpha: hidden
    assert all(c.shown for c in comparison.whole.cells)
    designers = comparison_for(org["second"], Filters(role="designer"))
    assert designers.filters.role == ""  # nobody answered as a designer: not a filter
    html = page(client, owner, org["second"], "?role=designer")
    assert '<option value="designer"' not in html


def test_the_department_filter_compares_its_teams(org):
    comparison = comparison_for(org["second"], Filters(department=org["platform"].pk))
    assert [row.name for row in comparison.teams] == ["Alpha", "Bravo"]
    assert comparison.columns_label == "Teams in Platform"
    assert [c.name for c in comparison.columns] == ["Alpha", "Bravo"]


def test_the_instrument_filter_shows_one_instrument(client, owner, org):
    dials = page(client, owner, org["second"], "?show=dials")
    assert 'id="dials"' in dials
    assert 'id="heat-teams"' not in dials
    assert 'id="who-does-what"' not in dials
    activities = page(client, owner, org["second"], "?show=activities")
    assert 'id="who-does-what"' in activities
    assert 'id="dials"' not in activities


def test_who_does_what_and_targets_show_across_departments(client, owner, org, shipped_version):
    enabler = fm.Enabler.objects.get(version=shipped_version, key="purpose-leadership")
    leading = fm.Level.objects.get(version=shipped_version, key="leading")
    for team in (org["teams"]["A"], org["teams"]["B"]):
        Target.objects.create(
            assessment=org["first"], team=team, enabler=enabler, level=leading, reason=""
        )
    comparison = comparison_for(org["second"], Filters())
    purpose = next(d for d in comparison.distributions if d.enabler.key == "purpose-leadership")
    assert purpose.investment.with_target == 2
    assert purpose.investment.below_target == 2 - sum(p.target == "met" for p in purpose.points)
    assert any("set a target" in sentence for sentence in comparison.invest)
    roadmaps = next(a for a in comparison.activities if a.activity.key == "roadmaps")
    cells = dict(zip((c.name for c in comparison.columns), roadmaps.cells, strict=True))
    assert cells["Platform"] is not None
    assert cells["Platform"].share == 1.0  # answer_all: PM leads everything
    assert cells["Growth"] is not None  # five: Charlie's two pooled with Delta's three
    growth = comparison_for(org["second"], Filters(department=org["teams"]["C"].department_id))
    roadmaps = next(a for a in growth.activities if a.activity.key == "roadmaps")
    by_team = dict(zip((c.name for c in growth.columns), roadmaps.cells, strict=True))
    # Charlie has two people; Delta beside it would give them away (Growth minus Delta).
    assert by_team == {"Charlie": None, "Delta": None}
    html = page(client, owner, org["second"])
    assert "Who does what across departments" in html
    assert "100%" in html


@pytest.mark.parametrize(
    "query",
    [
        "?dept=abc&role=%00&show=<script>&since=-1&sort=" + "x" * 500,
        "?dept=99999999999999999999&since=99999999",
        "?dept=&role=&show=&since=&sort=",
        "?sort=purpose-leadership&sort=people&dept=1&dept=2",
    ],
)
def test_malformed_filters_fall_back_to_everything_never_an_error(client, owner, org, query):
    html = page(client, owner, org["second"], query)
    assert "Compare departments, teams and rounds" in html
    assert "<script>" not in html.split("</header>", 1)[-1].replace("<script src", "")


def test_filters_from_a_query_keep_only_what_they_understand():
    assert filters_from({"dept": "12", "role": "engineer", "show": "dials", "since": "4"}) == (
        Filters(department=12, role="engineer", show="dials", since=4)
    )
    assert filters_from({"dept": "x", "role": "boss", "show": "all"}) == Filters()


# Session, user, membership; the round and its teams; the rounds to compare and their stored
# results; statement keys, targets, departments; the teams both compared rounds covered;
# the round's statements (its content is cached once frozen); the navigation's organisation
# switcher (one query, firms room); the rounds' teams, for each round's disclosure
# (anonymity.round_groups).
QUERIES = 13


def _count_queries(client, assessment) -> int:
    query = "?sort=purpose-leadership"
    client.get(compare_url(assessment, query))  # stores results, warms content
    with CaptureQueriesContext(connection) as queries:
        assert client.get(compare_url(assessment, query)).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_teams_or_rounds(
    client, owner, org, organisation, shipped_version
):
    client.force_login(owner)
    small = _count_queries(client, org["second"])
    more = [TeamFactory(organisation=organisation, department=org["platform"]) for _ in range(4)]
    teams = [*org["teams"].values(), *more]
    third = make_round(organisation, teams, shipped_version, "Winter", 2, owner)
    for team in teams:
        answer_all(third, team, 3)
    assert _count_queries(client, third) == small
    assert small == QUERIES, "the page's reads, pinned: see CompareData"


def test_a_board_pack_workbook_has_a_sheet_per_view_with_numbers(client, owner, org):
    client.force_login(owner)
    second = org["second"]
    # A third product person in Alpha: statements for product people show there.
    answer_all(second, org["teams"]["A"], 1, agree="strongly-agree", roles=("product_owner",))
    url = reverse("orgs:compare_board_pack", args=[second.organisation.slug, second.pk, "xlsx"])
    assert b"Make the file" in client.get(url).content
    assert ExportJob.objects.count() == 0, "a link alone never starts work"
    assert client.post(url).status_code == 302
    job = ExportJob.objects.get()
    assert (job.kind, job.scope_kind) == ("board-xlsx", "comparison")
    assert run_tasks() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY, job.problem
    book = load_workbook(io.BytesIO(job.file.read()))
    assert book.sheetnames == [
        "Made with",
        "In short",
        "Where to invest",
        "Departments",
        "Teams",
        "Distribution",
        "Dials",
        "Who does what (% PM leads)",
        "Disagreement",
        "Change since Spring",
        "Statements that moved",
        "Scores by round",
        "Participation",
    ]
    teams = list(book["Teams"].values)
    alpha = next(row for row in teams if row[0] == "Alpha")
    # The second enabler's level is decided: its maturity score is a number, editable.
    assert alpha[3 + 4] == "Immature"
    assert isinstance(alpha[4 + 4], int)
    assert isinstance(alpha[6 + 4], float)  # the mean agreement, apart from it
    charlie = next(row for row in teams if row[0] == "Charlie")
    assert str(charlie[3]).startswith("Hidden")


def test_a_board_pack_pdf_is_made_in_the_background(client, owner, org):
    client.force_login(owner)
    second = org["second"]
    url = reverse("orgs:compare_board_pack", args=[second.organisation.slug, second.pk, "pdf"])
    assert client.post(url).status_code == 302
    assert run_tasks() == 1
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY, job.problem
    data = job.file.read()
    assert data.startswith(b"%PDF-")
    assert len(data) > 30_000  # heatmaps, charts and summaries, not an empty page


def test_a_board_pack_survives_a_round_name_excel_would_refuse(client, owner, org):
    org["first"].name = "Q1/Q2: old [draft]?"
    org["first"].save(update_fields=["name"])
    client.force_login(owner)
    second = org["second"]
    url = reverse("orgs:compare_board_pack", args=[second.organisation.slug, second.pk, "xlsx"])
    client.post(url)
    assert run_tasks() == 1
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY, job.problem
    book = load_workbook(io.BytesIO(job.file.read()))
    assert "Change since Q1 Q2  old  draft" in book.sheetnames


def test_a_recheck_compares_only_on_the_statements_it_asked(org, owner):
    from assessments.roadmaps.models import Roadmap

    alpha = org["teams"]["A"]
    road = Roadmap.objects.create(assessment=org["second"], team=alpha)
    recheck = make_round(
        org["first"].organisation, [alpha], org["second"].framework_version, "Re-check", 1, owner
    )
    asked = list(fm.Statement.objects.filter(version=recheck.framework_version)[:3])
    recheck.only_statements.set(asked)
    recheck.recheck_of = road
    recheck.save()
    answer_all(recheck, alpha, 3, agree="agree")
    comparison = comparison_for(
        recheck, Filters(since=org["second"].pk, department=org["platform"].pk)
    )
    trend = comparison.trend
    assert not trend.same_version  # asked different statements: compared on those shared
    assert trend.shared == trend.asked == 3
    # The re-check asked Alpha alone: Platform (Alpha and Bravo then) is another group.
    rows = {row.name: row for row in trend.rows}
    assert rows["Platform"].different_group
    assert (rows["Platform"].teams_then, rows["Platform"].teams_now) == (2, 1)
    assert not rows["Alpha"].different_group
    # Everyone said "agree" both times: on the shared statements, nothing moved.
    changes = [c for c in rows["Alpha"].changes if c is not None]
    assert changes
    assert any(c.delta is not None for c in changes)
    assert all(c.delta == 0 for c in changes if c.delta is not None)


def test_without_departments_the_teams_are_compared_side_by_side(
    organisation, owner, shipped_version
):
    teams = [TeamFactory(organisation=organisation, department=None) for _ in range(2)]
    first = make_round(organisation, teams, shipped_version, "One", 30, owner)
    for team in teams:
        answer_all(first, team, 3)
    comparison = comparison_for(first, Filters())
    assert comparison.columns_label == "Teams"
    assert [c.name for c in comparison.columns] == sorted(str(t.name) for t in teams)
    assert all(row is not None for row in comparison.dials[0].cells)


def test_a_role_filter_never_shows_how_many_of_a_role_a_small_group_has(client, owner, org):
    html = page(client, owner, org["second"], "?role=engineer")
    alpha = row_of(html, "Alpha", "heat-teams")  # one engineer
    assert ">1</td>" not in alpha
    assert "fewer than 3" in alpha


def test_a_pilot_round_is_a_different_group_not_a_change_of_the_whole_organisation(
    client, owner, organisation, shipped_version
):
    platform = DepartmentFactory(organisation=organisation, name="Platform")
    growth = DepartmentFactory(organisation=organisation, name="Growth")
    alpha = TeamFactory(organisation=organisation, department=platform, name="Alpha")
    charlie = TeamFactory(organisation=organisation, department=growth, name="Charlie")
    pilot = make_round(organisation, [alpha], shipped_version, "Pilot", 200, owner)
    answer_all(pilot, alpha, 4, agree="agree")
    everyone = make_round(organisation, [alpha, charlie], shipped_version, "All", 10, owner)
    answer_all(everyone, alpha, 4, agree="agree")
    answer_all(everyone, charlie, 4, agree="disagree")
    # All against the pilot: Charlie was not in it, so no change is shown for the whole round.
    trend = comparison_for(everyone, Filters()).trend
    assert trend.since == pilot  # the only earlier round: it says why it shows nothing
    assert trend.refusal is not None
    assert trend.rows == trend.moved == ()
    assert "Pilot covered only 1 team in Platform" in trend.refusal.text
    # Within Platform (Alpha alone, both times) it is like for like.
    rows = {r.name: r for r in comparison_for(everyone, Filters(department=platform.pk)).trend.rows}
    assert not rows["Platform"].different_group
    assert all(c is not None and c.delta == 0 for c in rows["Platform"].changes)
    # Nor is the pilot a point on the whole round's lines across rounds.
    history = comparison_for(everyone, Filters()).history
    assert history.other_groups == (pilot,)
    assert all(line.scores[0] is None and line.scores[1] is not None for line in history.lines)
    html = " ".join(page(client, owner, everyone).split())
    assert "Pilot covered other teams, so it is left out of the lines" in html
    # The board pack says so too, with no number.
    from assessments.comparisons.services import board_pack_xlsx

    book = load_workbook(io.BytesIO(board_pack_xlsx(comparison_for(everyone, Filters()))))
    rows_out = list(book["Change since Pilot"].iter_rows(values_only=True))
    assert rows_out[0] == ("No change shown",)
    assert rows_out[1][0] == trend.refusal.text
