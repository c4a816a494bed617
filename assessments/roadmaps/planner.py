"""From the gap between today's level and the target to a prioritised roadmap. Pure code.

The rules, as a team would have them explained:

* An enabler below its target needs one step per level: the actions of the first step
  it needs are candidates for *Now* and *Next*; those of a second step wait in *Later*.
* Within a step, actions are ordered by the size of the gap (how far the enabler's
  score is from the target), then by effort (small first, so a team can start on Monday).
* An action whose prerequisite is still ahead of it moves one horizon after it.
* An action that would move a statement the team is split on starts with a conversation:
  an "align first" item goes into *Now*, and the action itself into *Next*.
* Activity gaps (nobody leads, the wrong function leads, people disagree) get one action
  per kind of gap, naming its activities: *Now* for those that support an enabler the team
  wants to improve, otherwise *Next*.
* Nothing is planned twice: one card per recommendation, per split statement and per
  activity. When a board is planned again, what the team has kept from earlier plans (see
  ``OnBoard``) is left out, and so is a card whose title is already on the board.
* *Now* holds at most ``NOW_LIMIT`` items in all, so the first weeks stay realistic:
  conversations first, then urgent activity gaps, then the recommended actions; the rest
  start *Next*.
* Actions only leadership can take (settling where product management reports, funding
  training) are planned the same way but listed apart, *for leadership*: they do not take
  the team's places in *Now*, and at most ``LEADERSHIP_NOW_LIMIT`` of them are asked for now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from frameworks.levels import MaturityLevel

NOW, NEXT, LATER = "now", "next", "later"
HORIZONS = (NOW, NEXT, LATER)
NOW_LIMIT = 4
LEADERSHIP_NOW_LIMIT = 2
EFFORT_ORDER = {"S": 0, "M": 1, "L": 2}
SMALL_ENOUGH = " Small enough to start now."


@dataclass(frozen=True)
class ActionSpec:
    key: str
    enabler: str
    step: str  # immature-managed or managed-leading
    title: str
    effort: str  # S, M, L
    statements: tuple[int, ...] = ()
    requires: tuple[str, ...] = ()
    leadership: bool = False  # only leadership can take it


@dataclass(frozen=True)
class EnablerState:
    key: str
    name: str
    level: int  # 0, 1, 2
    score: float | None
    target: int


@dataclass(frozen=True)
class GapIn:
    activity_id: int
    activity_name: str
    gap: str  # nobody, led-elsewhere, disagree, unknown
    supports: tuple[str, ...] = ()  # enabler keys that rely on the activity


@dataclass(frozen=True)
class GapTemplate:
    gap: str
    title: str  # with {activity}
    effort: str
    first_step: str = ""  # with {activity}


@dataclass(frozen=True)
class OnBoard:
    """What the cards a team keeps on its board already cover: a new plan leaves it out."""

    recommendations: frozenset[str] = frozenset()  # recommendation keys
    statements: frozenset[int] = frozenset()  # statements already talked through
    activities: frozenset[int] = frozenset()  # activities whose gap has its action
    titles: frozenset[str] = frozenset()  # casefolded, the team's own cards' included


@dataclass
class Planned:
    key: str
    title: str
    horizon: str
    reason: str
    effort: str
    enabler: str = ""
    recommendation: str = ""  # action key, empty for generated items
    activities: tuple[int, ...] = ()  # the activities an activity-gap action covers
    statement: int | None = None  # the split statement a conversation is about
    waiting: str = ""  # a conversation: the key of the action that waits for it
    leadership: bool = False
    first_step: str = ""  # for generated items; a recommendation brings its own
    rank: tuple[object, ...] = field(default=(), repr=False)


def _gap_size(state: EnablerState) -> float:
    # Levels still to climb, then how far the score is from the top of the scale.
    return (state.target - state.level) * 100 + (100 - (state.score or 0))


def _candidate(state: EnablerState, action: ActionSpec) -> tuple[str, str] | None:
    """(horizon, reason) for an action of an enabler below its target, None if not needed."""
    level = MaturityLevel(state.level)
    if action.step == level.step_up:
        return NEXT, (
            f"{state.name} is {level.label}, target "
            f"{MaturityLevel(state.target).label}: this is part of the next step."
        )
    if state.target == MaturityLevel.LEADING and action.step == MaturityLevel.MANAGED.step_up:
        return LATER, f"{state.name} needs the Managed basics before this Leading practice."
    return None


def _candidates(
    enablers: Sequence[EnablerState], actions: Sequence[ActionSpec]
) -> dict[str, Planned]:
    by_key = {e.key: e for e in enablers}
    planned: dict[str, Planned] = {}
    for action in actions:
        state = by_key.get(action.enabler)
        if state is None or state.target <= state.level:
            continue
        placed = _candidate(state, action)
        if placed is None:
            continue
        horizon, reason = placed
        planned[action.key] = Planned(
            key=action.key,
            title=action.title,
            horizon=horizon,
            reason=reason,
            effort=action.effort,
            enabler=action.enabler,
            recommendation=action.key,
            leadership=action.leadership,
            rank=(-_gap_size(state), EFFORT_ORDER.get(action.effort, 1), action.key),
        )
    return planned


def _fill_now(planned: dict[str, Planned], specs: dict[str, ActionSpec]) -> None:
    """Small, unblocked actions of the biggest gaps come first: they fill "Now" (the team's
    and leadership's places are counted apart)."""
    now = {False: 0, True: 0}
    limit = {False: NOW_LIMIT, True: LEADERSHIP_NOW_LIMIT}
    for item in sorted(planned.values(), key=lambda p: p.rank):
        spec = specs[item.key]
        blocked = [r for r in spec.requires if r in planned]
        room = now[item.leadership] < limit[item.leadership]
        if item.horizon == NEXT and not blocked and room and spec.effort != "L":
            item.horizon = NOW
            item.reason += SMALL_ENOUGH
            now[item.leadership] += 1


def _align_first(
    planned: dict[str, Planned],
    specs: dict[str, ActionSpec],
    split_statements: dict[int, str],
    talked: frozenset[int],
) -> list[Planned]:
    """Disagreement: align first, fix second. Returns the conversations to have now: one per
    split statement, however many actions it bears on (each waits for it), and none about a
    statement the board already has a conversation about (`talked`)."""
    conversations = []
    talked_about = set(talked)
    for item in planned.values():
        split = [s for s in specs[item.key].statements if s in split_statements]
        if not split:
            continue
        if item.horizon == NOW and not item.leadership:
            item.horizon = NEXT
            item.reason = "The team is split on what this would change: align first, then act."
        fresh = [s for s in split if s not in talked_about]
        if not fresh:
            continue  # another conversation is about the same statement
        talked_about.add(fresh[0])
        conversations.append(
            Planned(
                key=f"align-statement-{fresh[0]}",  # one per statement, whatever bears on it
                title=(
                    "Talk through why people answered differently on: "
                    f"“{split_statements[fresh[0]]}”"
                )[:200],
                horizon=NOW,
                reason="Answers were split; a shared view comes before a fix.",
                effort="S",
                enabler=item.enabler,
                statement=fresh[0],
                waiting=item.key,
                rank=(-1e9, 0, item.key),
            )
        )
    return conversations


def _after_prerequisites(planned: dict[str, Planned], specs: dict[str, ActionSpec]) -> None:
    """An action never sits before, or beside, what it builds on."""
    changed = True
    while changed:
        changed = False
        for item in planned.values():
            for required in specs[item.key].requires:
                before = planned.get(required)
                if before is None or before.horizon == LATER:
                    continue
                if HORIZONS.index(item.horizon) <= HORIZONS.index(before.horizon):
                    item.horizon = HORIZONS[HORIZONS.index(before.horizon) + 1]
                    changed = True
                if not item.reason.startswith("Comes after"):
                    item.reason = f"Comes after “{before.title}”, which it builds on."


def _names(names: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"; past four, the first three and how many more."""
    if len(names) > 4:
        return f"{', '.join(names[:3])} and {len(names) - 3} more activities"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _gap_items(
    enablers: Sequence[EnablerState],
    gaps: Sequence[GapIn],
    gap_templates: Sequence[GapTemplate],
    covered: frozenset[int],
) -> list[Planned]:
    """One action per kind of activity gap, naming its activities: now when one of them
    supports an enabler to improve (those are grouped apart from the rest). An activity
    the board already has an action for (`covered`) is left out."""
    templates = {t.gap: t for t in gap_templates}
    wanted = {e.key for e in enablers if e.target > e.level}
    groups: dict[tuple[str, bool], list[GapIn]] = {}
    for gap in sorted(gaps, key=lambda g: g.activity_id):
        if gap.gap in templates and gap.activity_id not in covered:
            urgent = bool(wanted.intersection(gap.supports))
            groups.setdefault((gap.gap, urgent), []).append(gap)
    items = []
    for (kind, urgent), group in groups.items():
        template = templates[kind]
        names = [g.activity_name.lower() for g in group]
        first = group[0].activity_id
        items.append(
            Planned(
                key=f"gap-{kind}-{first}" + (f"-and-{len(group) - 1}" if len(group) > 1 else ""),
                title=template.title.replace("{activity}", _names(names))[:200],
                horizon=NOW if urgent else NEXT,
                reason=(
                    f"{_names([g.activity_name for g in group])} support"
                    f"{'s' if len(group) == 1 else ''} an enabler you want to improve."
                    if urgent
                    else f"A gap in who does {_names(names)}."
                ),
                effort=template.effort,
                activities=tuple(g.activity_id for g in group),
                first_step=template.first_step.replace("{activity}", _names(names)),
                rank=(-5e8 if urgent else 0, EFFORT_ORDER.get(template.effort, 1), first),
            )
        )
    return items


def _cap_now(items: list[Planned]) -> None:
    """Now holds NOW_LIMIT items in all: conversations first, then urgent activity gaps,
    then recommended actions; the rest start next (an action whose conversation moved
    waits until after it)."""
    in_now = sorted(
        (p for p in items if p.horizon == NOW and not p.leadership), key=lambda p: p.rank
    )
    by_key = {p.key: p for p in items}
    for item in in_now[NOW_LIMIT:]:
        item.horizon = NEXT
        item.reason = item.reason.replace(SMALL_ENOUGH, "") + " Now is full, so this starts next."
        waiting = by_key.get(item.waiting)
        if waiting is not None and waiting.horizon == NEXT:
            waiting.horizon = LATER


@dataclass(frozen=True)
class PersonaGapIn:
    """A persona: the share of the team living it today, and the share saying roles need it."""

    key: str
    name: str
    now: float
    needed: float


# A persona's gap becomes an action when at least a third more of the team say their roles
# need it than live it today; only the widest one, so the board stays about the work.
PERSONA_GAP = 1 / 3


def _persona_items(gaps: Sequence[PersonaGapIn]) -> list[Planned]:
    wide = sorted(
        (g for g in gaps if g.needed - g.now >= PERSONA_GAP - 1e-9),
        key=lambda g: (-(g.needed - g.now), g.key),
    )
    return [
        Planned(
            key=f"persona-{g.key}",
            title=f"Make room for the {g.name} in how the team works"[:200],
            horizon=NEXT,
            reason=(
                f"{round(100 * g.needed)}% of the team say their roles need the {g.name}; "
                f"{round(100 * g.now)}% spend their time that way today."
            ),
            effort="M",
            first_step=(
                f"In this week's team meeting, list last month's work that kept people from "
                f"being the {g.name}, and agree one thing to stop or hand over."
            ),
            rank=(1, EFFORT_ORDER["M"], 0),  # after the gaps of the same horizon
        )
        for g in wide[:1]
    ]


def plan(
    *,
    enablers: Sequence[EnablerState],
    actions: Sequence[ActionSpec],
    split_statements: dict[int, str],  # statement id → its text, where the team is split
    gaps: Sequence[GapIn] = (),
    gap_templates: Sequence[GapTemplate] = (),
    persona_gaps: Sequence[PersonaGapIn] = (),
    on_board: OnBoard = OnBoard(),
) -> list[Planned]:
    """The cards to put on the board beside those it keeps (`on_board`), soonest first."""
    planned = _candidates(enablers, actions)
    specs = {a.key: a for a in actions}
    _fill_now(planned, specs)
    conversations = _align_first(planned, specs, split_statements, on_board.statements)
    result = [
        *planned.values(),
        *conversations,
        *_gap_items(enablers, gaps, gap_templates, on_board.activities),
        *_persona_items(persona_gaps),
    ]
    _cap_now(result)
    _after_prerequisites(planned, specs)  # last: it only ever moves actions later
    horizon_order = {h: i for i, h in enumerate(HORIZONS)}
    return _new_cards(sorted(result, key=lambda p: (horizon_order[p.horizon], p.rank)), on_board)


def _new_cards(items: list[Planned], on_board: OnBoard) -> list[Planned]:
    """Leave out a recommendation the board keeps (it was planned with the rest, so what
    builds on it still comes after it) and a card whose title is on the board already."""
    titles = set(on_board.titles)
    fresh = []
    for item in items:
        title = item.title.casefold()
        if item.recommendation in on_board.recommendations or title in titles:
            continue
        titles.add(title)
        fresh.append(item)
    return fresh


def default_target(level: int) -> MaturityLevel:
    """One level up, where not already Leading."""
    return MaturityLevel(min(level + 1, MaturityLevel.LEADING))


# How many enablers a roadmap aims to lift unless the team chooses more.
FOCUS = 2


def default_targets(states: dict[str, tuple[int, float | None]]) -> dict[str, MaturityLevel]:
    """Enabler key → (level, score) to the targets a team starts from: one level up for the
    FOCUS enablers with most to gain (the lowest scores below Leading), the rest where they
    are. A team can raise any of them; a short list is one it can act on."""
    below = [k for k, (level, _) in states.items() if level < MaturityLevel.LEADING]
    by_gain = sorted(below, key=lambda k: (states[k][1] is None, states[k][1] or 0.0, k))
    focus = set(by_gain[:FOCUS])
    return {
        key: default_target(level) if key in focus else MaturityLevel(level)
        for key, (level, _) in states.items()
    }
