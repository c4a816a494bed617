"""The API's representations say what the pages say: the same figures, levels, confidence and
"not enough evidence", and nothing a page hides (read from the page's own context)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.api import data_selectors
from assessments.api.representations.results import results_data
from assessments.organisations.access import member_access
from assessments.reports import store
from tests.factories import TeamFactory, answer_all

pytestmark = pytest.mark.django_db


def _page(client, user, name, *args, **query):
    client.force_login(user)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response


def _answered(assessment, team, n, **kwargs):
    """n people answer; the round's stored results are then refreshed, as the worker does."""
    answer_all(assessment, team, n, **kwargs)
    store.refresh(assessment)


def _access(user, organisation):
    return member_access(user.pk, organisation.pk)


def test_a_team_results_equal_the_report_page(client, owner, organisation, assessment, team):
    _answered(assessment, team, 3, agree="agree", comment="We try")
    page = _page(client, owner, "orgs:report_team", organisation.slug, assessment.pk, team.pk)
    shown = page.context["report"]
    html = page.content.decode()
    got = data_selectors.scope_results(_access(owner, organisation), assessment.pk, "team", team.pk)
    assert got == results_data(shown)  # the same object, the same dict
    assert got["withheld"] is False
    assert got["participation"]["submitted"] == 3
    results = got["results"]
    assert [e["key"] for e in results["enablers"]] == [r.enabler.key for r in shown.enablers]
    for e, row in zip(results["enablers"], shown.enablers, strict=True):
        assert e["level_name"] == row.result.level_name
        assert e["maturity_score"] == row.result.position
        assert e["mean_agreement"] == pytest.approx(row.result.score, abs=0.05)
        assert e["confidence"] == row.result.confidence
        assert e["explanation"] == row.headline
        assert row.headline in html
        assert e["confidence_explanation"] in html
    for d, row in zip(results["dials"], shown.dials, strict=True):
        assert d["value"] == pytest.approx(row.result.value, abs=0.05)
        assert d["zone"] == row.result.zone
    assert [s["text"] for s in results["strengths"]] == [s.text for s, _ in shown.strengths]
    assert [m["text"] for m in results["next_moves"]] == [m.statement.text for m in shown.moves]
    assert results["radar"][0]["maturity_scores"] == list(shown.series[0].values)
    assert results["comment_counts"][0]["count"] == shown.comment_counts[0].count


def test_not_enough_evidence_reads_as_the_page_does(client, owner, organisation, assessment, team):
    _answered(assessment, team, 3, agree="dont-know")
    page = _page(client, owner, "orgs:report_team", organisation.slug, assessment.pk, team.pk)
    got = results_data(page.context["report"])
    undecided = [e for e in got["results"]["enablers"] if not e["enough_evidence"]]
    assert undecided, "three people who could not say leave no level"
    for e in undecided:
        assert e["level"] is None
        assert e["maturity_score"] is None
        assert e["level_name"] == "Not enough evidence"
        assert e["confidence"] == "low"
        assert e["key"] in got["results"]["not_enough_evidence"]
        assert e["explanation"] in page.content.decode()


def test_a_small_group_is_withheld_with_the_page_reason(
    client, owner, organisation, assessment, team
):
    _answered(assessment, team, 2, comment="Only two of us")
    page = _page(client, owner, "orgs:report_team", organisation.slug, assessment.pk, team.pk)
    got = data_selectors.scope_results(_access(owner, organisation), assessment.pk, "team", team.pk)
    assert got["withheld"] is True
    assert got["results"] is None
    assert got["withheld_code"] == "too_few_people"
    assert got["withheld_reason"] in page.content.decode()
    assert "Only two of us" not in str(got)


