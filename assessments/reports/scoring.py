"""How answers become scores. Pure code: plain data in, plain data out, no ORM.

The method, in the words a consultant would use with a client:

* Every rating is turned into *evidence* on a 0–100 scale: the answer's score as it
  stands, or reversed (100 − score) for a statement that describes a symptom, so that
  higher always means more mature. "Don't know" is left out, never counted as zero.
* A statement's result is the mean evidence of everyone who rated it. An enabler's
  score is the mean of its statements' results, so each statement counts once however
  many people answered it.
* A statement is *met* when its result is at least ``MET_AT`` (between "neither" and
  "agree"). A level is reached only when the statements that evidence it are mostly
  met (at least two thirds), and Leading also needs Managed. Immature is where every
  team starts; its statements are symptoms, and Managed also needs most of them absent.
* A dial is the weighted mean of its statements' results, each taken in the direction
  the dial names (a symptom pulls the dial left).
* A team, department or organisation result is always computed from the pooled
  individual answers of the people in it, never by averaging the groups' results.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from frameworks.levels import MaturityLevel

MET_AT = 62.5
MOSTLY = 2 / 3
SPLIT_SPREAD = 30.0  # a standard deviation this large means the team is split


@dataclass(frozen=True)
class StatementSpec:
    id: int
    enabler: str
    level: MaturityLevel
    reverse: bool = False


@dataclass(frozen=True)
class DialInputSpec:
    statement_id: int
    weight: int = 1
    symptom: bool = False


@dataclass(frozen=True)
class DialSpec:
    key: str
    inputs: tuple[DialInputSpec, ...]
    red_below: int = 40
    green_from: int = 70


@dataclass(frozen=True)
class ActivitySpec:
    id: int
    key: str
    area: str
    ownership: str  # owns, owns-unless-dedicated, owns-high-level, supports


@dataclass(frozen=True)
class ActivityAnswerIn:
    leader: str  # leader key
    leader_kind: str  # product, other, nobody, unknown
    performance: float | None = None


@dataclass(frozen=True)
class ResponseIn:
    """One respondent's answers: statement id → score 0–100, or None for "don't know"."""

    respondent_id: int
    role: str
    answers: dict[int, float | None] = field(default_factory=dict)
    activities: dict[int, ActivityAnswerIn] = field(default_factory=dict)


# --- statements -------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    id: int
    answered: int  # ratings other than "don't know"
    dont_know: int
    evidence: float | None  # mean evidence 0–100, None when nobody could rate it
    spread: float | None  # standard deviation of the raw ratings

    @property
    def met(self) -> bool:
        return self.evidence is not None and self.evidence >= MET_AT

    @property
    def split(self) -> bool:
        return self.spread is not None and self.answered >= 3 and self.spread >= SPLIT_SPREAD


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _stdev(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / len(values))


def as_evidence(value: float, *, reverse: bool) -> float:
    """A 0–100 answer as evidence of maturity: reversed for a statement about a symptom."""
    return 100 - value if reverse else value


def statement_results(
    statements: Iterable[StatementSpec], responses: Iterable[ResponseIn]
) -> dict[int, StatementResult]:
    specs = {s.id: s for s in statements}
    raw: dict[int, list[float]] = defaultdict(list)
    unsure: Counter[int] = Counter()
    for response in responses:
        for statement_id, score in response.answers.items():
            if statement_id not in specs:
                continue
            if score is None:
                unsure[statement_id] += 1
            else:
                raw[statement_id].append(float(score))
    results = {}
    for sid, spec in specs.items():
        values = sorted(raw[sid])  # sorted: the result never depends on respondent order
        mean = _mean(values)
        evidence = None if mean is None else as_evidence(mean, reverse=spec.reverse)
        results[sid] = StatementResult(sid, len(values), unsure[sid], evidence, _stdev(values))
    return results


# --- enablers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EnablerResult:
    key: str
    score: float | None  # 0–100
    level: MaturityLevel
    met_by_level: tuple[tuple[int, int], ...]  # (met, rateable) per level
    dont_know_rate: float  # share of ratings that were "don't know"
    spread: float | None  # mean spread of its statements

    @property
    def level_name(self) -> str:
        return self.level.label


def _mostly_met(met: int, rateable: int) -> bool:
    return rateable > 0 and met / rateable >= MOSTLY - 1e-9


