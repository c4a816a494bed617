"""How answers become statement results and enabler levels (method 3). Pure code, no ORM.

The method, in the words a consultant would use with a client:

* Every rating is turned into *evidence* on a 0–100 scale: the answer's score as it
  stands, or reversed (100 − score) for a statement that describes a warning sign, so
  that higher always means more mature. "Don't know" is left out, never counted as zero.
* The agreement scale is ordered, not measured: "agree" is more than "neither", but nobody
  can say it is exactly twice as much. So the *level* rests on counts of people, not
  averages: a practice is *in place* when more than half of the people who answered it
  support it (agree, or disagree with a warning sign). "Don't know" is an answer here: it
  counts among the people asked, never among the supporters, so saying "don't know"
  instead of disagreeing can never put a practice in place. The 0–100 score, an average,
  is shown beside it as a secondary measure.
* A statement is *rated* only when at least ``MIN_RATERS`` people rated it, or everyone
  asked when the group is smaller. A statement is asked of its audience (everyone, or
  some roles: product people, leadership, ...): only the answers of the people in those
  roles count, and "asked" counts only them, so a statement for leadership is decided on
  leadership's ratings alone. A level is decided only when at least two thirds of
  the statements it rests on are rated, both for the practices and for the warning signs;
  otherwise the enabler shows "not enough evidence". A statement nobody could rate never
  counts as in place: "don't know" never helps a level, nor its confidence.
* Managed needs two thirds of the managed practices in place and at least half of the
  warning signs absent; Leading needs Managed and two thirds of the leading practices.
* A group is *split* on a statement when at least a quarter of its raters are at each end
  of the scale: that is a conversation to have before any fix.
* Confidence in an enabler's level comes from how many people rated its statements, how
  far the people who answered gave the same answer, and falls as "don't know" grows.
* A team, department or organisation result is always computed from the pooled individual
  answers of the people in it, never by averaging the groups' results.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from assessments.reports.scoring.inputs import NEVER_SHOWN as NEVER_SHOWN
from assessments.reports.scoring.inputs import ActivityAnswerIn as ActivityAnswerIn
from assessments.reports.scoring.inputs import Audience as Audience
from assessments.reports.scoring.inputs import MinGroup as MinGroup
from assessments.reports.scoring.inputs import ResponseIn as ResponseIn
from assessments.reports.scoring.inputs import StatementSpec as StatementSpec
from assessments.reports.scoring.inputs import audiences_of as audiences_of
from assessments.reports.scoring.inputs import min_group_of as min_group_of
from assessments.reports.scoring.stats import mean, population_stdev, sample_stdev
from assessments.rounds.anonymity import shows_group
from frameworks.levels import NOT_ENOUGH_EVIDENCE, MaturityLevel, scale_position

METHOD_VERSION = "3"
METHOD_LABEL = "Scoring method 3"


def method_label(version: str) -> str:
    """How a report names the method that made it; an older one says it was kept."""
    if version == METHOD_VERSION:
        return METHOD_LABEL
    kept = f"kept as the results were made (new results use method {METHOD_VERSION})"
    return f"Scoring method {version}, {kept}"


MIN_RATERS = 3  # people needed to rate a statement, unless fewer were asked
MOSTLY = 2 / 3  # share of a level's statements that must be rated, and in place
SYMPTOMS_ABSENT = 1 / 2  # share of warning signs that must be absent for Managed
SUPPORTS_AT = 75.0  # evidence from "agree" up supports a practice
OPPOSES_AT = 25.0  # evidence at "disagree" or below opposes it
IN_PLACE_SHARE = 1 / 2  # more than this share of raters must support a practice
SPLIT_SHARE = 1 / 4  # at least this share at each end of the scale is a split

# Confidence: (name, minimum typical raters per statement, minimum share of the people who
# answered giving the same answer, largest share of "don't know" among their answers)
CONFIDENCE_RULES = (("high", 6, 0.75, 0.2), ("medium", 4, 0.6, 0.4))


def as_evidence(value: float, *, reverse: bool) -> float:
    """A 0–100 answer as evidence of maturity: reversed for a statement about a warning sign."""
    return 100 - value if reverse else value


def raters_needed(asked: int) -> int:
    """Raters a statement needs: ``MIN_RATERS``, or everyone asked in a smaller group."""
    return max(1, min(MIN_RATERS, asked))


# --- statements -------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    id: int
    answered: int  # ratings other than "don't know"
    dont_know: int
    asked: int  # people in scope who were asked it
    evidence: float | None  # mean evidence 0–100; None unless rated
    spread: float | None  # standard deviation of the raw ratings
    # Shares of everyone who answered it, "don't know" included (never of raters alone): a
    # "don't know" can lower a share, never raise it.
    support: float = 0.0  # share whose answer supports the practice
    oppose: float = 0.0  # share whose answer goes against it

    @property
    def responded(self) -> int:
        """People who answered it, "don't know" included."""
        return self.answered + self.dont_know

    @property
    def unjudged(self) -> bool:
        """Most of the people who answered could not judge it: worth saying so."""
        return self.dont_know > self.answered

    @property
    def needed(self) -> int:
        return raters_needed(self.asked)

    @property
    def rated(self) -> bool:
        return self.asked > 0 and self.answered >= self.needed

    @property
    def met(self) -> bool:
        """In place (or, for a warning sign, absent): more than half of its raters say so."""
        return self.rated and self.support > IN_PLACE_SHARE + 1e-9

    @property
    def split(self) -> bool:
        """A real share of raters at both ends of the scale."""
        return (
            self.rated
            and self.answered >= 2
            and min(self.support, self.oppose) >= SPLIT_SHARE - 1e-9
        )

    @property
    def consensus(self) -> float:
        """Share of the people who answered on the most common side: supporting, in the
        middle, or against ("don't know" is on no side)."""
        rated_share = self.answered / self.responded if self.responded else 0.0
        middle = max(0.0, rated_share - self.support - self.oppose)
        return max(self.support, self.oppose, middle)


def statement_results(
    statements: Iterable[StatementSpec],
    responses: Iterable[ResponseIn],
    *,
    min_group: MinGroup = 1,
) -> dict[int, StatementResult]:
    """``min_group``: the round's anonymity threshold (or one per audience). The statements
    of an audience are answered by a group of their own (the people in its roles); under its
    ``min_group``, their answers are left out (not rated)."""
    specs = {s.id: s for s in statements}
    responses = list(responses)
    everyone = len(responses)
    # Someone with no role counts as "other", as everywhere people are grouped by role.
    roles = Counter(r.role or "other" for r in responses)
    asked = {audience: sum(roles[r] for r in audience) for audience in audiences_of(specs.values())}
    shown = {a: shows_group(n, min_group_of(min_group, a)) for a, n in asked.items()}
    raw: dict[int, list[float]] = defaultdict(list)
    unsure: Counter[int] = Counter()
    for response in responses:
        for statement_id, value in response.answers.items():
            spec = specs.get(statement_id)
            if spec is None:
                continue
            audience = spec.asked_of
            role = response.role or "other"
            if audience is not None and not (role in audience and shown[audience]):
                continue  # a statement for an audience counts only from the people in it
            if value is None:
                unsure[statement_id] += 1
            else:
                raw[statement_id].append(float(value))
    return {
        sid: statement_result(
            spec,
            sorted(raw[sid]),
            unsure[sid],
            everyone if spec.asked_of is None else asked[spec.asked_of],
        )
        for sid, spec in specs.items()
    }


def statement_result(
    spec: StatementSpec, values: list[float], unsure: int, asked: int
) -> StatementResult:
    """One statement's result from its ratings (``values``, sorted: the result never depends
    on respondent order), its "don't know" answers, and how many people were asked it."""
    n = len(values)
    rated = asked > 0 and n >= raters_needed(asked)  # thin evidence shows no result
    responded = n + unsure
    # Evidence in the order of the ratings (descending for a warning sign); counted from the
    # ascending end with bisect, as a group of thousands has thousands of ratings.
    if spec.reverse:
        evidence = [100 - v for v in values]
        ascending = evidence[::-1]
    else:
        evidence = ascending = values
    support = n - bisect_left(ascending, SUPPORTS_AT)
    oppose = bisect_right(ascending, OPPOSES_AT)
    return StatementResult(
        id=spec.id,
        answered=n,
        dont_know=unsure,
        asked=asked,
        evidence=mean(evidence) if rated else None,
        spread=population_stdev(values),
        support=support / responded if responded else 0.0,
        oppose=oppose / responded if responded else 0.0,
    )


# --- enablers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelEvidence:
    """The statements of one level of one enabler: how many, how many rated, how many met."""

    level: MaturityLevel
    total: int
    rated: int
    met: int  # practices in place, or (Immature) warning signs absent

    @property
    def share_needed(self) -> float:
        return SYMPTOMS_ABSENT if self.level == MaturityLevel.IMMATURE else MOSTLY

    @property
    def needed(self) -> int:
        """Statements that must be met for this level's part of the rule to hold."""
        return math.ceil(self.total * self.share_needed - 1e-9)

    @property
    def enough(self) -> bool:
        """At least two thirds of its statements are rated."""
        return self.total == 0 or self.rated >= math.ceil(self.total * MOSTLY - 1e-9)

    @property
    def holds(self) -> bool:
        if self.total == 0:  # no warning signs to clear; no practices, no claim
            return self.level == MaturityLevel.IMMATURE
        return self.met >= self.needed

    @property
    def to_go(self) -> int:
        return max(0, self.needed - self.met)