def test_a_department_minus_a_team_never_gives_one_person_away(
    client, owner, organisation, assessment, team
):
    """Four in one team and one alone in the same department: the department is shown, so the
    team of four is withheld (the department minus it would be the one person)."""
    alone = TeamFactory(organisation=organisation, department=team.department, name="Alone")
    assessment.teams.add(alone)
    answer_all(assessment, team, 4)
    answer_all(assessment, alone, 1, agree="disagree")
    access = _access(owner, organisation)
    department = data_selectors.scope_results(
        access, assessment.pk, "department", team.department_id
    )
    four = data_selectors.scope_results(access, assessment.pk, "team", team.pk)
    one = data_selectors.scope_results(access, assessment.pk, "team", alone.pk)
    whole = data_selectors.scope_results(access, assessment.pk, "round", None)
    assert department["results"] is not None
    assert four["results"] is None
    assert four["withheld_code"] == "protects_another_group"
    assert one["results"] is None
    assert one["withheld_code"] == "too_few_people"
    # Each says what its page says.
    pages = [
        ("orgs:report_department", team.department_id, department),
        ("orgs:report_team", team.pk, four),
        ("orgs:report_team", alone.pk, one),
        ("orgs:report", None, whole),
    ]
    for name, pk, got in pages:
        args = [organisation.slug, assessment.pk] + ([pk] if pk else [])
        shown = _page(client, owner, name, *args).context["report"]
        assert same_figures(got, results_data(shown)), name


def same_figures(a, b):
    """Equal but for when the stored results were scored (a page read may store them anew)."""
    skip = {"computed_at", "updating", "batch_note"}
    return {k: v for k, v in a.items() if k not in skip} == {
        k: v for k, v in b.items() if k not in skip
    }


def test_the_comparison_equals_the_comparison_page(client, owner, organisation, assessment, team):
    small = TeamFactory(organisation=organisation, department__organisation=organisation)
    assessment.teams.add(small)
    answer_all(assessment, team, 3)
    answer_all(assessment, small, 1)
    page = _page(client, owner, "orgs:compare", organisation.slug, assessment.pk)
    comparison = page.context["comparison"]
    got = data_selectors.round_comparison(_access(owner, organisation), assessment.pk, {})
    rows = {r["name"]: r for r in got["heatmap"]["teams"]}
    for row in comparison.teams:
        mine = rows[row.name]
        for cell, page_cell in zip(mine["cells"], row.cells, strict=True):
            assert cell["shown"] == page_cell.shown
            assert cell["maturity_score"] == (page_cell.position if page_cell.shown else None)
            assert cell["level_name"] == (page_cell.level_name if page_cell.shown else None)
    hidden = rows[small.name]
    assert hidden["people"] is None
    assert hidden["people_explanation"] == "fewer than 3"
    assert all(c["mean_agreement"] is None for c in hidden["cells"])
    assert rows[team.name]["people"] == 3
    assert got["summaries"] == comparison.summaries
    assert got["made_with"][0]["value"] in page.content.decode()


def test_the_roadmap_board_shows_actions_only_when_the_report_does(
    owner, organisation, assessment, team
):
    from assessments.roadmaps.models import Roadmap, RoadmapAction

    road = Roadmap.objects.create(assessment=assessment, team=team)
    RoadmapAction.objects.create(roadmap=road, title="Write a charter", horizon="now")
    access = _access(owner, organisation)
    place = data_selectors.board_place(access, assessment.pk, team.pk)
    assert data_selectors.team_board(place)["actions"] is None  # nobody has answered yet
    _answered(assessment, team, 3)
    board = data_selectors.team_board(place)
    assert [a["title"] for a in board["actions"]] == ["Write a charter"]
    assert {t["enabler"] for t in board["targets"]} == {
        e.key for e in assessment.framework_version.enabler_set.all()
    }
    listed = data_selectors.round_roadmaps(access, assessment.pk)
    assert listed == [
        {
            "team": {"id": team.pk, "name": team.name},
            "withheld": False,
            "generated": True,
            "generated_at": road.generated_at.isoformat(),
            "actions_by_status": {"proposed": 1},
        }
    ]


def test_a_firm_sees_its_own_clients_and_reviews(organisation, owner):
    from assessments.reviews.models import Review
    from tests.reviews.world import firm_with_consultant

    firm, _consultant = firm_with_consultant("Laine Partners", "consultant", organisation)
    Review.objects.create(organisation=organisation, firm=firm, title="Spring review")
    from tests.factories import OrganisationFactory

    rival_firm, _ = firm_with_consultant("Rival", "rival", OrganisationFactory(name="Theirs"))
    Review.objects.create(organisation=organisation, firm=rival_firm, title="Not ours")
    clients = data_selectors.firm_clients(firm)
    assert [c["name"] for c in clients] == [organisation.name]
    assert [a["name"] for a in clients[0]["admins"]] == [owner.get_full_name()]
    reviews = data_selectors.firm_reviews(firm)
    assert [r["title"] for r in reviews] == ["Spring review"]
    assert data_selectors.firm_clients(firm, only=organisation.pk + 1000) == []