def enabler_results(
    statements: Sequence[StatementSpec], per_statement: dict[int, StatementResult]
) -> dict[str, EnablerResult]:
    by_enabler: dict[str, list[StatementSpec]] = defaultdict(list)
    for spec in statements:
        by_enabler[spec.enabler].append(spec)
    results = {}
    for key, specs in by_enabler.items():
        rs = [per_statement[s.id] for s in specs]
        evidence = [r.evidence for r in rs if r.evidence is not None]
        counts = []
        for level in MaturityLevel:
            at_level = [per_statement[s.id] for s in specs if s.level == level]
            rateable = [r for r in at_level if r.evidence is not None]
            counts.append((sum(r.met for r in rateable), len(rateable)))
        (im_met, im_n), (ma_met, ma_n), (le_met, le_n) = counts
        level = MaturityLevel.IMMATURE
        symptoms_absent = im_n == 0 or im_met / im_n >= 0.5
        if _mostly_met(ma_met, ma_n) and symptoms_absent:
            level = MaturityLevel.MANAGED
            if _mostly_met(le_met, le_n):
                level = MaturityLevel.LEADING
        answered = sum(r.answered for r in rs)
        unsure = sum(r.dont_know for r in rs)
        spreads = [r.spread for r in rs if r.spread is not None]
        results[key] = EnablerResult(
            key=key,
            score=_mean(evidence),
            level=level,
            met_by_level=tuple(counts),
            dont_know_rate=unsure / (answered + unsure) if answered + unsure else 0.0,
            spread=_mean(spreads),
        )
    return results


# --- dials ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DialResult:
    key: str
    value: float | None
    zone: str  # red, amber, green, or none


def dial_results(
    dials: Iterable[DialSpec],
    per_statement: dict[int, StatementResult],
    statements: dict[int, StatementSpec],
) -> dict[str, DialResult]:
    results = {}
    for dial in dials:
        total = weight = 0.0
        for inp in dial.inputs:
            r = per_statement.get(inp.statement_id)
            spec = statements.get(inp.statement_id)
            if r is None or r.evidence is None or spec is None:
                continue
            raw = 100 - r.evidence if spec.reverse else r.evidence  # back to agreement
            total += inp.weight * (100 - raw if inp.symptom else raw)
            weight += inp.weight
        value = total / weight if weight else None
        zone = "none"
        if value is not None:
            zone = (
                "red"
                if value < dial.red_below
                else "green"
                if value >= dial.green_from
                else "amber"
            )
        results[dial.key] = DialResult(dial.key, value, zone)
    return results


# --- activities -------------------------------------------------------------------------------

PRODUCT_SHOULD_LEAD = {"owns", "owns-unless-dedicated", "owns-high-level"}


@dataclass(frozen=True)
class ActivityResult:
    id: int
    key: str
    leaders: tuple[tuple[str, int], ...]  # (leader key, count), most common first
    top_leader: str | None
    top_kind: str | None
    agreement: float | None  # share of known answers naming the top leader
    performance: float | None
    gaps: tuple[str, ...]  # led-elsewhere, nobody, disagree, unknown


def activity_results(
    activities: Iterable[ActivitySpec], responses: Iterable[ResponseIn]
) -> dict[int, ActivityResult]:
    responses = list(responses)
    results = {}
    for spec in activities:
        answers = [r.activities[spec.id] for r in responses if spec.id in r.activities]
        known = [a for a in answers if a.leader_kind != "unknown"]
        counts = Counter(a.leader for a in known)
        kinds = {a.leader: a.leader_kind for a in known}
        ranked = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        top = ranked[0][0] if ranked else None
        top_kind = kinds.get(top) if top else None
        agreement = ranked[0][1] / len(known) if known else None
        perf = _mean(sorted(a.performance for a in answers if a.performance is not None))
        gaps = []
        if not known and answers:
            gaps.append("unknown")
        if top_kind == "nobody":
            gaps.append("nobody")
        elif top_kind == "other" and spec.ownership in PRODUCT_SHOULD_LEAD:
            gaps.append("led-elsewhere")
        if agreement is not None and len(known) >= 2 and agreement < 0.5:
            gaps.append("disagree")
        results[spec.id] = ActivityResult(
            spec.id, spec.key, ranked, top, top_kind, agreement, perf, tuple(gaps)
        )
    return results


# --- the whole picture ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    respondents: int
    statements: dict[int, StatementResult]
    enablers: dict[str, EnablerResult]
    dials: dict[str, DialResult]
    activities: dict[int, ActivityResult]


def score(
    *,
    statements: Sequence[StatementSpec],
    dials: Sequence[DialSpec],
    activities: Sequence[ActivitySpec],
    responses: Sequence[ResponseIn],
) -> Scores:
    per_statement = statement_results(statements, responses)
    return Scores(
        respondents=len(responses),
        statements=per_statement,
        enablers=enabler_results(statements, per_statement),
        dials=dial_results(dials, per_statement, {s.id: s for s in statements}),
        activities=activity_results(activities, responses),
    )


