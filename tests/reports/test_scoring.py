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
    next_moves,
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


def team(answers, size=3, start=1):
    """``size`` people giving the same answers."""
    return [person(start + i, answers) for i in range(size)]


def test_symptoms_are_reversed_and_dont_know_is_left_out():
    people = team({1: 100.0, 3: 75.0, 4: None}, 2) + team({1: 50.0, 3: 25.0, 4: None}, 1, 3)
    result = run(people)
    assert result.statements[1].evidence == (0 + 0 + 50) / 3  # agreeing with a symptom is bad
    assert result.statements[3].evidence == (75 + 75 + 25) / 3
    assert result.statements[4].evidence is None
    assert result.statements[4].dont_know == 3
    assert result.enablers["e"].score == (50 / 3 + 175 / 3) / 2  # statements 1 and 3 only
    assert result.enablers["e"].dont_know_rate == 3 / 9


def test_a_level_counts_only_when_its_statements_are_mostly_met():
    managed_only = {1: 0.0, 2: 25.0, 3: 75.0, 4: 100.0, 5: 25.0, 6: 100.0, 7: 0.0, 8: 0.0}
    assert run(team(managed_only)).enablers["e"].level == MaturityLevel.MANAGED
    leading = {**managed_only, 7: 75.0, 8: 75.0}
    assert run(team(leading)).enablers["e"].level == MaturityLevel.LEADING
    # Leading practice without the managed basics is still Immature: the rule is staged.
    no_basics = {**leading, 3: 0.0, 4: 0.0}
    assert run(team(no_basics)).enablers["e"].level == MaturityLevel.IMMATURE
    # Symptoms everywhere hold a team at Immature, however good its practices look.
    symptoms = {**leading, 1: 100.0, 2: 100.0}
    held = run(team(symptoms)).enablers["e"]
    assert (held.level, held.decided) == (MaturityLevel.IMMATURE, True)
    assert held.blocking == (1, 2)  # the warning signs are what stands in the way


def test_dont_know_never_lowers_the_bar():
    # Eight people: one rates one leading statement, seven answer "don't know" throughout.
    managed = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0}
    keen = person(1, {**managed, 6: 100.0, 7: None, 8: None})
    unsure = {6: None, 7: None, 8: None}
    rest = [person(i, {**managed, **unsure}) for i in range(2, 9)]
    result = run([keen, *rest]).enablers["e"]
    assert result.level == MaturityLevel.MANAGED  # not Leading on one person's word
    assert result.lacking == (6, 7, 8)
    # Warning signs everybody answers "don't know" are not absent: no level can be given.
    blind = run(team({1: None, 2: None, 3: 100.0, 4: 100.0, 5: 100.0}, 8)).enablers["e"]
    assert (blind.level, blind.decided, blind.level_name) == (
        MaturityLevel.IMMATURE,
        False,
        "Not enough evidence",
    )


def test_a_statement_needs_three_raters_unless_the_group_is_smaller():
    two_of_eight = [person(1, {3: 100.0}), person(2, {3: 100.0}), *team({3: None}, 6, 3)]
    assert not run(two_of_eight).statements[3].rated
    assert run(two_of_eight).statements[3].evidence is None
    # A group of two: both must rate it, and then it counts.
    assert run(team({3: 100.0}, 2)).statements[3].rated
    assert not run([person(1, {3: 100.0}), person(2, {3: None})]).statements[3].rated


def test_met_means_more_than_half_agree_not_a_high_average():
    # Two raters: "strongly agree" and "disagree" average 62.5 but are not a majority.
    pair = run([person(1, {3: 100.0}), person(2, {3: 25.0})]).statements[3]
    assert pair.evidence == 62.5
    assert not pair.met
    assert pair.split
    assert run([*team({3: 75.0}, 2), person(3, {3: 0.0})]).statements[3].met  # 2 of 3 agree
    # "Neither" is not support: three people in the middle do not make a practice.
    assert not run(team({3: 50.0})).statements[3].met


