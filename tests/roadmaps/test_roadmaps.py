"""Targets, the generated roadmap, and editing it with a recorded history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.exports.models import ExportJob
from assessments.roadmaps.models import ActionChange, Roadmap, RoadmapAction, Target
from tests.background import run_tasks
from tests.factories import answer_all, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped_round(shipped_version, organisation, team, owner):
    assessment = open_round(organisation, team, shipped_version, owner)
    # Enough people of every audience (product people, leadership, engineers) that every
    # statement is decided.
    roles = ["product_manager", "product_owner", "product_marketing", "leadership", "engineer"]
    answer_all(assessment, team, 5, agree="disagree", roles=roles)
    return assessment


def board_url(assessment, team, name="orgs:roadmap", *extra):
    return reverse(name, args=[assessment.organisation.slug, assessment.pk, team.pk, *extra])


def test_targets_default_to_the_two_enablers_with_most_to_gain_and_generate_a_board(
    client, owner, shipped_round, team
):
    client.force_login(owner)
    page = client.get(board_url(shipped_round, team))
    rows = page.context["target_rows"]
    lifted = [r for r in rows if r["target"] > r["current"]]
    assert len(lifted) == 2
    assert all(r["target"] == r["current"] + 1 for r in lifted)
    stay = [r for r in rows if r["target"] == r["current"]]
    assert max(r["score"] for r in lifted) <= min(r["score"] for r in stay if r["current"] < 2)
    data = {f"target-{r['enabler'].key}": r["target"] for r in rows}
    data["reason-purpose-leadership"] = "We keep firefighting"
    response = client.post(board_url(shipped_round, team, "orgs:roadmap_generate"), data)
    assert response.status_code == 302
    road = Roadmap.objects.get(assessment=shipped_round, team=team)
    horizons = set(road.actions.values_list("horizon", flat=True))
    assert "now" in horizons
    assert all(a.reason for a in road.actions.all())
    assert (
        Target.objects.get(team=team, enabler__key="purpose-leadership").reason
        == "We keep firefighting"
    )
    html = client.get(board_url(shipped_round, team)).content.decode()
    assert "Now, next, later" in html


def test_the_reason_for_a_target_is_shown_again_and_survives_an_update(
    client, owner, shipped_round, team
):
    client.force_login(owner)
    rows = client.get(board_url(shipped_round, team)).context["target_rows"]
    targets = {f"target-{r['enabler'].key}": r["target"] for r in rows}
    generate = board_url(shipped_round, team, "orgs:roadmap_generate")
    client.post(generate, {**targets, "reason-purpose-leadership": "We keep firefighting"})
    page = client.get(board_url(shipped_round, team))
    [row] = [r for r in page.context["target_rows"] if r["enabler"].key == "purpose-leadership"]
    assert row["reason"] == "We keep firefighting"
    assert 'value="We keep firefighting"' in page.content.decode()  # in the form, to keep or edit
    client.post(generate, targets)  # "Update the roadmap" without touching the reasons
    target = Target.objects.get(team=team, enabler__key="purpose-leadership")
    assert target.reason == "We keep firefighting"
    client.post(generate, {**targets, "reason-purpose-leadership": ""})  # cleared on purpose
    target.refresh_from_db()
    assert target.reason == ""


def test_decisions_only_leadership_can_take_are_listed_apart_from_the_teams_board(
    client, owner, shipped_round, team
):
    client.force_login(owner)
    rows = client.get(board_url(shipped_round, team)).context["target_rows"]
    targets = {f"target-{r['enabler'].key}": r["current"] for r in rows}
    targets["target-people-roles-organisation"] = 2  # aim for Leading
    client.post(board_url(shipped_round, team, "orgs:roadmap_generate"), targets)
    page = client.get(board_url(shipped_round, team))
    asks = {a.recommendation.key for a in page.context["leadership"]}
    assert asks
    assert asks <= {"pr-reporting-line", "pr-career-path", "pr-training-plans"}
    on_board = {a.key for _, _, items in page.context["columns"] for a in items}
    assert not asks & on_board
    assert "For leadership" in page.content.decode()
    summary = client.get(board_url(shipped_round, team, "orgs:roadmap_summary"))
    assert "For leadership" in summary.content.decode()


def test_editing_an_action_records_who_changed_what(client, owner, member, shipped_round, team):
    client.force_login(owner)
    rows = client.get(board_url(shipped_round, team)).context["target_rows"]
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_generate"),
        {f"target-{r['enabler'].key}": r["target"] for r in rows},
    )
    action = RoadmapAction.objects.filter(horizon="now").first()
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_action_edit", action.pk),
        {
            "status": "in_progress",
            "owner": member.pk,
            "due_date": "2027-01-15",
            "notes": "Start Monday",
        },
    )
    action.refresh_from_db()
    assert (action.status, action.owner, str(action.due_date), action.notes) == (
        "in_progress",
        member,
        "2027-01-15",
        "Start Monday",
    )
    fields = set(
        ActionChange.objects.filter(action=action, user=owner).values_list("field", flat=True)
    )
    assert fields == {"status", "owner", "due_date", "notes"}
    bad = client.post(
        board_url(shipped_round, team, "orgs:roadmap_action_edit", action.pk),
        {"due_date": "next week"},
        follow=True,
    )
    assert "is not a date" in bad.content.decode()

    # Regenerating keeps what the team has taken on.
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_generate"),
        {f"target-{r['enabler'].key}": r["target"] for r in rows},
    )
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_reorder_and_add_own_actions(client, owner, shipped_round, team):
    client.force_login(owner)
    rows = client.get(board_url(shipped_round, team)).context["target_rows"]
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_generate"),
        {f"target-{r['enabler'].key}": r["target"] for r in rows},
    )
    first, second = RoadmapAction.objects.filter(horizon="next").order_by("position")[:2]
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_action_move", second.pk), {"direction": "up"}
    )
    assert list(
        RoadmapAction.objects.filter(horizon="next")
        .order_by("position")
        .values_list("pk", flat=True)[:2]
    ) == [second.pk, first.pk]
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_action_add"),
        {"title": "Run a roadmap retro", "horizon": "later"},
    )
    own = RoadmapAction.objects.get(title="Run a roadmap retro")
    assert (own.horizon, own.status, own.key) == ("later", "not_started", "")


def test_no_roadmap_while_the_team_is_under_the_anonymity_threshold(
    client, owner, assessment, team
):
    answer_all(assessment, team, 2)
    client.force_login(owner)
    assert (
        b"Not enough responses to plan from yet" in client.get(board_url(assessment, team)).content
    )


def test_exports_csv_summary_and_timeline(client, owner, member, shipped_round, team):
    import csv
    import io

    client.force_login(owner)
    rows = client.get(board_url(shipped_round, team)).context["target_rows"]
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_generate"),
        {f"target-{r['enabler'].key}": r["target"] for r in rows},
    )
    action = RoadmapAction.objects.filter(horizon="now").first()
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_action_edit", action.pk),
        {"status": "in_progress", "owner": member.pk, "due_date": "2027-01-15"},
    )

    board = client.get(board_url(shipped_round, team)).content.decode()
    assert 'data-plotly="fig-timeline"' in board
    table = list(
        csv.DictReader(
            io.StringIO(
                client.get(board_url(shipped_round, team, "orgs:roadmap_csv")).content.decode()
            )
        )
    )
    assert table[0]["when"] == "Now"
    assert any(
        r["action"] == action.title and r["due"] == "2027-01-15" and r["status"] == "In progress"
        for r in table
    )
    summary = client.get(board_url(shipped_round, team, "orgs:roadmap_summary")).content.decode()
    assert "where we are and what we will do" in summary
    assert action.title in summary
    asked = client.post(board_url(shipped_round, team, "orgs:roadmap_summary_pdf"))
    assert asked.status_code == 302
    assert run_tasks() == 1
    job = ExportJob.objects.get(kind="roadmap-pdf")
    assert job.status == "ready"
    assert job.filename.endswith("-roadmap.pdf")
    assert job.file.read().startswith(b"%PDF-")


def test_a_re_check_asks_only_the_statements_of_done_actions_and_shows_progress(
    client, owner, shipped_round, team
):
    from assessments.roadmaps import selectors
    from assessments.rounds.models import Assessment
    from assessments.rounds.selectors import questionnaire

    client.force_login(owner)
    rows = client.get(board_url(shipped_round, team)).context["target_rows"]
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_generate"),
        {f"target-{r['enabler'].key}": r["target"] for r in rows},
    )
    refused = client.post(board_url(shipped_round, team, "orgs:roadmap_recheck"), follow=True)
    assert "Mark at least one recommended action as done" in refused.content.decode()

    done = RoadmapAction.objects.filter(recommendation__isnull=False, horizon="now").first()
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_action_edit", done.pk), {"status": "done"}
    )
    response = client.post(board_url(shipped_round, team, "orgs:roadmap_recheck"))
    recheck = Assessment.objects.get(name=f"Re-check: {team.name}")
    assert response["Location"] == reverse(
        "orgs:assessment", args=[shipped_round.organisation.slug, recheck.pk]
    )
    asked = {s.pk for section in questionnaire(recheck).sections for s in section.statements}
    assert asked == set(done.recommendation.statements.values_list("pk", flat=True))
    assert not any(section.activities for section in questionnaire(recheck).sections)

    # The team answers the re-check more positively; the roadmap shows what moved.
    answer_all(recheck, team, 4, agree="agree")
    progress = selectors.progress(Roadmap.objects.get(assessment=shipped_round, team=team))
    assert progress.assessment == recheck
    moved = next(r for r in progress.actions if r["action"] == done)["moved"]
    assert moved
    assert all(m["now"] != m["then"] for m in moved)
    # Four people who all disagreed now all agree (a warning sign the other way round): far
    # beyond noise, whatever the family.
    assert all(m["real"] and abs(m["delta"]) == 50 for m in moved)
    page = client.get(board_url(shipped_round, team)).content.decode()
    assert f"Progress in Re-check: {team.name}" in page
    assert "▲ up 50" in page


def test_what_the_actions_moved_is_judged_by_the_comparisons_rule():
    from assessments.comparisons import scoring as comparisons
    from assessments.reports.scoring import StatementResult, noise

    def rated(evidence, spread, n=4):
        return StatementResult(1, n, 0, n, evidence, spread, 0.5, 0.2)

    pairs = [
        (rated(50.0, 25.0), rated(60.0, 25.0)),  # four people who disagree among themselves
        (rated(25.0, 0.0), rated(75.0, 0.0)),  # four who all moved from disagree to agree
        (rated(40.0, 10.0), rated(41.0, 10.0)),
    ]
    moves = [
        (
            a.evidence,
            b.evidence,
            noise.ratings_noise((a.spread, a.answered), (b.spread, b.answered)),
        )
        for a, b in pairs
    ]
    judged = noise.judged_moves(moves)
    assert [real for _, real in judged] == [False, True, False]
    # The same margins a comparison page gives the same three changes shown together.
    page = comparisons.judge([comparisons.statement_change(a, b) for a, b in pairs])
    assert [c.margin for c in page] == [margin for margin, _ in judged]
    assert [not c.within_noise for c in page] == [real for _, real in judged]


def test_each_generated_action_carries_a_first_step_for_this_week(
    client, owner, shipped_round, shipped_version, team
):
    from frameworks.models import GapAction, Recommendation

    Recommendation.objects.filter(version=shipped_version).update(
        first_step="Book an hour with the team to agree what this means for us."
    )
    GapAction.objects.filter(version=shipped_version).update(
        first_step="Ask three colleagues who they think leads {activity}."
    )
    # Nobody leads competitive research here: a gap action to generate.
    from assessments.rounds.models import ActivityAnswer
    from frameworks.models import ActivityLeader

    nobody = ActivityLeader.objects.get(version=shipped_version, key="nobody")
    ActivityAnswer.objects.filter(
        respondent__assessment=shipped_round, activity__key="competitive-research"
    ).update(leader=nobody)
    from assessments.reports import store

    store.refresh(shipped_round)
    client.force_login(owner)
    rows = client.get(board_url(shipped_round, team)).context["target_rows"]
    client.post(
        board_url(shipped_round, team, "orgs:roadmap_generate"),
        {f"target-{r['enabler'].key}": r["target"] for r in rows},
    )
    actions = list(RoadmapAction.objects.filter(roadmap__team=team))
    recommended = [a for a in actions if a.recommendation_id]
    gaps = [a for a in actions if a.activity_id and not a.recommendation_id]
    assert recommended
    assert gaps
    assert {a.first_step for a in recommended} == {
        "Book an hour with the team to agree what this means for us."
    }
    assert any("competitive research" in a.first_step.lower() for a in gaps)
    html = client.get(board_url(shipped_round, team)).content.decode()
    assert "First step, this week:" in html
    csv = client.get(board_url(shipped_round, team, "orgs:roadmap_csv")).content.decode()
    assert "first step" in csv.splitlines()[0]


def test_progress_reads_the_teams_next_round_on_a_newer_version_by_statement_key(
    client, owner, organisation, team, shipped_version
):
    """Planned on the version before, re-assessed on the newest: each statement behind an
    action is matched by its key, and one the newer version dropped has nothing to show."""
    from datetime import timedelta

    from assessments.roadmaps import selectors, services
    from frameworks.levels import MaturityLevel
    from frameworks.models import FrameworkVersion

    earlier_version = (
        FrameworkVersion.objects.filter(
            framework=shipped_version.framework,
            status=FrameworkVersion.Status.PUBLISHED,
            published_at__lt=shipped_version.published_at,
        )
        .order_by("-published_at")
        .first()
    )
    before = open_round(organisation, team, earlier_version, owner, name="Baseline")
    answer_all(before, team, 6, agree="disagree")  # three product managers among them
    before.opens_at -= timedelta(days=90)
    before.closes_at -= timedelta(days=80)
    before.save(update_fields=["opens_at", "closes_at"])
    report = selectors.team_report(before, team)
    road = services.roadmap_generate(
        assessment=before,
        team=team,
        targets=dict.fromkeys(report.scores.enablers, MaturityLevel.LEADING),
        reasons={},
        user=owner,
    )
    actions = list(road.actions.filter(recommendation__isnull=False))
    for action in actions:
        services.action_update(action=action, user=owner, status="done")
    later = open_round(organisation, team, shipped_version, owner, name="Autumn")
    answer_all(later, team, 6, agree="agree")

    progress = selectors.progress(road)
    assert progress.assessment == later
    assert progress.ready
    assert not progress.same_version
    kept = set(shipped_version.statement_set.values_list("key", flat=True))
    dropped = 0
    for row in progress.actions:
        keys = set(row["action"].recommendation.statements.values_list("key", flat=True))
        assert len(row["moved"]) == len(keys & kept)
        dropped += len(keys - kept)
    assert dropped  # some of the actions' statements are not asked again
    assert sum(len(row["moved"]) for row in progress.actions) >= 5
    client.force_login(owner)
    page = client.get(board_url(before, team)).content.decode()
    assert "Progress in Autumn" in page
    assert f"That round asked version {shipped_version.label} of the questionnaire" in page
