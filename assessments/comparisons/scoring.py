"""The rules that compare groups and rounds. Pure code: plain data in, plain data out, no ORM.

In the words a head of product would use:

* A group's cell (a department's or a team's result on one enabler) is shown only when the
  group is at least the round's anonymity threshold; otherwise it is blank, and says why.
* A change between two rounds is *within noise* when it is no larger than the change that
  chance alone could make, given how many people rated and how far they disagreed (Welch's
  t, see ``reports.scoring.noise``; when the same people answered both rounds through
  personal links, the partially-overlapping t that accounts for them), and never less than
  ``MIN_MARGIN`` points. A page
  judges every change it shows as one family (``judge``, Holm's method), so that with
  nothing real, at most ``FAMILY_ERROR`` of pages call anything real. A change we cannot
  size (a single rater, a score missing) is never called real.
* Only like is compared with like (``like_for_like``): a group is a trend only when both
  rounds covered the same teams in it; a pilot of one department is not the organisation.
* Rounds on different framework versions are compared on the statements they share,
  matched by their stable keys: an enabler's comparable score is the mean evidence of its
  shared, rated statements.
* Where to invest: the enablers where the largest share of teams sits below the target
  they set, then those where evidence is thinnest, then the lowest median score.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from assessments.reports.scoring import StatementResult, noise

# The rule's numbers, as comparisons apply them (owned by reports, which explains them).
from assessments.reports.scoring.noise import FAMILY_ERROR as FAMILY_ERROR
from assessments.reports.scoring.noise import MIN_MARGIN as MIN_MARGIN
from assessments.reports.scoring.noise import Noise
from assessments.reports.scoring.pairs import Paired
from assessments.rounds.anonymity import shows_group
from frameworks.levels import MaturityLevel

LEADS_SHARE = 0.5  # product management leads an activity in a group when most say so


class EnablerLike(Protocol):
    """An enabler's result as comparisons read it: in full, or summarised by the store."""

    @property
    def score(self) -> float | None: ...
    @property
    def position(self) -> int | None: ...
    @property
    def level(self) -> MaturityLevel: ...
    @property
    def decided(self) -> bool: ...
    @property
    def raters(self) -> int: ...
    @property
    def spread(self) -> float | None: ...
    @property
    def person_spread(self) -> float | None: ...
    @property
    def people(self) -> int: ...
    @property
    def confidence(self) -> str: ...
    @property
    def level_key(self) -> str: ...
    @property
    def level_name(self) -> str: ...


# --- one group's result on one enabler ------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What a heatmap shows for one group on one enabler."""

    shown: bool
    level_key: str  # immature, managed, leading, undecided; "hidden" when not shown
    level_name: str
    score: float | None  # mean agreement, 0–100: shown apart from the level, and named so
    people: int  # submitted responses in the group
    raters: int  # typical number of people who rated each statement
    confidence: str  # high, medium, low
    hidden_why: str = ""
    position: int | None = None  # the maturity score beside the level; None without a level


PROTECTS_OTHERS = "hidden so that a smaller group beside it cannot be worked out by subtraction"


def cell(
    result: EnablerLike | None, people: int, threshold: int, *, disclosed: bool = True
) -> Cell:
    """A group's cell: blank (and why) when the group is too small to show, when showing it
    would give a smaller group beside it away (not ``disclosed``), or when it has no result."""
    if people <= 0:
        return Cell(False, "hidden", "No responses", None, 0, 0, "low", "no responses yet")
    if not shows_group(people, threshold):
        why = f"fewer than {threshold} people, hidden to protect anonymity"
        return Cell(False, "hidden", "Hidden", None, people, 0, "low", why)
    if not disclosed:
        return Cell(False, "hidden", "Hidden", None, people, 0, "low", PROTECTS_OTHERS)
    if result is None:
        return Cell(False, "hidden", "Not asked", None, people, 0, "low", "not asked")
    return Cell(
        True,
        result.level_key,
        result.level_name,
        result.score,
        people,
        result.raters,
        result.confidence,
        position=result.position,
    )


# --- is a change real? --------------------------------------------------------------------


def change_noise(
    before: tuple[float | None, int],
    after: tuple[float | None, int],
    paired: Paired | None = None,
) -> Noise | None:
    """How much chance alone moves the difference between two scores. Each side is (sample
    spread of people's scores, people); ``paired``: the people on both sides, and how their
    scores correlate (Welch's when None). None when either side cannot be sized."""
    if paired is None:
        return noise.welch(before, after)
    return noise.overlapping(before, after, paired.pairs, paired.correlation)


def change_margin(
    before: tuple[float | None, int], after: tuple[float | None, int]
) -> float | None:
    """How large a change (in points) chance alone could make between two scores, for a
    change seen on its own. None when either side cannot be sized."""
    return noise.single_margin(change_noise(before, after))


