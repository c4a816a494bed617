"""Calibration: how far a client's self-assessment sits from the reviewer's view.

Pure code (no Django): plain data in, frozen dataclasses out, so the rules are tested
exhaustively and every page reads the same numbers.

The gap is counted in level steps, survey minus reviewer: +1 means the teams rated
themselves one level higher than the evidence shows, −1 one level lower. A gap is only
counted where both sides have a level: an enabler the survey could not decide ("not enough
evidence") has no gap, and neither has one the reviewer has not moderated. A reviewer who
has not looked is not a reviewer who agrees, so "not moderated" is never counted as a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from frameworks.levels import MaturityLevel

HIGH, MATCHED, LOW = "high", "matched", "low"
UNDECIDED, UNMODERATED = "undecided", "unmoderated"
STEP_WORDS = {1: "one level", 2: "two levels"}
# Clients needed before the firm calls a tendency ("self-assessments tend to run high"):
# one or two clients are anecdotes, not a pattern.
MIN_CLIENTS_FOR_TENDENCY = 3
# How much a client's gap weighs in the mean across clients, by the confidence of its
# survey's level: a level few people could agree on says less about how teams rate themselves.
CONFIDENCE_WEIGHT = {"high": 1.0, "medium": 1.0, "low": 0.5}


def gap_steps(survey: MaturityLevel | None, reviewer: MaturityLevel | None) -> int | None:
    """Survey minus reviewer in level steps (−2..+2), or None when either has no level."""
    if survey is None or reviewer is None:
        return None
    return int(survey) - int(reviewer)


def direction(steps: int | None) -> str | None:
    if steps is None:
        return None
    return HIGH if steps > 0 else LOW if steps < 0 else MATCHED


def gap_words(steps: int | None, *, survey_decided: bool = True) -> str:
    """The gap in one plain sentence."""
    if not survey_decided:
        return "The survey had too little evidence for a level, so no gap is counted."
    if steps is None:
        return "Not moderated: the survey's level stands, and no gap is counted."
    if steps == 0:
        return "The teams' own view matches what the evidence shows."
    way = "higher" if steps > 0 else "lower"
    return f"The teams rated themselves {STEP_WORDS[abs(steps)]} {way} than the evidence shows."


@dataclass(frozen=True)
class EnablerGap:
    key: str
    name: str
    survey: MaturityLevel | None  # None: the survey could not decide a level
    reviewer: MaturityLevel | None  # None: not moderated
    confidence: str = "high"  # the survey level's confidence: high, medium or low

    @property
    def weight(self) -> float:
        return CONFIDENCE_WEIGHT.get(self.confidence, 1.0)

    @property
    def steps(self) -> int | None:
        return gap_steps(self.survey, self.reviewer)

    @property
    def status(self) -> str:
        """high, matched, low, undecided or unmoderated."""
        if self.survey is None:
            return UNDECIDED
        return direction(self.steps) or UNMODERATED

    @property
    def counted(self) -> bool:
        return self.steps is not None

    @property
    def words(self) -> str:
        return gap_words(self.steps, survey_decided=self.survey is not None)

    @property
    def signed(self) -> str:
        """The gap as a signed number for tables ("+1", "0", "−2"), or a dash."""
        if self.steps is None:
            return "–"
        return f"+{self.steps}" if self.steps > 0 else str(self.steps).replace("-", "−")


@dataclass(frozen=True)
class ReviewCalibration:
    label: str
    gaps: tuple[EnablerGap, ...]

    @property
    def by_key(self) -> dict[str, EnablerGap]:
        return {g.key: g for g in self.gaps}

    @property
    def counted(self) -> tuple[EnablerGap, ...]:
        return tuple(g for g in self.gaps if g.counted)

    @property
    def mean(self) -> float | None:
        """The mean gap over the enablers where one is counted."""
        steps = [g.steps for g in self.gaps if g.steps is not None]
        return sum(steps) / len(steps) if steps else None

    @property
    def summary(self) -> str:
        counted = self.counted
        if not counted:
            return "No gap yet: one shows once a reviewer moderates an enabler the survey rated."
        high = sum(1 for g in counted if g.status == HIGH)
        low = sum(1 for g in counted if g.status == LOW)
        parts = [f"Of {len(counted)} moderated {_enablers(len(counted))}"]
        parts.append(f"the teams rated {high} higher and {low} lower than the evidence shows")
        return ", ".join(parts) + f"; {len(counted) - high - low} matched."


def _enablers(n: int) -> str:
    return "enabler" if n == 1 else "enablers"


def review_calibration(
    label: str,
    enablers: Sequence[tuple[str, str]],
    survey: Mapping[str, MaturityLevel | None],
    reviewer: Mapping[str, MaturityLevel],
    confidence: Mapping[str, str] | None = None,
) -> ReviewCalibration:
    """One review's gaps, per enabler in the order given: ``enablers`` is (key, name);
    ``survey`` the survey's level per key (None or missing: undecided); ``reviewer`` the
    moderated level per key, where one stands; ``confidence`` the survey level's."""
    sure = confidence or {}
    return ReviewCalibration(
        label,
        tuple(
            EnablerGap(key, name, survey.get(key), reviewer.get(key), sure.get(key, "high"))
            for key, name in enablers
        ),
    )