class DecidedLevel:
    """How a level reads when the evidence may not be enough to give one."""

    level: MaturityLevel
    decided: bool

    @property
    def level_name(self) -> str:
        return self.level.label if self.decided else NOT_ENOUGH_EVIDENCE

    @property
    def level_key(self) -> str:
        return self.level.key if self.decided else "undecided"


@dataclass(frozen=True)
class EnablerResult(DecidedLevel):
    key: str
    score: float | None  # 0–100, mean evidence of its rated statements
    level: MaturityLevel  # the highest level its evidence reaches
    decided: bool  # False: too little evidence to give a level (NOT_ENOUGH_EVIDENCE)
    by_level: tuple[LevelEvidence, ...]  # immature, managed, leading
    dont_know_rate: float  # share of ratings that were "don't know"
    spread: float | None  # mean spread of its statements
    raters: int  # typical (median) number of raters per statement anyone answered
    consensus: float | None  # mean share of the people answering who gave the same answer
    blocking: tuple[int, ...] = ()  # statements between it and the next level, closest first
    lacking: tuple[int, ...] = ()  # statements without enough raters
    # How far people differ: the spread of each person's own mean evidence on its statements,
    # and how many people rated any of them. Sizes the noise in a change between rounds.
    person_spread: float | None = None
    people: int = 0

    @property
    def next_level(self) -> MaturityLevel | None:
        return None if self.level == MaturityLevel.LEADING else MaturityLevel(self.level + 1)

    @property
    def to_go(self) -> int:
        """Statements still to put in place (or warning signs to clear) for the next level."""
        im, ma, le = self.by_level
        if self.level == MaturityLevel.IMMATURE:
            return ma.to_go + im.to_go
        return le.to_go if self.level == MaturityLevel.MANAGED else 0

    @property
    def progress(self) -> float:
        """How far along the way to the next level, 0–1 (1 at Leading), counted in practices
        of that level in place: warning signs cleared are no step toward Managed on their own,
        so "0 of 6 managed practices in place" is never "part of the way"."""
        _, ma, le = self.by_level
        if self.level == MaturityLevel.LEADING:
            return 1.0
        part = ma if self.level == MaturityLevel.IMMATURE else le
        return min(part.met, part.needed) / part.needed if part.needed else 1.0

    @property
    def position(self) -> int | None:
        """The maturity score, 0–100: the level's band (Immature 0–33, Managed 34–66,
        Leading 67–100), and within it how far along the way to the next level (for Leading,
        how many of its practices are in place beyond those it needs). None with no level."""
        if not self.decided:
            return None
        if self.level != MaturityLevel.LEADING:
            return scale_position(self.level, self.progress)
        le = self.by_level[MaturityLevel.LEADING]
        room = le.total - le.needed
        return scale_position(self.level, (le.met - le.needed) / room if room > 0 else 1.0)

    @property
    def confidence(self) -> str:
        """high, medium or low: from the typical number of raters and how far they agree."""
        if not self.decided or self.consensus is None:
            return "low"
        for name, raters, consensus, unsure in CONFIDENCE_RULES:
            if (
                self.raters >= raters
                and self.consensus >= consensus - 1e-9
                and self.dont_know_rate <= unsure + 1e-9
            ):
                return name
        return "low"


