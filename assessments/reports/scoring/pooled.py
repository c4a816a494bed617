"""Every scope of a round scored at once, each team's answers gathered once. Pure code.

A refresh scores the round, each department and each team, each as a whole and role by
role: hundreds of groups, most of them the same people again. Scoring each group from its
responses read every answer of every person four times or more. Here each team's answers
are gathered once, role by role (every rating of each statement, each person's mean on each
enabler, every activity answer), and a group pools the gatherings of its teams and roles.
Its results are then made by the functions ``score`` and ``by_role`` use, from the same
ratings, so they are exactly what those return for the group's pooled answers: pooled
answers still, never an average of the groups' results.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from assessments.reports.scoring.findings import Scores
from assessments.reports.scoring.instruments import (
    ActivitySpec,
    DialSpec,
    activity_result,
    dial_results,
)
from assessments.reports.scoring.method import (
    Audience,
    EnablerResult,
    MinGroup,
    ResponseIn,
    StatementResult,
    StatementSpec,
    audiences_of,
    enabler_result,
    enablers_of,
    level_places,
    min_group_of,
    spread_of_means,
    statement_result,
)
from assessments.rounds.anonymity import shows_group

K = TypeVar("K", bound=Hashable)

# A group with at most this many ratings of a statement has its result looked up by those
# ratings: small groups (a role in a team) often rate a statement alike.
REMEMBERED_UP_TO = 12


@dataclass
class _Activity:
    """One activity's answers in a group, counted."""

    answered: int = 0
    leaders: Counter[str] = field(default_factory=Counter)  # named by people who knew
    # Each leader's kind, as the last respondent (by id) to name it said it.
    kinds: dict[str, tuple[int, str]] = field(default_factory=dict)
    performances: list[float] = field(default_factory=list)

    def pool(self, other: _Activity) -> None:
        self.answered += other.answered
        self.leaders.update(other.leaders)
        for leader, said in other.kinds.items():
            if leader not in self.kinds or self.kinds[leader][0] < said[0]:
                self.kinds[leader] = said
        self.performances += other.performances


Activities = dict[int, _Activity]  # activity id → its answers, counted


def _add_activities(found: Activities, response: ResponseIn) -> None:
    rid = response.respondent_id
    for activity_id, answer in response.activities.items():
        counted = found.get(activity_id)
        if counted is None:
            counted = found[activity_id] = _Activity()
        counted.answered += 1
        if answer.leader_kind != "unknown":
            counted.leaders[answer.leader] += 1
            said = counted.kinds.get(answer.leader)
            if said is None or said[0] < rid:
                counted.kinds[answer.leader] = (rid, answer.leader_kind)
        if answer.performance is not None:
            counted.performances.append(answer.performance)


def _pool_activities(parts: Sequence[Activities]) -> Activities:
    if len(parts) == 1:
        return parts[0]
    pooled: Activities = {}
    for part in parts:
        for activity_id, theirs in part.items():
            mine = pooled.get(activity_id)
            if mine is None:
                mine = pooled[activity_id] = _Activity()
            mine.pool(theirs)
    return pooled


class Gathered:
    """A group's answers, gathered for scoring (each statement's by its place in the
    framework): never the answers person by person."""

    __slots__ = ("first", "means", "people", "roles", "unsure", "values")

    def __init__(self, statements: int) -> None:
        self.people = 0
        # people per role (no role counts as "other"): who is asked each audience's statements
        self.roles: Counter[str] = Counter()
        self.first: int | None = None  # the lowest respondent id: where its role is listed
        # each statement's ratings; a statement for an audience, only the audience's
        self.values: list[list[float]] = [[] for _ in range(statements)]
        self.unsure = [0] * statements  # each statement's "don't know" answers
        self.means: dict[str, list[float]] = {}  # enabler → each person's mean evidence

    def pool(self, other: Gathered) -> None:
        self.people += other.people
        self.roles.update(other.roles)
        if other.first is not None:
            self.first = other.first if self.first is None else min(self.first, other.first)
        for mine, theirs in zip(self.values, other.values, strict=True):
            mine += theirs
        self.unsure = [a + b for a, b in zip(self.unsure, other.unsure, strict=True)]
        for enabler, means in other.means.items():
            self.means.setdefault(enabler, []).extend(means)


@dataclass(frozen=True)
class ScopeScores:
    """What ``score`` and ``by_role`` return for a scope's pooled responses, and its people
    per role (in the order of each role's first respondent, by id)."""

    scores: Scores
    roles: dict[str, dict[str, EnablerResult]]
    role_sizes: dict[str, int]