def test_splits_are_polarisation_at_both_ends():
    half = run([person(i, {3: s}) for i, s in enumerate([25.0] * 4 + [75.0] * 4)])
    assert half.statements[3].split  # the 50/50 case an average would call agreement
    assert (
        run([person(i, {3: s}) for i, s in enumerate([0.0, 0.0, 100.0, 100.0])]).statements[3].split
    )
    assert not run(team({3: 75.0}, 4)).statements[3].split
    one_outlier = [person(i, {3: s}) for i, s in enumerate([25.0] + [75.0] * 4)]
    assert not run(one_outlier).statements[3].split  # one in five is not a split
    assert not run(team({3: 50.0}, 2) + team({3: 100.0}, 2, 5)).statements[3].split


PRODUCT = frozenset({"product_manager", "product_owner", "product_marketing"})


def test_product_only_statements_count_only_product_roles():
    specs = [StatementSpec(1, "e", MaturityLevel.MANAGED, asked_of=PRODUCT)]
    pms = [ResponseIn(i, "product_manager", {1: 100.0}) for i in range(3)]
    engineers = [ResponseIn(10 + i, "engineer", {1: 0.0}) for i in range(5)]
    result = score(statements=specs, dials=[], activities=[], responses=pms + engineers)
    assert (result.statements[1].asked, result.statements[1].answered) == (3, 3)
    assert result.statements[1].evidence == 100.0


def test_each_audience_is_decided_on_its_own_raters_with_its_own_smallest_group():
    leadership, product = frozenset({"leadership"}), PRODUCT
    specs = [
        StatementSpec(1, "e", MaturityLevel.MANAGED, asked_of=leadership),
        StatementSpec(2, "e", MaturityLevel.MANAGED, asked_of=product | leadership),
        StatementSpec(3, "e", MaturityLevel.MANAGED),
    ]
    everything = {1: 100.0, 2: 0.0, 3: 50.0}
    people = [ResponseIn(1, "leadership", everything), ResponseIn(2, "leadership", everything)]
    people += [ResponseIn(3, "product_owner", everything), ResponseIn(4, "", everything)]
    people += [ResponseIn(5 + i, "engineer", {1: 0.0, 2: 100.0, 3: 50.0}) for i in range(4)]

    def run(min_group):
        found = score(
            statements=specs, dials=[], activities=[], responses=people, min_group=min_group
        )
        return {sid: (r.asked, r.answered, r.evidence) for sid, r in found.statements.items()}

    # Leadership's two leaders alone judge statement 1, and both are needed (fewer than three).
    assert run(1) == {1: (2, 2, 100.0), 2: (3, 3, 0.0), 3: (8, 8, 50.0)}
    # Under a smallest group of three, the two leaders show nothing; the three of product
    # people and leadership still do.
    assert run(3) == {1: (2, 0, None), 2: (3, 3, 0.0), 3: (8, 8, 50.0)}
    # One smallest group per audience, as a round's tree gives them; one not named never shows.
    assert run({leadership: 1})[1] == (2, 2, 100.0)
    assert run({leadership: 1})[2] == (3, 0, None)


@given(product_people=st.integers(0, 6), others=st.integers(0, 6), threshold=st.integers(1, 5))
def test_statements_for_product_people_rest_on_no_group_under_the_threshold(
    product_people, others, threshold
):
    """In an anonymous round, one product person alone never "rates" a statement for product
    people: under the threshold their answers are left out, "don't know" too."""
    specs = [StatementSpec(1, "e", MaturityLevel.MANAGED, asked_of=PRODUCT)]
    pms = [ResponseIn(i, "product_manager", {1: 0.0}) for i in range(product_people)]
    unsure = [ResponseIn(20, "product_owner", {1: None})] if product_people else []
    rest = [ResponseIn(10 + i, "engineer", {1: 100.0}) for i in range(others)]
    people = pms[1:] + unsure + rest if product_people else rest
    result = score(
        statements=specs, dials=[], activities=[], responses=people, min_group=threshold
    ).statements[1]
    asked = len(pms[1:] + unsure)
    assert result.asked == asked
    if asked >= threshold:
        assert (result.answered, result.dont_know) == (asked - 1, 1)
    else:
        assert (result.answered, result.dont_know) == (0, 0)
        assert not result.rated
        assert (result.evidence, result.spread) == (None, None)


