"""Roadmap generation rules (pure code): examples and invariants."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.roadmaps.planner import (
    HORIZONS,
    LATER,
    LEADERSHIP_NOW_LIMIT,
    NEXT,
    NOW,
    NOW_LIMIT,
    ActionSpec,
    EnablerState,
    GapIn,
    GapTemplate,
    OnBoard,
    Planned,
    default_target,
    default_targets,
    plan,
)

ACTIONS = [
    ActionSpec("roles", "people", "immature-managed", "Write role descriptions", "S", (1,)),
    ActionSpec(
        "reporting",
        "people",
        "immature-managed",
        "Settle the reporting line",
        "M",
        (2,),
        ("roles",),
    ),
    ActionSpec("career", "people", "managed-leading", "Define a career path", "L", (3,)),
    ActionSpec("community", "people", "managed-leading", "Start a community", "S", (4,)),
    ActionSpec("charter", "purpose", "immature-managed", "Write a charter", "S", (5,)),
    ActionSpec("sponsor", "purpose", "immature-managed", "Name a sponsor", "S", (6,)),
    ActionSpec("goals", "purpose", "managed-leading", "Set outcome goals", "M", (7,)),
]
TEMPLATES = [
    GapTemplate("nobody", "Agree who owns {activity}", "S"),
    GapTemplate("disagree", "Talk through who leads {activity}", "S"),
]


def state(key, level, target=None, score=50.0):
    return EnablerState(
        key, key.title(), level, score, default_target(level) if target is None else target
    )


def horizon_of(items):
    return {p.key: p.horizon for p in items}


def test_default_target_is_one_level_up_except_at_leading():
    assert [default_target(level) for level in (0, 1, 2)] == [1, 2, 2]


def test_by_default_a_roadmap_lifts_the_two_enablers_with_most_to_gain():
    targets = default_targets(
        {"purpose": (0, 40.0), "people": (1, 30.0), "strategy": (0, 55.0), "data": (2, 10.0)}
    )
    # Lowest scores below Leading step up; the rest stay; Leading stays Leading.
    assert targets == {"purpose": 1, "people": 2, "strategy": 0, "data": 2}
    # An enabler without a score (not enough evidence) is not chosen before one with a score.
    assert default_targets({"a": (0, None), "b": (0, 90.0), "c": (0, 80.0)}) == {
        "a": 0,
        "b": 1,
        "c": 1,
    }


def test_nothing_to_do_when_every_target_is_met():
    assert (
        plan(
            enablers=[state("people", 2), state("purpose", 1, target=1)],
            actions=ACTIONS,
            split_statements={},
        )
        == []
    )


def test_first_step_goes_now_or_next_and_a_second_step_waits_for_later():
    items = plan(enablers=[state("people", 0, target=2)], actions=ACTIONS, split_statements={})
    h = horizon_of(items)
    assert h["roles"] == NOW  # small and unblocked
    assert h["reporting"] == NEXT  # needs roles first
    assert h["career"] == LATER
    assert h["community"] == LATER
    assert all(p.reason for p in items)
    assert (
        "Comes after “Write role descriptions”"
        in next(p for p in items if p.key == "reporting").reason
    )


def test_the_bigger_gap_goes_first():
    items = plan(
        enablers=[state("people", 0, score=40.0), state("purpose", 0, score=10.0)],
        actions=ACTIONS,
        split_statements={},
    )
    assert [p.key for p in items if p.horizon == NOW] == ["charter", "sponsor", "roles"]


def test_a_split_team_talks_before_it_fixes():
    items = plan(
        enablers=[state("purpose", 0)], actions=ACTIONS, split_statements={5: "We have a charter."}
    )
    h = horizon_of(items)
    assert h["align-statement-5"] == NOW
    assert h["charter"] == NEXT
    assert "align first" in next(p for p in items if p.key == "charter").reason


def test_actions_split_on_one_statement_share_one_conversation():
    """Two recommendations resting on the same split statement: one card to talk it
    through, and both actions wait for it."""
    shared = [
        ActionSpec("charter", "purpose", "immature-managed", "Write a charter", "S", (5,)),
        ActionSpec("sponsor", "purpose", "immature-managed", "Name a sponsor", "S", (5, 6)),
        ActionSpec("vision", "purpose", "immature-managed", "Share the vision", "S", (5, 6)),
    ]
    items = plan(
        enablers=[state("purpose", 0)],
        actions=shared,
        split_statements={5: "We have a charter.", 6: "A sponsor backs us."},
    )
    talks = [p.title for p in items if p.key.startswith("align-")]
    assert talks == [
        "Talk through why people answered differently on: “We have a charter.”",
        "Talk through why people answered differently on: “A sponsor backs us.”",
    ]
    h = horizon_of(items)
    assert h["charter"] == h["sponsor"] == h["vision"] == NEXT


def test_activity_gaps_become_actions_urgent_when_they_support_a_wanted_enabler():
    gaps = [
        GapIn(10, "Competitive research", "nobody", ("purpose",)),
        GapIn(11, "Pricing", "disagree", ("strategy",)),
    ]
    items = plan(
        enablers=[state("purpose", 0)],
        actions=ACTIONS,
        split_statements={},
        gaps=gaps,
        gap_templates=TEMPLATES,
    )
    by_key = {p.key: p for p in items}
    assert by_key["gap-nobody-10"].title == "Agree who owns competitive research"
    assert by_key["gap-nobody-10"].horizon == NOW
    assert by_key["gap-disagree-11"].horizon == NEXT


def test_gaps_of_one_kind_become_one_action_naming_their_activities():
    gaps = [
        GapIn(n, name, "nobody", ("purpose",))
        for n, name in enumerate(["Pricing", "Win/loss", "Launches", "Roadmapping", "Research"])
    ]
    gaps.append(GapIn(9, "Forecasting", "nobody", ("strategy",)))  # supports nothing wanted
    items = plan(
        enablers=[state("purpose", 0)],
        actions=ACTIONS,
        split_statements={},
        gaps=gaps,
        gap_templates=TEMPLATES,
    )
    gap_items = [p for p in items if p.key.startswith("gap-")]
    assert [(p.title, p.horizon) for p in gap_items] == [
        ("Agree who owns pricing, win/loss, launches and 2 more activities", NOW),
        ("Agree who owns forecasting", NEXT),
    ]


def test_now_never_holds_more_than_its_limit_gaps_and_conversations_included():
    gaps = [
        GapIn(10, "Research", "nobody", ("purpose",)),
        GapIn(11, "Pricing", "disagree", ("people",)),
    ]
    items = plan(
        enablers=[state("purpose", 0), state("people", 0)],
        actions=ACTIONS,
        split_statements={5: "We have a charter.", 1: "Roles are written."},
        gaps=gaps,
        gap_templates=TEMPLATES,
    )
    now = [p.key for p in items if p.horizon == NOW]
    assert len(now) == NOW_LIMIT
    # Conversations come first, then the urgent gaps; recommended actions fill what is left.
    assert set(now[:2]) == {"align-statement-5", "align-statement-1"}
    assert {"gap-nobody-10", "gap-disagree-11"} <= set(now)
    moved = [p for p in items if "Now is full" in p.reason]
    assert moved
    assert all(p.horizon != NOW for p in moved)
    assert not any("start now" in p.reason for p in moved)  # the reason says one thing


def test_leadership_decisions_are_planned_apart_and_leave_the_teams_now_alone():
    asks = [
        ActionSpec(f"ask{i}", "people", "immature-managed", f"Ask {i}", "S", leadership=True)
        for i in range(4)
    ]
    items = plan(
        enablers=[state("purpose", 0), state("people", 0)],
        actions=[*ACTIONS, *asks],
        split_statements={},
    )
    team_now = [p for p in items if p.horizon == NOW and not p.leadership]
    leadership_now = [p for p in items if p.horizon == NOW and p.leadership]
    assert [p.key for p in team_now] == [
        p.key
        for p in plan(
            enablers=[state("purpose", 0), state("people", 0)], actions=ACTIONS, split_statements={}
        )
        if p.horizon == NOW
    ]
    assert len(leadership_now) == LEADERSHIP_NOW_LIMIT
    assert {p.key for p in items if p.leadership} == {a.key for a in asks}


levels = st.integers(0, 2)
enabler_states = st.lists(
    st.tuples(st.sampled_from(["people", "purpose"]), levels, levels, st.floats(0, 100)),
    min_size=1,
    max_size=2,
    unique_by=lambda t: t[0],
)


gap_in = st.builds(
    GapIn,
    st.integers(1, 30),
    st.sampled_from(["Pricing", "Research", "Launches"]),
    st.sampled_from(["nobody", "disagree", "unknown"]),
    st.tuples(st.sampled_from(["people", "purpose", "strategy"])),
)
gap_lists = st.lists(gap_in, max_size=8, unique_by=lambda g: g.activity_id)


@settings(max_examples=200, deadline=None)
@given(enabler_states, st.sets(st.sampled_from([1, 2, 3, 4, 5, 6, 7])), gap_lists)
def test_invariants_of_any_plan(states, split, gaps):
    enablers = [
        EnablerState(k, k, level, score, max(level, target)) for k, level, target, score in states
    ]
    items = plan(
        enablers=enablers,
        actions=ACTIONS,
        split_statements={s: f"statement {s}" for s in split},
        gaps=gaps,
        gap_templates=TEMPLATES,
    )
    wanted = {e.key for e in enablers if e.target > e.level}
    keys = {p.key for p in items}
    specs = {a.key: a for a in ACTIONS}
    for p in items:
        assert p.horizon in HORIZONS
        assert p.reason
        if p.recommendation:
            assert specs[p.key].enabler in wanted  # only enablers below their target
            for required in specs[p.key].requires:
                if required in keys:
                    before = next(q for q in items if q.key == required)
                    assert (
                        HORIZONS.index(p.horizon) > HORIZONS.index(before.horizon)
                        or before.horizon == LATER
                    )
    # Everything the team does counts, gaps and conversations included.
    assert sum(1 for p in items if p.horizon == NOW and not p.leadership) <= NOW_LIMIT
    assert len(keys) == len(items)  # every item once
    gap_kinds = [p.key.split("-")[1] for p in items if p.key.startswith("gap-")]
    assert len(gap_kinds) <= 2 * len({g.gap for g in gaps if g.gap in ("nobody", "disagree")})
    assert all(p.effort != "L" for p in items if p.horizon == NOW)


shared_statements = st.lists(
    st.tuples(
        st.sampled_from(["people", "purpose"]),
        st.sampled_from(["S", "M", "L"]),
        st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True),
    ),
    min_size=1,
    max_size=8,
)


distinct_gaps = st.lists(
    gap_in, max_size=3, unique_by=(lambda g: g.activity_id, lambda g: g.activity_name)
)  # activities differ, by id and by name


@settings(max_examples=200, deadline=None)
@given(enabler_states, shared_statements, st.sets(st.integers(1, 4)), distinct_gaps)
def test_no_two_actions_on_a_board_are_the_same(states, specs, split, gaps):
    """Recommendations often rest on the same statements: whatever they share, a board
    never shows the same card twice."""
    actions = [
        ActionSpec(f"a{i}", enabler, "immature-managed", f"Action {i}", effort, tuple(on))
        for i, (enabler, effort, on) in enumerate(specs)
    ]
    enablers = [
        EnablerState(k, k, level, score, max(level, target)) for k, level, target, score in states
    ]
    items = plan(
        enablers=enablers,
        actions=actions,
        split_statements={s: f"statement {s}" for s in split},
        gaps=gaps,
        gap_templates=TEMPLATES,
    )
    titles = [p.title for p in items]
    assert len(titles) == len(set(titles)), titles
    talked = [p.title for p in items if p.key.startswith("align-")]
    by_key = {a.key: a for a in actions}
    on_board = [by_key[p.key] for p in items if p.recommendation]
    on_split = {s for a in on_board for s in a.statements if s in split}
    # Every action the team is split on has a conversation first; none is about the same
    # statement as another.
    assert bool(talked) == bool(on_split)
    assert len(talked) <= len(on_split)


def kept(items: list[Planned]) -> OnBoard:
    """What a board covers once the team has taken these cards on."""
    return OnBoard(
        recommendations=frozenset(p.recommendation for p in items if p.recommendation),
        statements=frozenset(p.statement for p in items if p.statement is not None),
        activities=frozenset(a for p in items for a in p.activities),
        titles=frozenset(p.title.casefold() for p in items),
    )


def repeated(board: list[Planned]) -> dict[str, list[object]]:
    """What two cards of one board share: a key, a title, a recommendation, a statement
    talked through or an activity."""
    found: dict[str, list[object]] = {}
    values: Sequence[object]
    for what, values in (
        ("key", [p.key for p in board]),
        ("title", [p.title.casefold() for p in board]),
        ("recommendation", [p.recommendation for p in board if p.recommendation]),
        ("statement", [p.statement for p in board if p.statement is not None]),
        ("activity", [a for p in board for a in p.activities]),
    ):
        twice: list[object] = sorted({v for v in values if values.count(v) > 1}, key=str)
        if twice:
            found[what] = twice
    return found


def test_a_regenerated_plan_leaves_out_what_the_board_keeps():
    """Gaps are grouped by how urgent they are, and that depends on the targets: with other
    targets, the activities a kept gap action covers are not proposed again, nor is a
    statement already talked through, a kept recommendation or a title already there."""
    gaps = [
        GapIn(10, "Pricing", "nobody", ("purpose",)),
        GapIn(11, "Research", "nobody", ("people",)),
        GapIn(12, "Launches", "nobody", ("strategy",)),
    ]
    split = {5: "We have a charter.", 1: "Roles are written."}
    first = plan(
        enablers=[state("purpose", 0), state("people", 0, target=0)],
        actions=ACTIONS,
        split_statements=split,
        gaps=gaps,
        gap_templates=TEMPLATES,
    )
    assert [p.activities for p in first if p.activities] == [(10,), (11, 12)]
    own = OnBoard(titles=frozenset({"write role descriptions"}))  # the team wrote this one
    board = kept(first)
    again = plan(
        enablers=[state("purpose", 0), state("people", 0)],
        actions=ACTIONS,
        split_statements=split,
        gaps=[*gaps, GapIn(13, "Forecasting", "nobody", ("people",))],
        gap_templates=TEMPLATES,
        on_board=OnBoard(
            board.recommendations, board.statements, board.activities, board.titles | own.titles
        ),
    )
    assert repeated([*first, *again]) == {}
    assert [p.activities for p in again if p.activities] == [(13,)]
    assert [p.statement for p in again if p.statement is not None] == [1]
    assert "roles" not in {p.key for p in again}  # its title is the team's own card
    assert {p.key for p in again} >= {"reporting", "align-statement-1", "gap-nobody-13"}


kept_shares = st.sets(st.integers(0, 40))


@settings(max_examples=200, deadline=None)
@given(
    enabler_states,
    st.lists(levels, min_size=2, max_size=2),
    shared_statements,
    st.sets(st.integers(1, 4)),
    distinct_gaps,
    kept_shares,
)
def test_planning_again_with_other_targets_repeats_nothing_the_team_kept(
    states, other_targets, specs, split, gaps, taken
):
    """A team takes on some of its plan, then plans again with other targets: the board
    (what it kept and the new plan) never shows one card twice."""
    actions = [
        ActionSpec(f"a{i}", enabler, "immature-managed", f"Action {i}", effort, tuple(on))
        for i, (enabler, effort, on) in enumerate(specs)
    ]
    statements = {s: f"statement {s}" for s in split}

    def planned(targets, on_board):
        return plan(
            enablers=[
                EnablerState(k, k, level, score, max(level, target))
                for (k, level, _, score), target in zip(states, targets, strict=False)
            ],
            actions=actions,
            split_statements=statements,
            gaps=gaps,
            gap_templates=TEMPLATES,
            on_board=on_board,
        )

    first = planned([target for _, _, target, _ in states], OnBoard())
    kept_cards = [p for i, p in enumerate(first) if i in taken]
    again = planned(other_targets, kept(kept_cards))
    assert repeated([*kept_cards, *again]) == {}
    assert repeated(again) == {}


def test_the_widest_persona_gap_of_a_third_or_more_becomes_one_action_next():
    from assessments.roadmaps.planner import PersonaGapIn

    gaps = [
        PersonaGapIn("mini-ceo", "Mini-CEO", now=0.1, needed=0.8),
        PersonaGapIn("master-facilitator", "Master facilitator", now=0.2, needed=0.6),
        PersonaGapIn("creator", "Creator", now=0.7, needed=0.1),
    ]
    items = plan(
        enablers=[state("people", 0)], actions=ACTIONS, split_statements={}, persona_gaps=gaps
    )
    personas = [p for p in items if p.key.startswith("persona-")]
    assert [(p.key, p.horizon) for p in personas] == [("persona-mini-ceo", NEXT)]
    assert "80% of the team say their roles need the Mini-CEO; 10%" in personas[0].reason
    assert "Mini-CEO" in personas[0].first_step
    small = [PersonaGapIn("creator", "Creator", now=0.5, needed=0.8)]  # under a third
    assert not [
        p
        for p in plan(enablers=[], actions=[], split_statements={}, persona_gaps=small)
        if p.key.startswith("persona-")
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.floats(min_value=0, max_value=1),
            st.floats(min_value=0, max_value=1),
        ),
        unique_by=lambda t: t[0],
        max_size=4,
    )
)
def test_at_most_one_persona_action_and_only_for_a_gap_of_a_third(rows):
    from assessments.roadmaps.planner import PERSONA_GAP, PersonaGapIn

    gaps = [PersonaGapIn(k, k.upper(), now, needed) for k, now, needed in rows]
    items = [
        p
        for p in plan(enablers=[], actions=[], split_statements={}, persona_gaps=gaps)
        if p.key.startswith("persona-")
    ]
    assert len(items) <= 1
    wide = [g for g in gaps if g.needed - g.now >= PERSONA_GAP - 1e-9]
    assert bool(items) == bool(wide)
    if items:
        widest = max(g.needed - g.now for g in wide)
        chosen = next(g for g in gaps if f"persona-{g.key}" == items[0].key)
        assert chosen.needed - chosen.now == widest