def _level_evidence(
    level: MaturityLevel, mine: Sequence[int], rated: Sequence[bool], met: Sequence[bool]
) -> LevelEvidence:
    """``mine``: where the level's statements are among an enabler's; ``rated`` and ``met``:
    each of its statements', worked out once."""
    return LevelEvidence(level, len(mine), sum(rated[i] for i in mine), sum(met[i] for i in mine))


def level_places(specs: Sequence[StatementSpec]) -> tuple[list[int], ...]:
    """Where each level's statements are among an enabler's (immature, managed, leading)."""
    return tuple([i for i, s in enumerate(specs) if s.level == level] for level in MaturityLevel)


def decide_level(
    immature: LevelEvidence, managed: LevelEvidence, leading: LevelEvidence
) -> tuple[MaturityLevel, bool]:
    """The level the evidence reaches, and whether there is enough evidence to say so."""
    managed_holds = managed.holds and immature.holds and immature.enough
    if managed_holds and leading.holds:
        return MaturityLevel.LEADING, True
    if managed_holds:
        return MaturityLevel.MANAGED, True
    # Any level needs enough of both parts rated: a level decided because practices look
    # missing could otherwise appear when people switch an answer to "don't know".
    return MaturityLevel.IMMATURE, managed.enough and immature.enough