def test_position_and_blocking_statements_explain_the_level():
    # Managed, with one of three leading practices in place: two more would make it Leading.
    answers = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0, 7: 50.0, 8: 25.0}
    result = run(team(answers, 4)).enablers["e"]
    assert result.level == MaturityLevel.MANAGED
    assert result.next_level == MaturityLevel.LEADING
    assert result.to_go == 1  # two thirds of three is two: one more
    assert set(result.blocking) == {7, 8}
    assert result.blocking[0] == 7  # nobody opposes 7 outright: it is closest
    assert 0 < result.progress < 1


def test_confidence_grows_with_raters_and_agreement():
    answers = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0}
    assert run(team(answers, 3)).enablers["e"].confidence == "low"
    assert run(team(answers, 4)).enablers["e"].confidence == "medium"
    assert run(team(answers, 8)).enablers["e"].confidence == "high"
    mixed = team(answers, 5) + team({1: 50.0, 2: 50.0, 3: 50.0, 4: 50.0, 5: 50.0}, 3, 10)
    assert run(mixed).enablers["e"].confidence == "medium"  # 5 of 8 give the same answer


def test_dials_weigh_their_statements_in_the_dials_direction():
    result = run(team({1: 100.0, 3: 100.0, 6: 50.0}))
    # symptom fully agreed (0 toward the right end, weight 3), statement 3 at 100 (weight 1),
    # statement 6 at 50 (weight 2): (0*3 + 100 + 100) / 6
    assert round(result.dials["role"].value, 3) == round(200 / 6, 3)
    assert result.dials["role"].zone == "red"
    assert run([]).dials["role"].value is None
    # A statement rated by too few people does not move the dial.
    thin = run([person(1, {1: 100.0, 3: 100.0, 6: 50.0}), *team({1: 0.0, 3: None, 6: 50.0}, 3, 2)])
    # The symptom (mean agreement 25, so 75 toward the right, weight 3) and statement 6 (50,
    # weight 2) count; statement 3, rated by one person of four, would have pulled it up.
    assert thin.dials["role"].value == (75 * 3 + 50 * 2) / 5
    # One rated statement of three is not enough to read a dial at all.
    one = run([person(1, {1: 100.0, 3: 100.0}), *team({1: 0.0, 3: None}, 3, 2)])
    assert (one.dials["role"].value, one.dials["role"].zone) == (None, "none")


def test_a_dial_zone_agrees_with_the_figure_shown():
    """Never "70 · amber zone (40 to 69)": the zone is read from the figure as printed."""
    from assessments.reports.scoring.instruments import _zone, shown

    assert (shown(69.5), shown(69.49), shown(39.5), shown(0.5)) == (70, 69, 40, 1)
    assert _zone(DIAL, 69.6) == "green"
    assert _zone(DIAL, 69.4) == "amber"
    assert _zone(DIAL, 39.5) == "amber"
    assert _zone(DIAL, 39.4) == "red"


def test_an_activity_needs_enough_answers_and_a_clear_leader():
    pm = ActivityAnswerIn("product-management", "product")
    dev = ActivityAnswerIn("development", "other")
    # Two known answers of five asked: too few to say who leads it.
    few = [person(i, {}, activities={1: ActivityAnswerIn("", "unknown")}) for i in range(5, 8)]
    thin = run([person(1, {}, activities={1: pm}), person(2, {}, activities={1: pm}), *few])
    assert (thin.activities[1].top_leader, thin.activities[1].agreement) == (None, None)
    # A tie is "no clear leader", never the first name in the alphabet, and it is a gap.
    tie = [person(i, {}, activities={1: a}) for i, a in enumerate([pm, dev, pm, dev])]
    result = run(tie).activities[1]
    assert result.top_leader is None
    assert "disagree" in result.gaps
    clear = run([*tie, person(9, {}, activities={1: dev})]).activities[1]
    assert (clear.top_leader, clear.top_kind) == ("development", "other")


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


def test_product_leading_supporting_work_is_flagged_and_dedicated_teams_are_not():
    research = ActivitySpec(3, "market-research", "strategic", "owns-unless-dedicated")
    support = ActivitySpec(4, "support", "inbound", "supports")
    owner = ActivityAnswerIn("product-owner", "product")
    marketing = ActivityAnswerIn("marketing", "other")
    people = [person(i, {}, activities={3: marketing, 4: owner}) for i in range(3)]
    result = score(statements=[], dials=[], activities=[research, support], responses=people)
    assert result.activities[3].gaps == ()  # a dedicated team leading it is as recommended
    assert result.activities[4].gaps == ("product-leads",)  # the firefighting sign


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
        assert enabler.confidence in {"high", "medium", "low"}
        assert enabler.decided or enabler.confidence == "low"
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
    assert (after.score is None) == (before.score is None)  # who rated what is unchanged
    assert after.score is None or after.score >= before.score - 1e-9
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