@dataclass(frozen=True)
class Change:
    before: float | None
    after: float | None
    margin: float | None  # None: the change cannot be sized
    level_before: MaturityLevel | None = None  # None: no level decided
    level_after: MaturityLevel | None = None
    noise: Noise | None = None  # what sized the margin, so a page can judge it with others

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def within_noise(self) -> bool:
        """True unless the change is larger than chance alone could make."""
        delta = self.delta
        return delta is None or self.margin is None or abs(delta) <= self.margin + 1e-9

    @property
    def direction(self) -> str:
        """up, down, steady (within noise) or unknown (nothing to compare)."""
        delta = self.delta
        if delta is None:
            return "unknown"
        if self.within_noise:
            return "steady"
        return "up" if delta > 0 else "down"

    @property
    def level_step(self) -> int | None:
        """Levels gained (+) or lost (−); None when either round has no level."""
        if self.level_before is None or self.level_after is None:
            return None
        return int(self.level_after) - int(self.level_before)

    @property
    def level_words(self) -> str:
        """The levels, told with the change's verdict: "Immature → Managed" only for a change
        beyond noise; within noise the level is not said to have moved ("Managed now,
        Immature before: not beyond noise"); "" when the level is the same or unknown."""
        step = self.level_step
        if not step or self.level_before is None or self.level_after is None:
            return ""
        before, after = self.level_before.label, self.level_after.label
        if self.direction in ("up", "down"):
            return f"{before} → {after}"
        return f"{after} now, {before} before: not beyond noise"

    @property
    def words(self) -> str:
        """The change in plain words: "up 12 points", "within noise (±9)"."""
        delta = self.delta
        if delta is None:
            return "nothing to compare"
        shown = f"{round(delta) or 0:+d}"  # never "-0"
        if self.margin is None:
            return f"{shown} points, too few raters to tell"
        if self.within_noise:
            return f"{shown}, within noise (±{self.margin:.0f})"
        return f"{'up' if delta > 0 else 'down'} {abs(delta):.0f} points"


def level_of(result: EnablerLike | None) -> MaturityLevel | None:
    return result.level if result is not None and result.decided else None


def enabler_change(
    before: EnablerLike | None,
    after: EnablerLike | None,
    *,
    scores: tuple[float | None, float | None] | None = None,
    paired: Paired | None = None,
) -> Change:
    """The change in one enabler between two rounds (scores on shared statements if given;
    ``paired``: the people who rated it in both, sized from people's own scores only)."""
    b = before.score if before is not None else None
    a = after.score if after is not None else None
    if scores is not None:
        b, a = scores
    sized = None
    if before is not None and after is not None:
        known = before.people > 0 and after.people > 0  # pairs go with people's own scores
        sized = change_noise(_noise_of(before), _noise_of(after), paired if known else None)
    return Change(b, a, noise.single_margin(sized), level_of(before), level_of(after), sized)


def _noise_of(result: EnablerLike) -> tuple[float | None, int]:
    """How far people differ on an enabler, and how many they are: each person's mean over
    its statements where known (stored results before it was kept fall back to the spread of
    single ratings, which only overstates the noise)."""
    if result.people:
        return result.person_spread, result.people
    return result.spread, result.raters


def statement_change(before: StatementResult, after: StatementResult) -> Change:
    """A statement's change in evidence, sized by its own raters and spread (kept over n,
    turned into the sample spread a test needs)."""
    sized = noise.ratings_noise((before.spread, before.answered), (after.spread, after.answered))
    return Change(before.evidence, after.evidence, noise.single_margin(sized), noise=sized)


def judge(changes: Sequence[Change | None]) -> list[Change | None]:
    """The changes a page shows, judged together as one family (Holm): each margin widened
    so that, with nothing real, the page calls any of them real at most ``FAMILY_ERROR`` of
    the time. A change that cannot be sized stays as it is (never real) and is not counted."""
    tests = [
        (c.delta, c.noise) if c is not None and c.delta is not None and c.noise else None
        for c in changes
    ]
    margins = noise.family_margins(tests)
    return [
        c
        if c is None or test is None
        else Change(c.before, c.after, margin, c.level_before, c.level_after, c.noise)
        for c, test, margin in zip(changes, tests, margins, strict=True)
    ]


def statement_changes(
    before: Mapping[str, StatementResult], after: Mapping[str, StatementResult]
) -> dict[str, Change]:
    """Every shared statement's change, each sized on its own (judge them with the page)."""
    shared = sorted(before.keys() & after.keys())  # in key order: the same page every time
    return {key: statement_change(before[key], after[key]) for key in shared}


def shared_score(statements: Mapping[str, StatementResult], keys: Iterable[str]) -> float | None:
    """Mean evidence of the given statements (by key) that were rated: a comparable score."""
    values = [
        statements[k].evidence
        for k in keys
        if k in statements and statements[k].evidence is not None
    ]
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


@dataclass(frozen=True)
class Moved:
    key: str
    change: Change


def moved_most(
    before: Mapping[str, StatementResult],
    after: Mapping[str, StatementResult],
    limit: int = 5,
) -> list[Moved]:
    """The shared statements whose evidence changed most beyond noise, largest first, judged
    together as one family."""
    changes = statement_changes(before, after)
    judged = judge(list(changes.values()))
    return largest_moves({k: c for k, c in zip(changes, judged, strict=True) if c}, limit)