def by_role(
    *, statements: Sequence[StatementSpec], responses: Sequence[ResponseIn], min_group: int = 1
) -> dict[str, dict[str, EnablerResult]]:
    """Enabler results per respondent role, for roles with at least ``min_group`` people."""
    groups: dict[str, list[ResponseIn]] = defaultdict(list)
    for r in responses:
        groups[r.role or "other"].append(r)
    return {
        role: enabler_results(statements, statement_results(statements, members))
        for role, members in sorted(groups.items())
        if len(members) >= min_group
    }


# --- consistency across the instruments -------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    kind: str  # enabler-vs-activity or dial-vs-enabler
    text: str


def consistency_flags(
    *,
    enablers: dict[str, EnablerResult],
    enabler_names: dict[str, str],
    depends_on: dict[str, list[ActivitySpec]],
    activities: dict[int, ActivityResult],
    activity_names: dict[int, str],
    dials: Sequence[DialSpec],
    dial_results: dict[str, DialResult],
    dial_names: dict[str, str],
    statements: Sequence[StatementSpec],
) -> list[Flag]:
    """Places where the instruments disagree: worth a conversation before trusting either."""
    flags: list[Flag] = []
    for key, result in enablers.items():
        if result.level < MaturityLevel.MANAGED:
            continue
        for spec in depends_on.get(key, []):
            gaps = activities[spec.id].gaps if spec.id in activities else ()
            if "nobody" in gaps or "led-elsewhere" in gaps:
                who = "nobody leads" if "nobody" in gaps else "another function leads"
                flags.append(
                    Flag(
                        "enabler-vs-activity",
                        f"{enabler_names[key]} is rated {result.level_name}, yet {who} "
                        f"{activity_names[spec.id]}, which it relies on.",
                    )
                )
    enabler_of = {s.id: s.enabler for s in statements}
    for dial in dials:
        weights: Counter[str] = Counter()
        for inp in dial.inputs:
            if inp.statement_id in enabler_of:
                weights[enabler_of[inp.statement_id]] += inp.weight
        if not weights:
            continue
        main = weights.most_common(1)[0][0]
        zone, level = (
            dial_results[dial.key].zone,
            enablers[main].level if main in enablers else None,
        )
        if level is None or enablers[main].score is None:
            continue
        if (zone == "red" and level == MaturityLevel.LEADING) or (
            zone == "green" and level == MaturityLevel.IMMATURE
        ):
            flags.append(
                Flag(
                    "dial-vs-enabler",
                    f"The {dial_names[dial.key]} dial is {zone} while {enabler_names[main]}, "
                    f"which feeds it most, is rated {level.label}.",
                )
            )
    return flags


# --- what to celebrate, what to work on next ---------------------------------------------------

TOP_STRENGTHS = 3
TOP_PRIORITIES = 3
TOP_SPLITS = 5


@dataclass(frozen=True)
class Ranked:
    """A statement picked out for the report, with its result."""

    spec: StatementSpec
    result: StatementResult


def _rated(
    statements: Sequence[StatementSpec], results: dict[int, StatementResult]
) -> list[Ranked]:
    return [
        Ranked(spec, results[spec.id])
        for spec in statements
        if spec.id in results and results[spec.id].evidence is not None
    ]


def strengths(
    statements: Sequence[StatementSpec],
    results: dict[int, StatementResult],
    limit: int = TOP_STRENGTHS,
) -> list[Ranked]:
    """The statements with the strongest evidence, strongest first."""
    return sorted(_rated(statements, results), key=lambda r: -(r.result.evidence or 0))[:limit]


def priorities(
    statements: Sequence[StatementSpec],
    results: dict[int, StatementResult],
    enablers: dict[str, EnablerResult],
    limit: int = TOP_PRIORITIES,
) -> list[Ranked]:
    """Unmet statements to work on: those of each enabler's next level first, weakest first.

    A practice of the level just above where an enabler stands is what moves it; one two
    levels up waits, however weak its evidence.
    """

    def next_level(spec: StatementSpec) -> bool:
        enabler = enablers.get(spec.enabler)
        return enabler is not None and spec.level == enabler.level + 1

    unmet = [r for r in _rated(statements, results) if not r.result.met]
    return sorted(unmet, key=lambda r: (not next_level(r.spec), r.result.evidence))[:limit]


def splits(
    statements: Sequence[StatementSpec],
    results: dict[int, StatementResult],
    limit: int = TOP_SPLITS,
) -> list[Ranked]:
    """The statements people disagree on most, widest spread first."""
    split = [r for r in _rated(statements, results) if r.result.split]
    return sorted(split, key=lambda r: -(r.result.spread or 0))[:limit]