# --- strengths, next moves and splits -------------------------------------------------------


def test_strengths_are_practices_in_place_and_next_moves_come_from_blocking_statements():
    # Managed basics one short, leading practices absent, symptoms absent.
    answers = {1: 0.0, 2: 0.0, 3: 100.0, 4: 25.0, 5: 50.0, 6: 0.0, 7: 25.0, 8: 0.0, 9: 100.0}
    result = run(team(answers))
    assert result.enablers["e"].level == MaturityLevel.IMMATURE
    strong = strengths(STATEMENTS, result.statements)
    assert [r.spec.id for r in strong] == [1, 2, 3]  # evidence 100 each, in content order
    moves = next_moves(STATEMENTS, result.statements, result.enablers)
    # "e" is one statement from Managed: its blockers are 5 (neither) then 4 (disagree).
    assert [(m.spec.id, m.completes) for m in moves] == [(5, True), (4, True)]
    assert all(m.spec.level == MaturityLevel.MANAGED for m in moves)


def test_next_moves_take_turns_across_enablers_nearest_first():
    far = {3: 0.0, 4: 0.0, 5: 0.0, 1: 0.0, 2: 0.0}  # "e": two managed practices to go
    near = {9: 25.0}  # "f": its only managed practice is one step away
    moves = next_moves(
        STATEMENTS, run(team({**far, **near})).statements, run(team({**far, **near})).enablers
    )
    assert [m.spec.id for m in moves] == [9, 3, 4]


@settings(max_examples=200, deadline=None)
@given(responses, st.integers(min_value=1, max_value=6))
def test_rankings_are_short_ordered_and_drawn_from_what_was_rated(rs, limit):
    result = run(rs)
    rated = {sid for sid, r in result.statements.items() if r.evidence is not None}
    strong = strengths(STATEMENTS, result.statements, limit)
    split = splits(STATEMENTS, result.statements, limit)
    moves = next_moves(STATEMENTS, result.statements, result.enablers, limit)
    for picked in (strong, split, moves):
        assert len(picked) <= limit
        assert {r.spec.id for r in picked} <= rated
        assert len({r.spec.id for r in picked}) == len(picked)
    evidence = [r.result.evidence or 0.0 for r in strong]  # rated: never None
    assert evidence == sorted(evidence, reverse=True)
    assert all(r.result.met for r in strong)
    assert all(r.result.split for r in split)
    for move in moves:
        # Every move is unmet, blocks a decided enabler's next level, and is one of its steps.
        assert not move.result.met
        assert move.enabler.decided
        assert move.spec.id in move.enabler.blocking
        assert move.spec.level in (move.enabler.level, move.enabler.level + 1)


@settings(max_examples=200, deadline=None)
@given(responses)
def test_level_and_position_never_contradict(rs):
    for enabler in run(rs).enablers.values():
        assert 0 <= enabler.progress <= 1
        if enabler.level == MaturityLevel.LEADING:
            assert enabler.to_go == 0
            assert enabler.blocking == ()
            assert enabler.decided
        elif not enabler.decided:
            assert enabler.lacking  # "not enough evidence" always says where it is missing
        elif enabler.by_level[enabler.level + 1].total:
            # Below Leading something always stands in the way, and it is named.
            assert enabler.to_go >= 1
            assert len(enabler.blocking) >= enabler.to_go
        assert set(enabler.lacking).isdisjoint(
            {sid for sid in enabler.blocking if run(rs).statements[sid].rated}
        )


@settings(max_examples=200, deadline=None)
@given(responses, st.integers(min_value=1, max_value=8))
def test_people_who_only_answer_dont_know_never_raise_a_level(rs, extra):
    unsure = {s.id: None for s in STATEMENTS}
    more = rs + [person(50_000 + i, unsure) for i in range(extra)]
    before, after = run(rs), run(more)
    for key, enabler in after.enablers.items():
        assert enabler.level <= before.enablers[key].level