def largest_moves(changes: Mapping[str, Change], limit: int = 5) -> list[Moved]:
    """Of changes already judged, those beyond noise, largest first."""
    moved = [
        Moved(key, change)
        for key, change in changes.items()
        if change.delta is not None and not change.within_noise
    ]
    moved.sort(key=lambda m: (-abs(m.change.delta or 0), m.key))
    return moved[:limit]


# --- how teams spread on one enabler ----------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    count: int
    low: float
    q1: float
    median: float
    q3: float
    high: float


def distribution(values: Iterable[float | None]) -> Distribution | None:
    """Five numbers that describe how the groups' scores spread; None with no score."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    if len(known) == 1:
        v = known[0]
        return Distribution(1, v, v, v, v, v)
    q1, median, q3 = statistics.quantiles(known, n=4, method="inclusive")
    return Distribution(len(known), known[0], q1, median, q3, known[-1])


# --- who leads the activities -------------------------------------------------------------------


def product_share(leaders: Sequence[tuple[str, int]], kinds: Mapping[str, str]) -> float | None:
    """Share of the known answers that name a product-management function as the leader."""
    total = sum(n for _, n in leaders)
    if total == 0:
        return None
    return sum(n for key, n in leaders if kinds.get(key) == "product") / total


# --- who disagrees --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleGap:
    enabler: str
    high_role: str
    high: float
    low_role: str
    low: float

    @property
    def gap(self) -> float:
        return self.high - self.low


def widest_role_gap(
    roles: Mapping[str, Mapping[str, EnablerLike]],
    sizes: Mapping[str, int],
    threshold: int,
) -> RoleGap | None:
    """The enabler on which two roles (each large enough to show) see things most differently."""
    shown = {
        role: results
        for role, results in roles.items()
        if shows_group(sizes.get(role, 0), threshold)
    }
    best: RoleGap | None = None
    enablers = sorted({key for results in shown.values() for key in results})
    for enabler in enablers:
        scored = sorted(
            (results[enabler].score, role)
            for role, results in shown.items()
            if enabler in results and results[enabler].score is not None
        )
        if len(scored) < 2:
            continue
        (low, low_role), (high, high_role) = scored[0], scored[-1]
        assert low is not None
        assert high is not None
        gap = RoleGap(enabler, high_role, high, low_role, low)
        if best is None or gap.gap > best.gap + 1e-9:
            best = gap
    return best


# --- where to invest -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Investment:
    enabler: str
    teams: int  # teams shown on this enabler
    with_target: int
    below_target: int
    thin: int  # teams shown whose level is undecided or of low confidence
    median: float | None

    @property
    def below_share(self) -> float:
        return self.below_target / self.with_target if self.with_target else 0.0

    @property
    def thin_share(self) -> float:
        return self.thin / self.teams if self.teams else 0.0


def investment(
    enabler: str,
    cells: Sequence[Cell],
    levels: Sequence[MaturityLevel | None],
    targets: Sequence[MaturityLevel | None],
) -> Investment:
    """One enabler across teams: how many sit below their target, how thin the evidence is.

    ``cells``, ``levels`` and ``targets`` are per team, in the same order. A team with no
    decided level counts as below a target it set: nothing shows it has reached it.
    """
    shown = [(c, lv, t) for c, lv, t in zip(cells, levels, targets, strict=True) if c.shown]
    with_target = [(lv, t) for _, lv, t in shown if t is not None]
    return Investment(
        enabler=enabler,
        teams=len(shown),
        with_target=len(with_target),
        below_target=sum(lv is None or lv < t for lv, t in with_target if t is not None),
        thin=sum(c.level_key == "undecided" or c.confidence == "low" for c, _, _ in shown),
        median=(d.median if (d := distribution(c.position for c, _, _ in shown)) else None),
    )


def invest_order(investments: Iterable[Investment]) -> list[Investment]:
    """Most teams below target first, then the thinnest evidence, then the lowest median."""
    return sorted(
        investments,
        key=lambda i: (
            -round(i.below_share, 6),
            -round(i.thin_share, 6),
            i.median if i.median is not None else 101.0,
            i.enabler,
        ),
    )


def invest_sentence(name: str, inv: Investment) -> str:
    """Why an enabler is worth investing in, in one plain sentence."""
    parts = []
    if inv.with_target:
        parts.append(
            f"{inv.below_target} of the {inv.with_target} teams that set a target sit below it"
        )
    if inv.thin:
        parts.append(
            f"evidence is thin in {inv.thin} of {inv.teams} team{'s' if inv.teams != 1 else ''} "
            "(no level, or low confidence)"
        )
    if inv.median is not None:
        parts.append(f"the median team's maturity score is {inv.median:.0f}")
    if not parts:
        return f"{name}: no team has enough responses to show yet."
    return f"{name}: " + "; ".join(parts) + "."