def _blocking(
    level: MaturityLevel,
    by_level: tuple[LevelEvidence, ...],
    specs: Sequence[StatementSpec],
    results: Sequence[StatementResult],
    rated: Sequence[bool],
    met: Sequence[bool],
) -> tuple[int, ...]:
    """Unmet statements of the parts of the next step that do not hold yet, closest first."""
    if level == MaturityLevel.LEADING:
        return ()
    step: tuple[MaturityLevel, ...] = (MaturityLevel.IMMATURE, MaturityLevel.MANAGED)
    if level == MaturityLevel.MANAGED:
        step = (MaturityLevel.LEADING,)
    short = {part.level for part in by_level if part.level in step and not part.holds}
    unmet = [i for i, s in enumerate(specs) if s.level in short and not met[i]]
    unmet.sort(key=lambda i: (not rated[i], -results[i].support, results[i].oppose, i))
    return tuple(specs[i].id for i in unmet)


def person_means(specs: Mapping[int, StatementSpec], response: ResponseIn) -> dict[str, float]:
    """One person's own score on each enabler they rated: the mean evidence of their ratings
    of its statements (``specs`` by id; "don't know" left out)."""
    # Summed as it goes, and ``as_evidence`` written out: this runs for every answer of every
    # person in every group a refresh stores.
    sums: dict[str, list[float]] = {}
    for statement_id, value in response.answers.items():
        spec = specs.get(statement_id)
        if value is None or spec is None or not spec.asks(response.role or "other"):
            continue
        evidence = 100 - float(value) if spec.reverse else float(value)
        found = sums.get(spec.enabler)
        if found is None:
            sums[spec.enabler] = [evidence, 1.0]
        else:
            found[0] += evidence
            found[1] += 1.0
    return {enabler: total / count for enabler, (total, count) in sums.items()}