class Scorer:
    """Scores groups of one framework's statements, remembering small groups' statement
    results (they are frozen: shared, never changed)."""

    def __init__(
        self,
        statements: Sequence[StatementSpec],
        dials: Sequence[DialSpec],
        activities: Sequence[ActivitySpec],
    ) -> None:
        self.specs = {s.id: s for s in statements}
        self.order = list(self.specs.values())
        self.places = {sid: i for i, sid in enumerate(self.specs)}
        self.dials = dials
        self.activities = activities
        self.by_enabler = enablers_of(statements)
        self.audiences = audiences_of(statements)
        self.levels = {key: level_places(specs) for key, specs in self.by_enabler.items()}
        self._remembered: dict[tuple[int, int, int, tuple[float, ...]], StatementResult] = {}

    def gathered(self, parts: Sequence[Gathered]) -> Gathered:
        """The parts pooled (a single part is itself: pooled groups are never changed)."""
        if len(parts) == 1:
            return parts[0]
        whole = Gathered(len(self.order))
        for part in parts:
            whole.pool(part)
        return whole

    def cells(self, responses: Iterable[ResponseIn]) -> tuple[dict[str, Gathered], Activities]:
        """A team's answers, gathered role by role, and its activity answers."""
        found: dict[str, Gathered] = {}
        activities: Activities = {}
        places, order = self.places, self.order
        for response in responses:
            role = response.role or "other"
            cell = found.get(role)
            if cell is None:
                cell = found[role] = Gathered(len(order))
            rid = response.respondent_id
            cell.people += 1
            cell.roles[role] += 1
            cell.first = rid if cell.first is None else min(cell.first, rid)
            # Each enabler's evidence summed as it goes, in the order of the answers, as
            # ``person_means`` sums it: the person's mean is the same to the bit.
            sums: dict[str, list[float]] = {}
            for statement_id, value in response.answers.items():
                i = places.get(statement_id)
                if i is None:
                    continue
                audience = order[i].asked_of
                if audience is not None and role not in audience:
                    continue  # a statement for an audience counts only from the people in it
                if value is None:
                    cell.unsure[i] += 1
                    continue
                rating = float(value)
                cell.values[i].append(rating)
                spec = order[i]
                evidence = 100 - rating if spec.reverse else rating
                so_far = sums.get(spec.enabler)
                if so_far is None:
                    sums[spec.enabler] = [evidence, 1.0]
                else:
                    so_far[0] += evidence
                    so_far[1] += 1.0
            for enabler, (total, count) in sums.items():
                cell.means.setdefault(enabler, []).append(total / count)
            _add_activities(activities, response)
        return found, activities

    def _statements(self, group: Gathered, min_group: MinGroup) -> dict[int, StatementResult]:
        asked_of: dict[Audience, tuple[int, bool]] = {}
        for audience in self.audiences:
            people = sum(group.roles[r] for r in audience)
            asked_of[audience] = (people, shows_group(people, min_group_of(min_group, audience)))
        remembered = self._remembered
        results = {}
        for spec, values, unsure in zip(self.order, group.values, group.unsure, strict=True):
            if spec.asked_of is not None:
                asked, shown = asked_of[spec.asked_of]
                if not shown:
                    values, unsure = [], 0
            else:
                asked = group.people
            ordered = sorted(values)
            if len(ordered) > REMEMBERED_UP_TO:
                results[spec.id] = statement_result(spec, ordered, unsure, asked)
                continue
            key = (spec.id, asked, unsure, tuple(ordered))
            found = remembered.get(key)
            if found is None:
                found = remembered[key] = statement_result(spec, ordered, unsure, asked)
            results[spec.id] = found
        return results

    def _enablers(
        self, group: Gathered, per_statement: Mapping[int, StatementResult]
    ) -> dict[str, EnablerResult]:
        people = {enabler: spread_of_means(means) for enabler, means in group.means.items()}
        return {
            key: enabler_result(
                key, specs, [per_statement[s.id] for s in specs], people, self.levels[key]
            )
            for key, specs in self.by_enabler.items()
        }

    def score(self, group: Gathered, activities: Activities, min_group: MinGroup = 1) -> Scores:
        """``scoring.score`` of the group's responses (``activities``: their activity answers)."""
        per_statement = self._statements(group, min_group)
        nobody = _Activity()
        return Scores(
            respondents=group.people,
            statements=per_statement,
            enablers=self._enablers(group, per_statement),
            dials=dial_results(self.dials, per_statement, self.specs),
            activities={
                spec.id: activity_result(
                    spec,
                    counted.answered,
                    counted.leaders,
                    {leader: kind for leader, (_, kind) in counted.kinds.items()},
                    counted.performances,
                )
                for spec in self.activities
                for counted in [activities.get(spec.id, nobody)]
            },
        )

    def by_role(self, roles: Mapping[str, Gathered]) -> dict[str, dict[str, EnablerResult]]:
        """``scoring.by_role`` of the responses of these groups (one per role, every role
        shown however small)."""
        return {
            role: self._enablers(group, self._statements(group, 1))
            for role, group in sorted(roles.items())
            if group.people
        }


def score_scopes(
    *,
    statements: Sequence[StatementSpec],
    dials: Sequence[DialSpec],
    activities: Sequence[ActivitySpec],
    by_team: Mapping[int, Sequence[ResponseIn]],
    scopes: Mapping[K, tuple[Collection[int], MinGroup]],
) -> dict[K, ScopeScores]:
    """Each scope (its teams, and the ``min_group`` of each audience's statements)
    scored as ``score`` and ``by_role`` score its teams' responses, pooled."""
    scorer = Scorer(statements, dials, activities)
    cells = {team: scorer.cells(responses) for team, responses in by_team.items()}
    results = {}
    for key, (teams, min_group) in scopes.items():
        parts: dict[str, list[Gathered]] = defaultdict(list)
        answered: list[Activities] = []
        for team in teams:
            if team in cells:
                by_role, their_activities = cells[team]
                answered.append(their_activities)
                for role, cell in by_role.items():
                    parts[role].append(cell)
        roles = {role: scorer.gathered(found) for role, found in parts.items()}
        whole = scorer.gathered(list(roles.values())) if roles else Gathered(len(scorer.order))
        in_order = sorted(roles.items(), key=lambda kv: kv[1].first or 0)
        results[key] = ScopeScores(
            scores=scorer.score(whole, _pool_activities(answered) if answered else {}, min_group),
            roles=scorer.by_role(roles),
            role_sizes={role: group.people for role, group in in_order},
        )
    return results