@dataclass(frozen=True)
class TrendRow:
    """One enabler across a client's reviews, one cell per review (None: not in it)."""

    key: str
    name: str
    cells: tuple[EnablerGap | None, ...]


def over_time(reviews: Sequence[ReviewCalibration]) -> tuple[TrendRow, ...]:
    """Per enabler, its gap in each review (in the order given: oldest first). Enablers are
    matched by key, listed in the order they first appear."""
    names: dict[str, str] = {}
    for review in reviews:
        for gap in review.gaps:
            names.setdefault(gap.key, gap.name)
    return tuple(
        TrendRow(key, name, tuple(r.by_key.get(key) for r in reviews))
        for key, name in names.items()
    )


@dataclass(frozen=True)
class Tally:
    """Across clients, on one enabler: how many ran high, matched or ran low, and by how much
    on average. Each client counts once: with its latest counted gap, weighed by the
    confidence of its survey's level (``CONFIDENCE_WEIGHT``)."""

    key: str
    name: str
    high: int
    matched: int
    low: int
    mean: float | None

    @property
    def counted(self) -> int:
        return self.high + self.matched + self.low

    @property
    def signed_mean(self) -> str:
        """The mean gap with its sign ("+0.5", "0.0", "−1.0"), or a dash."""
        if self.mean is None:
            return "–"
        text = f"{self.mean:+.1f}".replace("-", "−")
        return "0.0" if text in ("+0.0", "−0.0") else text

    @property
    def words(self) -> str:
        if self.mean is None:
            return "No client has a moderated level here yet."
        if self.counted == 1:
            way = "ran high" if self.high else "ran low" if self.low else "matched the evidence"
            return f"Only one client so far, and it {way}."
        if self.counted < MIN_CLIENTS_FOR_TENDENCY:
            return (
                f"Only {self.counted} clients so far: too few to call a tendency "
                f"(it takes {MIN_CLIENTS_FOR_TENDENCY})."
            )
        if self.high > self.low and self.mean > 0:
            return "Self-assessments tend to run high."
        if self.low > self.high and self.mean < 0:
            return "Self-assessments tend to run low."
        return "Self-assessments mostly match the evidence."


def latest_counted(reviews: Sequence[ReviewCalibration]) -> dict[str, EnablerGap]:
    """Per enabler, the gap of the latest review (the last given) that counted one."""
    latest: dict[str, EnablerGap] = {}
    for review in reviews:
        for gap in review.counted:
            latest[gap.key] = gap
    return latest


def across_clients(clients: Iterable[Sequence[ReviewCalibration]]) -> tuple[Tally, ...]:
    """Per enabler, how the clients' latest counted gaps spread. ``clients`` holds each
    client's reviews, oldest first."""
    names: dict[str, str] = {}
    steps: dict[str, list[tuple[int, float]]] = {}
    for reviews in clients:
        for review in reviews:
            for gap in review.gaps:
                names.setdefault(gap.key, gap.name)
        for key, gap in latest_counted(reviews).items():
            steps.setdefault(key, []).append((gap.steps or 0, gap.weight))
    tallies = []
    for key, name in names.items():
        mine = steps.get(key, [])
        weight = sum(w for _, w in mine)
        tallies.append(
            Tally(
                key,
                name,
                high=sum(1 for s, _ in mine if s > 0),
                matched=sum(1 for s, _ in mine if s == 0),
                low=sum(1 for s, _ in mine if s < 0),
                mean=sum(s * w for s, w in mine) / weight if weight else None,
            )
        )
    return tuple(tallies)