def person_spreads(
    statements: Sequence[StatementSpec], responses: Iterable[ResponseIn]
) -> dict[str, tuple[float | None, int]]:
    """Per enabler: the spread of each person's mean evidence on its statements, and how many
    people rated any of them (a person's answers hang together; statements' do not average out).
    """
    specs = {s.id: s for s in statements}
    means: dict[str, list[float]] = defaultdict(list)
    for response in responses:
        for enabler, its_mean in person_means(specs, response).items():
            means[enabler].append(its_mean)
    return {key: spread_of_means(values) for key, values in means.items()}


def spread_of_means(means: Sequence[float]) -> tuple[float | None, int]:
    """People's means on one enabler: their spread, and how many people they are."""
    # The sample spread (n − 1): it sizes noise from few people, where n would understate it.
    return (sample_stdev(means) if len(means) >= 2 else None, len(means))


def enablers_of(statements: Iterable[StatementSpec]) -> dict[str, list[StatementSpec]]:
    """Each enabler's statements, in the order given."""
    by_enabler: dict[str, list[StatementSpec]] = defaultdict(list)
    for spec in statements:
        by_enabler[spec.enabler].append(spec)
    return dict(by_enabler)


def enabler_results(
    statements: Sequence[StatementSpec],
    per_statement: dict[int, StatementResult],
    responses: Iterable[ResponseIn] = (),
    *,
    people: Mapping[str, tuple[float | None, int]] | None = None,
) -> dict[str, EnablerResult]:
    """``people``: ``person_spreads`` of the responses, when already worked out."""
    if people is None:
        people = person_spreads(statements, responses)
    return {
        key: enabler_result(key, specs, [per_statement[s.id] for s in specs], people)
        for key, specs in enablers_of(statements).items()
    }


def enabler_result(
    key: str,
    specs: Sequence[StatementSpec],
    rs: Sequence[StatementResult],
    people: Mapping[str, tuple[float | None, int]],
    places: Sequence[Sequence[int]] | None = None,
) -> EnablerResult:
    """One enabler's result from its statements' (``rs``, in the order of ``specs``);
    ``places``: ``level_places(specs)``, when already worked out."""
    rated_flags = [r.rated for r in rs]
    met_flags = [r.met for r in rs]
    rated = [r for r, flag in zip(rs, rated_flags, strict=True) if flag]
    # Typical raters and agreement over every statement someone answered, rated or not:
    # a statement dropping out for want of raters must not make the rest look surer.
    answered_any = [r for r in rs if r.responded]
    by_level = tuple(
        _level_evidence(level, mine, rated_flags, met_flags)
        for level, mine in zip(MaturityLevel, places or level_places(specs), strict=True)
    )
    level, decided = decide_level(*by_level)
    answered = sum(r.answered for r in rs)
    unsure = sum(r.dont_know for r in rs)
    person_spread, how_many = people.get(key, (None, 0))
    return EnablerResult(
        key=key,
        score=mean([r.evidence for r in rated if r.evidence is not None]),
        level=level,
        decided=decided,
        by_level=by_level,
        dont_know_rate=unsure / (answered + unsure) if answered + unsure else 0.0,
        spread=mean([r.spread for r in rs if r.spread is not None]),
        raters=int(median(r.answered for r in answered_any)) if answered_any else 0,
        consensus=mean([r.consensus for r in answered_any]),
        blocking=_blocking(level, by_level, specs, rs, rated_flags, met_flags),
        lacking=tuple(r.id for r, flag in zip(rs, rated_flags, strict=True) if not flag),
        person_spread=person_spread,
        people=how_many,
    )
