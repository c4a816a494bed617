"""The scoring method: worked examples and property-based invariants (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.reports.scoring import (
    ActivityAnswerIn,
    ActivitySpec,
    DialInputSpec,
    DialSpec,
    ResponseIn,
    StatementSpec,
    priorities,
    score,
    splits,
    strengths,
)
from frameworks.levels import MaturityLevel

SCORES = [0.0, 25.0, 50.0, 75.0, 100.0]
# One enabler: two symptoms (immature), three managed and three leading statements.
STATEMENTS = [
    StatementSpec(1, "e", MaturityLevel.IMMATURE, reverse=True),
    StatementSpec(2, "e", MaturityLevel.IMMATURE, reverse=True),
    StatementSpec(3, "e", MaturityLevel.MANAGED),
    StatementSpec(4, "e", MaturityLevel.MANAGED),
    StatementSpec(5, "e", MaturityLevel.MANAGED),
    StatementSpec(6, "e", MaturityLevel.LEADING),
    StatementSpec(7, "e", MaturityLevel.LEADING),
    StatementSpec(8, "e", MaturityLevel.LEADING),
    StatementSpec(9, "f", MaturityLevel.MANAGED),
]
DIAL = DialSpec(
    "role", (DialInputSpec(1, 3, symptom=True), DialInputSpec(3, 1), DialInputSpec(6, 2))
)
ACTIVITIES = [
    ActivitySpec(1, "roadmaps", "strategic", "owns"),
    ActivitySpec(2, "design-build", "inbound", "supports"),
]


def run(responses):
    return score(statements=STATEMENTS, dials=[DIAL], activities=ACTIVITIES, responses=responses)


def person(i, answers, role="engineer", activities=None):
    return ResponseIn(i, role, answers, activities or {})


# --- worked examples ---------------------------------------------------------------------


def test_symptoms_are_reversed_and_dont_know_is_left_out():
    result = run([person(1, {1: 100.0, 3: 75.0, 4: None}), person(2, {1: 50.0, 3: 25.0, 4: None})])
    assert result.statements[1].evidence == 25.0  # agreeing with a symptom is bad news
    assert result.statements[3].evidence == 50.0
    assert result.statements[4].evidence is None
    assert result.statements[4].dont_know == 2
    assert result.enablers["e"].score == 37.5  # mean of statements 1 and 3 only
    assert result.enablers["e"].dont_know_rate == 2 / 6


def test_a_level_counts_only_when_its_statements_are_mostly_met():
    managed_only = {1: 0.0, 2: 25.0, 3: 75.0, 4: 100.0, 5: 25.0, 6: 100.0, 7: 0.0, 8: 0.0}
    assert run([person(1, managed_only)]).enablers["e"].level == MaturityLevel.MANAGED
    leading = {**managed_only, 7: 75.0, 8: 75.0}
    assert run([person(1, leading)]).enablers["e"].level == MaturityLevel.LEADING
    # Leading practice without the managed basics is still Immature: the rule is staged.
    no_basics = {**leading, 3: 0.0, 4: 0.0}
    assert run([person(1, no_basics)]).enablers["e"].level == MaturityLevel.IMMATURE
    # Symptoms everywhere hold a team at Immature, however good its practices look.
    symptoms = {**leading, 1: 100.0, 2: 100.0}
    assert run([person(1, symptoms)]).enablers["e"].level == MaturityLevel.IMMATURE


def test_dials_weigh_their_statements_in_the_dials_direction():
    result = run([person(1, {1: 100.0, 3: 100.0, 6: 50.0})])
    # symptom fully agreed (0 toward the right end, weight 3), statement 3 at 100 (weight 1),
    # statement 6 at 50 (weight 2): (0*3 + 100 + 100) / 6
    assert round(result.dials["role"].value, 3) == round(200 / 6, 3)
    assert result.dials["role"].zone == "red"
    assert run([]).dials["role"].value is None


def test_the_activities_matrix_flags_gaps_against_the_recommendation():
    sales = ActivityAnswerIn("sales", "other", 25.0)
    pm = ActivityAnswerIn("product-management", "product", 75.0)
    nobody = ActivityAnswerIn("nobody", "nobody")
    result = run(
        [
            person(1, {}, activities={1: sales, 2: pm}),
            person(2, {}, activities={1: sales, 2: nobody}),
            person(3, {}, activities={1: pm, 2: ActivityAnswerIn("development", "other")}),
        ]
    )
    roadmaps, build = result.activities[1], result.activities[2]
    assert (roadmaps.top_leader, roadmaps.gaps) == ("sales", ("led-elsewhere",))
    assert roadmaps.performance == (25.0 + 25.0 + 75.0) / 3
    assert "led-elsewhere" not in build.gaps  # development leading design & build is as recommended
    assert "disagree" in build.gaps  # three people, three different answers


def test_split_teams_are_detected():
    result = run([person(i, {3: s}) for i, s in enumerate([0.0, 0.0, 100.0, 100.0])])
    assert result.statements[3].split
    assert not run([person(i, {3: 75.0}) for i in range(4)]).statements[3].split


# --- invariants -------------------------------------------------------------------------------

answer = st.one_of(st.none(), st.sampled_from(SCORES))
answers = st.dictionaries(
    st.sampled_from([s.id for s in STATEMENTS]), answer, max_size=len(STATEMENTS)
)
responses = st.lists(st.builds(person, st.integers(0, 10_000), answers), max_size=12)


@settings(max_examples=200, deadline=None)
@given(responses)
def test_every_score_is_in_range(rs):
    result = run(rs)
    for enabler in result.enablers.values():
        assert enabler.score is None or 0 <= enabler.score <= 100
        assert 0 <= enabler.dont_know_rate <= 1
    for dial in result.dials.values():
        assert dial.value is None or 0 <= dial.value <= 100


@settings(max_examples=200, deadline=None)
@given(responses, st.randoms(use_true_random=False))
def test_the_order_of_respondents_does_not_matter(rs, rnd):
    shuffled = list(rs)
    rnd.shuffle(shuffled)
    assert run(rs) == run(shuffled)


@settings(max_examples=300, deadline=None)
@given(responses.filter(bool), st.data())
def test_a_better_answer_never_lowers_a_score_or_level(rs, data):
    i = data.draw(st.integers(0, len(rs) - 1))
    spec = data.draw(st.sampled_from(STATEMENTS))
    current = rs[i].answers.get(spec.id)
    if current is None:
        return
    # "Better" means more agreement with a practice, or less with a symptom.
    better = [s for s in SCORES if (s < current if spec.reverse else s > current)]
    if not better:
        return
    improved = list(rs)
    improved[i] = person(
        rs[i].respondent_id, {**rs[i].answers, spec.id: data.draw(st.sampled_from(better))}
    )
    before, after = run(rs).enablers[spec.enabler], run(improved).enablers[spec.enabler]
    assert after.score >= before.score - 1e-9
    assert after.level >= before.level


@settings(max_examples=200, deadline=None)
@given(responses)
def test_dont_know_is_left_out_not_counted_as_zero(rs):
    with_unsure = [person(r.respondent_id, {**r.answers, 9: None}) for r in rs]
    without = [person(r.respondent_id, {k: v for k, v in r.answers.items() if k != 9}) for r in rs]
    a, b = run(with_unsure), run(without)
    assert a.enablers["f"].score == b.enablers["f"].score
    assert a.enablers["e"] == b.enablers["e"]


@settings(max_examples=150, deadline=None)
@given(st.lists(responses, min_size=1, max_size=4))
def test_a_roll_up_equals_the_computation_over_the_pooled_answers(teams):
    pooled = [r for team in teams for r in team]
    # However the same people are grouped into teams, the department result is the same.
    regrouped = [r for team in reversed(teams) for r in reversed(team)]
    assert run(regrouped) == run(pooled)


def test_a_department_is_not_the_average_of_its_teams():
    small = [person(1, {3: 0.0})]
    large = [person(i, {3: 100.0}) for i in range(2, 6)]
    assert run(small).enablers["e"].score == 0.0
    assert run(large).enablers["e"].score == 100.0
    # Four people at 100 and one at 0: 80, not the 50 an average of team scores gives.
    assert run(small + large).enablers["e"].score == 80.0


def test_consistency_flags_point_at_contradictions_between_instruments():
    from assessments.reports.scoring import consistency_flags

    leading = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0, 7: 100.0, 8: 100.0}
    nobody = ActivityAnswerIn("nobody", "nobody")
    result = run([person(i, leading, activities={1: nobody}) for i in range(3)])
    assert result.enablers["e"].level == MaturityLevel.LEADING
    flags = consistency_flags(
        enablers=result.enablers,
        enabler_names={"e": "Strategy", "f": "Other"},
        depends_on={"e": [ACTIVITIES[0]]},
        activities=result.activities,
        activity_names={1: "Roadmaps", 2: "Design & build"},
        dials=[DIAL],
        dial_results=result.dials,
        dial_names={"role": "Role"},
        statements=STATEMENTS,
    )
    assert [f.text for f in flags] == [
        "Strategy is rated Leading, yet nobody leads Roadmaps, which it relies on."
    ]
    # A red dial fed mostly by a Leading enabler is flagged too.
    red = run(
        [
            person(i, {**leading, 1: 100.0, 2: 0.0, 3: 100.0, 6: 0.0, 7: 100.0, 8: 100.0})
            for i in range(3)
        ]
    )
    dial_flags = consistency_flags(
        enablers={**red.enablers, "e": result.enablers["e"]},
        enabler_names={"e": "Strategy", "f": "Other"},
        depends_on={},
        activities={},
        activity_names={},
        dials=[DIAL],
        dial_results=red.dials,
        dial_names={"role": "Role"},
        statements=STATEMENTS,
    )
    assert red.dials["role"].zone == "red"
    assert [f.kind for f in dial_flags] == ["dial-vs-enabler"]


# --- strengths, priorities and splits -----------------------------------------------------


def test_strengths_and_priorities_pick_the_next_step_before_distant_ones():
    # Managed basics half in place, leading practices absent, symptoms absent.
    answers = {1: 0.0, 2: 0.0, 3: 100.0, 4: 25.0, 5: 0.0, 6: 0.0, 7: 25.0, 8: 0.0, 9: 100.0}
    result = run([person(1, answers)])
    assert result.enablers["e"].level == MaturityLevel.IMMATURE
    strong = strengths(STATEMENTS, result.statements)
    assert [r.spec.id for r in strong] == [1, 2, 3]  # evidence 100 each, in content order
    first = priorities(STATEMENTS, result.statements, result.enablers)
    # Statements 5 and 4 are Managed (the next step for "e"), so they come before the
    # weaker Leading statements 6 and 8.
    assert [r.spec.id for r in first] == [5, 4, 6]


@settings(max_examples=200, deadline=None)
@given(responses, st.integers(min_value=1, max_value=6))
def test_rankings_are_short_ordered_and_drawn_from_what_was_rated(rs, limit):
    result = run(rs)
    rated = {sid for sid, r in result.statements.items() if r.evidence is not None}
    strong = strengths(STATEMENTS, result.statements, limit)
    weak = priorities(STATEMENTS, result.statements, result.enablers, limit)
    split = splits(STATEMENTS, result.statements, limit)
    for picked in (strong, weak, split):
        assert len(picked) <= limit
        assert {r.spec.id for r in picked} <= rated
        assert len({r.spec.id for r in picked}) == len(picked)
    assert len(strong) == min(limit, len(rated))
    evidence = [r.result.evidence or 0.0 for r in strong]  # rated: never None
    assert evidence == sorted(evidence, reverse=True)
    # Nothing stronger was left out of the strengths.
    left_out = [
        r.evidence or 0.0
        for sid, r in result.statements.items()
        if sid in rated - {p.spec.id for p in strong}
    ]
    assert all(e <= min(evidence) for e in left_out if evidence)
    assert all(not r.result.met for r in weak)
    assert all(r.result.split for r in split)
    spreads = [r.result.spread or 0.0 for r in split]  # split: never None
    assert spreads == sorted(spreads, reverse=True)


@settings(max_examples=200, deadline=None)
@given(responses)
def test_priorities_at_the_next_level_always_come_before_the_rest(rs):
    result = run(rs)
    weak = priorities(STATEMENTS, result.statements, result.enablers, limit=len(STATEMENTS))
    unmet = [r for r in result.statements.values() if r.evidence is not None and not r.met]
    assert len(weak) == len(unmet)

    def is_next(picked):
        return picked.spec.level == result.enablers[picked.spec.enabler].level + 1

    flags = [is_next(p) for p in weak]
    assert flags == sorted(flags, reverse=True)  # every next-level statement first
    for group in (True, False):
        evidence = [p.result.evidence or 0.0 for p in weak if is_next(p) == group]
        assert evidence == sorted(evidence)  # weakest first within each group
