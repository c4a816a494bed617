"""The demo organisation that `make run` loads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments import models
from assessments.demo.rounds import ROUNDS
from assessments.models import Answer, Assessment, Department, Organisation, Respondent, Team
from assessments.webhooks.scheduled import prune_webhook_log
from frameworks.audiences import roles_named

pytestmark = pytest.mark.django_db


def brightwater_rounds(**filters):
    """The organisation-wide rounds, oldest first: the baseline, the check-in and the health
    check (not the pilot, nor Onboarding's own team checks)."""
    return list(
        Assessment.objects.filter(
            organisation__slug="brightwater", name__in=[plan.name for plan in ROUNDS], **filters
        ).order_by("opens_at")
    )


def test_the_demo_has_departments_teams_three_rounds_and_varied_answers(sample_version):
    call_command("load_demo", force=True, stdout=StringIO())
    org = Organisation.objects.get(slug="brightwater")
    assert Department.objects.filter(organisation=org).count() == 3
    assert Team.objects.filter(organisation=org).count() == 8
    names = Assessment.objects.filter(organisation=org).order_by("opens_at")
    assert list(names.values_list("name", flat=True)) == [
        "Autumn 2025 baseline",
        "Spring 2026 check-in",
        "Onboarding team check, summer 2026",
        "Onboarding team check, autumn 2026",
        "Autumn 2026 health check",
    ]
    rounds = brightwater_rounds()
    baseline, check_in, current = rounds
    now = timezone.now()
    # Two closed rounds, about fourteen and six months ago, and one under way now.
    assert baseline.closes_at < check_in.opens_at < check_in.closes_at < current.opens_at
    assert 390 <= (now - baseline.opens_at).days <= 450
    assert 170 <= (now - check_in.opens_at).days <= 230
    assert current.opens_at < now < current.closes_at
    for r in rounds:
        assert (r.anonymity, r.min_group_size) == ("anonymous", 3)
        assert r.framework_version == sample_version
        assert r.teams.count() == 8
    for r in (baseline, check_in):
        answered = r.respondents.filter(submitted_at__isnull=False)
        assert 50 <= answered.count() <= 90
        # Everyone answered while the round was open.
        assert not answered.exclude(submitted_at__range=(r.opens_at, r.closes_at)).exists()
    # The current round is under way: some submitted, some part-way, some not started.
    submitted = current.respondents.filter(submitted_at__isnull=False).count()
    assert 0 < submitted < current.respondents.count()
    assert current.invitations.filter(kind="personal", respondents__isnull=True).exists()
    # Teams disagree internally: some statement gets both ends of the scale within one team.
    split = False
    for team in Team.objects.filter(organisation=org):
        scores = {}
        for a in Answer.objects.filter(
            respondent__team=team, respondent__assessment=baseline
        ).select_related("option"):
            if a.option.score is not None:
                scores.setdefault(a.statement_id, set()).add(a.option.score)
        split = split or any(min(s) <= 25 and max(s) >= 75 for s in scores.values())
    assert split
    assert Respondent.objects.exclude(role="").values("role").distinct().count() >= 5
    _the_open_round_shows_the_protection(org, current)


def _the_open_round_shows_the_protection(org, current):
    """The open round keeps a team under the threshold (Analytics), so a head of product sees
    it hidden, and its neighbour in Data & Insights hidden with it: the department minus
    Personalisation would be Analytics."""
    from assessments.reports.disclosure import disclosure_for

    submitted = current.respondents.filter(submitted_at__isnull=False)
    analytics, personalisation = (
        Team.objects.get(organisation=org, name=name) for name in ("Analytics", "Personalisation")
    )
    assert 0 < submitted.filter(team=analytics).count() < current.group_threshold
    assert submitted.filter(team=personalisation).count() >= current.group_threshold
    shown = disclosure_for(current).groups
    assert ("team", analytics.pk) not in shown
    assert ("team", personalisation.pk) not in shown
    assert ("department", analytics.department_id) in shown


def test_loading_the_demo_twice_changes_nothing(sample_version):
    call_command("load_demo", force=True, stdout=StringIO())
    counts = (
        Assessment.objects.count(),
        Respondent.objects.count(),
        Answer.objects.count(),
        Answer.objects.filter(carried_option__isnull=False).count(),
    )
    brightwater = Assessment.objects.filter(organisation__slug="brightwater").count()
    # Three rounds and Onboarding's two team checks; one round each for the firm's 8 clients.
    assert (brightwater, counts[0]) == (5, 13)
    assert counts[3]  # the team check's follow-up started from answers last time
    ties = _integrations()
    assert ties == (1, 1, 1, 2)  # token, feed, webhook; the sample's roadmaps have no actions
    prune_webhook_log()  # the worker runs it at once: the demo's log is recent enough to stay
    assert _integrations() == ties
    call_command("load_demo", force=True, stdout=StringIO())
    assert (
        Assessment.objects.count(),
        Respondent.objects.count(),
        Answer.objects.count(),
        Answer.objects.filter(carried_option__isnull=False).count(),
    ) == counts
    assert _integrations() == ties


def _integrations() -> tuple[int, int, int, int]:
    return (
        models.ApiToken.objects.filter(revoked_at=None).count(),
        models.CalendarFeed.objects.filter(revoked_at=None).count(),
        models.WebhookEndpoint.objects.count(),
        models.WebhookDelivery.objects.count(),
    )


def _evidence(answers) -> float:
    values = [
        100 - a.option.score if a.statement.reverse_scored else a.option.score
        for a in answers
        if a.option.score is not None
    ]
    return sum(values) / len(values)


def test_the_demo_findings_come_from_how_people_really_differ(shipped_version):
    from assessments.demo.data import STATEMENT_COMMENTS
    from assessments.roadmaps import selectors

    call_command("load_demo", force=True, stdout=StringIO())
    baseline, _, current = brightwater_rounds()
    assert current.framework_version == shipped_version
    answers = Answer.objects.select_related("option", "statement", "respondent")

    # Splits follow roles: in Mobile App, leaders and product people rate strategy far
    # higher than the engineers and designers who live with the backlog.
    strategy = answers.filter(
        respondent__assessment=baseline,
        respondent__team__name="Mobile App",
        statement__enabler__key="strategy-roadmaps-portfolio",
    )
    upbeat = _evidence(strategy.filter(respondent__role__in=["leadership", "product_manager"]))
    makers = _evidence(strategy.filter(respondent__role__in=["engineer", "designer"]))
    assert upbeat - makers >= 30

    # Every comment fits its statement and the answer beside it.
    commented = answers.exclude(comment="")
    assert commented.count() >= 10
    for a in commented:
        agrees, disagrees = STATEMENT_COMMENTS[a.statement.key]
        assert a.comment == (agrees if (a.option.score or 0) > 50 else disagrees)

    # Everyone answered only the statements their role is asked (every audience of every
    # version: everyone, product people, leadership, or a list of them).
    given = answers.filter(option__isnull=False)
    for audience in given.values_list("statement__audience", flat=True).distinct():
        asked = roles_named(audience)
        assert not given.filter(statement__audience=audience).exclude(respondent__role__in=asked)
    audiences = set(
        answers.filter(respondent__assessment=current).values_list("statement__audience", flat=True)
    )
    assert len(audiences) >= 3  # the newest round asks some statements of some roles only

    # Product people pulled into sales support show up as the firefighting gap, and product
    # owners are named as leaders where they lead.
    partner = selectors.team_report(baseline, Team.objects.get(name="Partner API"))
    gaps = {row.activity.key: row.result.gaps for row in partner.activities}
    assert "product-leads" in gaps["sales-support"]
    checkout = selectors.team_report(baseline, Team.objects.get(name="Checkout"))
    leaders = {row.activity.key: row.result.top_leader for row in checkout.activities}
    assert leaders["requirements"] == "product-owner"


def _enabler_scores(assessment, team, shared=None) -> dict[str, float] | None:
    """The team's score per enabler; with ``shared`` (statement keys), its score on those
    statements alone, as a comparison scores rounds on two versions."""
    from assessments.comparisons.scoring import shared_score
    from assessments.roadmaps import selectors

    report = selectors.team_report(assessment, team)
    scores = report.scores
    if scores is None:  # too few answers to show yet
        return None
    if shared is None:
        return {key: result.score for key, result in scores.enablers.items()}
    enablers = {e.pk: e.key for e in report.framework.enablers}
    results, keys = {}, {}
    for s in report.framework.statements:
        if s.key in shared and s.pk in scores.statements:
            results[s.key] = scores.statements[s.pk]
            keys.setdefault(enablers[s.enabler_id], []).append(s.key)
    found = {key: shared_score(results, of) for key, of in keys.items()}
    return {key: value for key, value in found.items() if value is not None}


def _asked_alike(*versions) -> set[str]:
    """The keys of the statements every one of the versions asks, of the same roles."""
    asked = [
        {
            key: roles_named(audience)
            for key, audience in v.statement_set.values_list("key", "audience")
        }
        for v in versions
    ]
    return {key for key, roles in asked[0].items() if all(a.get(key) == roles for a in asked)}


def test_the_demo_trends_move_where_teams_did_their_roadmap_work(shipped_version):
    from assessments.roadmaps import selectors
    from assessments.roadmaps.access import roadmap_of
    from assessments.roadmaps.models import Roadmap, RoadmapAction

    call_command("load_demo", force=True, stdout=StringIO())
    rounds = brightwater_rounds()  # the pilot, on an older version, is tested on its own
    baseline, check_in, current = rounds
    submitted = [r.respondents.filter(submitted_at__isnull=False).count() for r in rounds]
    assert 55 <= submitted[0] < submitted[1]

    # Teams in every department planned from the two closed rounds; the open one has none yet.
    planned = {
        r: set(Roadmap.objects.filter(assessment=r).values_list("team__name", flat=True))
        for r in rounds
    }
    assert {"Checkout", "Partner API", "Billing"} <= planned[baseline] & planned[check_in]
    assert not planned[current]
    departments = Team.objects.filter(name__in=planned[check_in]).values("department")
    assert departments.distinct().count() == 3
    # The consultant's handover gave every other team a roadmap of the check-in too, but
    # those teams have not started on it: their answers move by chance only.
    worked_on = set(
        RoadmapAction.objects.filter(
            roadmap__assessment__in=[baseline, check_in], status__in=["in_progress", "done"]
        ).values_list("roadmap__team__name", flat=True)
    )
    unplanned = Team.objects.filter(organisation__slug="brightwater").exclude(name__in=worked_on)
    assert unplanned.count() >= 3

    done = RoadmapAction.Status.DONE
    checkout = Team.objects.get(name="Checkout")
    for earlier, later in [(baseline, check_in), (check_in, current)]:
        road = roadmap_of(earlier, checkout)
        targeted = set(
            road.actions.filter(status=done, recommendation__isnull=False).values_list(
                "recommendation__enabler__key", flat=True
            )
        )
        assert targeted
        # Across versions (the check-in on 1.1, the health check on 1.2): like for like, on
        # the statements both ask of the same roles (asked of fewer roles, a statement is
        # answered by other people, who see it otherwise).
        shared = None
        if earlier.framework_version != later.framework_version:
            shared = _asked_alike(earlier.framework_version, later.framework_version)
        before = _enabler_scores(earlier, checkout, shared)
        after = _enabler_scores(later, checkout, shared)
        assert before
        assert after
        # Teams without a roadmap move by chance only, on every enabler.
        drift = []
        for team in unplanned:
            then, now = _enabler_scores(earlier, team, shared), _enabler_scores(later, team, shared)
            if then and now:
                drift += [now[key] - then[key] for key in then if key in now]
        assert len(drift) >= 10
        assert abs(sum(drift) / len(drift)) <= 4
        # Checkout rises on the enablers its done actions were for, far more than chance.
        for key in targeted:
            assert after[key] - before[key] >= 8, (earlier.name, key)
            assert after[key] - before[key] > max(drift), (earlier.name, key)

        # The roadmap's "Progress in …" block reads the next round, and the statements
        # behind the actions the team worked on moved up.
        progress = selectors.progress(road)
        assert progress.assessment == later
        assert progress.ready
        assert progress.enablers
        worked = [done, RoadmapAction.Status.IN_PROGRESS]
        moved = [
            m["delta"]
            for row in progress.actions
            if row["action"].status in worked and not row["action"].notes  # new this round
            for m in row["moved"]
        ]
        assert len(moved) >= 3
        assert sum(moved) / len(moved) >= 10

    # Work adds up: the statements behind both of Checkout's roadmaps moved most by the end,
    # on the newest version too, where the same statements keep their keys.
    answers = Answer.objects.select_related("option", "statement").filter(
        respondent__team=checkout, respondent__submitted_at__isnull=False
    )
    worked_on = set(
        RoadmapAction.objects.filter(
            roadmap__team=checkout, status=done, recommendation__isnull=False
        ).values_list("recommendation__statements__key", flat=True)
    )
    kept = worked_on & set(current.framework_version.statement_set.values_list("key", flat=True))
    assert len(kept) >= 3
    first = _evidence(answers.filter(respondent__assessment=baseline, statement__key__in=kept))
    last = _evidence(answers.filter(respondent__assessment=current, statement__key__in=kept))
    assert last - first >= 20


def test_a_pilot_on_the_version_before_compares_with_the_newest_on_shared_statements(
    shipped_version,
):
    from assessments.comparisons.builder import Filters, comparison_for

    call_command("load_demo", force=True, stdout=StringIO())
    rounds = list(Assessment.objects.filter(organisation__slug="brightwater").order_by("opens_at"))
    pilot, current = rounds[0], rounds[-1]
    assert pilot.framework_version != shipped_version
    assert current.framework_version == shipped_version
    assert {t.name for t in pilot.teams.all()} == {"Checkout", "Mobile App", "Onboarding"}
    # The pilot covered Consumer Apps alone: no change for the whole round, and why.
    whole = comparison_for(current, Filters(since=pilot.pk)).trend
    assert whole is not None
    assert whole.refusal is not None
    assert whole.rows == ()
    assert "pick Consumer Apps under Department" in whole.refusal.instead
    consumer = next(t.department_id for t in pilot.teams.all())
    trend = comparison_for(current, Filters(department=consumer, since=pilot.pk)).trend
    assert trend.refusal is None
    assert not trend.same_version
    assert 0 < trend.shared < trend.asked  # compared on the statements both versions ask
    rows = {row.name: row for row in trend.rows}
    assert not rows["Consumer Apps"].different_group


def test_the_health_check_on_the_newest_version_compares_with_the_check_in_on_shared_keys(
    shipped_version, client
):
    from django.contrib.auth import get_user_model

    from assessments.comparisons.builder import Filters, comparison_for

    call_command("load_demo", force=True, stdout=StringIO())
    pilot = Assessment.objects.filter(organisation__slug="brightwater").earliest("opens_at")
    baseline, check_in, current = brightwater_rounds()
    # Made in this order, so on a fresh load the health check is round 4.
    assert [r.pk for r in (pilot, baseline, check_in, current)] == [pilot.pk + n for n in range(4)]
    older = check_in.framework_version
    assert baseline.framework_version == older != shipped_version
    assert current.framework_version == shipped_version
    assert pilot.framework_version not in (older, shipped_version)
    trend = comparison_for(current, Filters()).trend
    assert trend.since == check_in  # the newest earlier round of every team
    assert trend.refusal is None
    assert not trend.same_version
    keys = [set(v.statement_set.values_list("key", flat=True)) for v in (older, shipped_version)]
    assert (trend.shared, trend.asked) == (len(keys[0] & keys[1]), len(keys[1]))
    assert trend.shared < trend.asked
    rows = {row.name: row for row in trend.rows}
    assert {"Consumer Apps", "Business Platform", "Data & Insights"} <= rows.keys()
    assert all(change is not None for row in trend.rows for change in row.changes)
    # The lines of every round agree with the table of changes: each drawn round, this one
    # included, is scored on the statements they all share, so the last step is the change.
    history = comparison_for(current, Filters()).history
    at = {r.pk: i for i, r in enumerate(history.rounds)}
    for line, change in zip(history.lines, rows["Whole round"].changes, strict=True):
        assert line.scores[at[check_in.pk]] == pytest.approx(change.before)
        assert line.scores[at[current.pk]] == pytest.approx(change.after)
    client.force_login(get_user_model().objects.get(username="hannah"))
    page = client.get(f"/o/brightwater/assessments/{current.pk}/compare/").content.decode()
    assert f"compared on the {trend.shared} of {trend.asked} statements both rounds asked" in page
    assert "this one included, is scored on the statements they all share" in page


def test_onboardings_named_follow_up_starts_from_answers_last_time(shipped_version, client):
    """A team's named check and its follow-up on the newest version: most people start from
    their answers last time (carried by key), confirm most, change some, leave a few; the
    round's page gives the totals."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from assessments.demo.follow_up import FIRST, FOLLOW_UP
    from assessments.rounds.carry import carried_counts

    call_command("load_demo", force=True, stdout=StringIO())
    first, follow_up = (
        Assessment.objects.get(organisation__slug="brightwater", name=plan.name)
        for plan in (FIRST, FOLLOW_UP)
    )
    assert follow_up.follows == first
    assert not first.is_anonymous
    assert not follow_up.is_anonymous
    assert first.framework_version != follow_up.framework_version == shipped_version
    assert first.teams.get().name == follow_up.teams.get().name == "Onboarding"
    named = follow_up.respondents.filter(submitted_at__isnull=False)
    assert not named.filter(name="").exists()  # leads see who answered what

    counts = carried_counts(follow_up)
    assert counts is not None
    assert 0 < counts.people < counts.submitted
    assert counts.unchanged > 3 * counts.changed > 0
    assert counts.new > 0  # the statements the newest version added
    carried = Answer.objects.filter(
        respondent__assessment=follow_up, carried_option__isnull=False
    ).select_related("statement", "carried_option", "respondent")
    then = {
        (a.respondent_id, a.statement.key): a.option.key
        for a in Answer.objects.filter(respondent__assessment=first).select_related(
            "statement", "option"
        )
    }
    for a in carried:  # each from the same statement, by key, of the same person last time
        was = then[(a.respondent.carried_from_id, a.statement.key)]
        assert a.carried_option.key == was
    left = [
        a
        for a in carried.filter(option__isnull=True, respondent__submitted_at__isnull=False)
        if a.respondent.role in roles_named(a.statement.audience)
    ]
    assert 0 < len(left) < counts.changed  # a few of the answers they were asked, unconfirmed

    client.force_login(get_user_model().objects.get(username="hannah"))
    page = client.get(reverse("orgs:assessment", args=["brightwater", follow_up.pk]))
    html = page.content.decode()
    assert (
        f"{counts.people} of the {counts.submitted} people who submitted started from their "
        f"own answers in \u201c{first.name}\u201d"
    ) in html
    for figure, what in [(counts.unchanged, "confirmed unchanged"), (counts.changed, "changed")]:
        assert f"<strong>{figure}</strong> {what}" in html


def test_every_demo_comment_sits_on_a_statement_of_the_versions_its_rounds_use(shipped_version):
    from assessments.demo.data import STATEMENT_COMMENTS
    from assessments.demo.rounds import demo_versions

    versions = demo_versions(shipped_version)
    for version in (versions.earlier, versions.newest):
        keys = set(version.statement_set.values_list("key", flat=True))
        assert set(STATEMENT_COMMENTS) <= keys, version.label


def test_the_demo_reads_like_real_people_and_its_review_agrees_with_itself(shipped_version):
    """No comment written twice in a round; the delivered review's summary says what its own
    calibration says (how many enablers match the survey, and which way the others differ)."""
    from collections import Counter

    from assessments.reviews.models import Review, ReviewSnapshot
    from assessments.reviews.selectors import review_gaps

    call_command("load_demo", force=True, stdout=StringIO())
    for assessment in Assessment.objects.all():
        said = Counter(
            Answer.objects.filter(respondent__assessment=assessment)
            .exclude(comment="")
            .values_list("comment", flat=True)
        )
        assert said, f"{assessment.name} has comments"
        assert max(said.values()) == 1, said.most_common(1)
    review = Review.objects.get(status=Review.Status.DELIVERED)
    gaps = review_gaps(review)
    assert gaps is not None
    matched = [g for g in gaps.counted if g.status == "matched"]
    words = {0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    assert f"On {words[len(matched)]} they agree with the survey" in review.executive_summary
    for gap in gaps.counted:
        if gap.status == "high":
            assert f"**{gap.name}** reads better in the survey" in review.executive_summary
        elif gap.status == "low":
            assert f"**{gap.name}** is better than the teams think" in review.executive_summary
    statuses = {g.status for g in gaps.counted}
    assert "matched" in statuses
    assert statuses & {"high", "low"}  # the evidence moved at least one level
    # Delivered, so frozen with its figures as they stood on the day, benchmark included
    # (the other clients' rounds had closed by then).
    snapshot = ReviewSnapshot.objects.get(review=review)
    assert snapshot.as_of == review.handed_over_at
    from assessments.reviews.benchmark_selectors import benchmark_view
    from assessments.reviews.selectors import surveyed_round

    bench = benchmark_view(
        review.organisation, assessment=surveyed_round(review), closed_by=snapshot.as_of
    )
    assert bench.shown
    assert bench.any_compared
