"""Reads for comparisons: a round's stored results, its earlier rounds', targets and keys.

Nothing here reads an answer: every number comes from the results store. The query count
is fixed, whatever the number of teams or rounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import QuerySet

from assessments.comparisons import like_for_like
from assessments.organisations.models import Department
from assessments.reports import store
from assessments.reports.disclosure import Disclosure, disclosure_of
from assessments.reports.scoring.pairs import Paired
from assessments.roadmaps.models import Target
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import round_team_departments, round_teams_prefetch
from frameworks.levels import MaturityLevel
from frameworks.models import Statement


def comparable_rounds(assessment: Assessment) -> QuerySet[Assessment]:
    """The organisation's rounds up to this one, oldest first; targeted re-checks (a few
    statements for one team) are not rounds to compare."""
    return (
        Assessment.objects.filter(
            organisation_id=assessment.organisation_id,
            recheck_of__isnull=True,
            opens_at__lte=assessment.opens_at,
        )
        .select_related("framework_version__framework")  # named on the page with its version
        # Each round's disclosure needs the departments it grouped its teams under.
        .prefetch_related(round_teams_prefetch())
        .order_by("opens_at", "pk")
    )


@dataclass(frozen=True)
class StatementKey:
    key: str
    enabler: str
    text: str
    warning: bool  # describes a warning sign: its evidence rises as it becomes less true


@dataclass(frozen=True)
class CompareData:
    """Everything a comparison page shows, read in a fixed number of queries."""

    assessment: Assessment
    rounds: tuple[Assessment, ...]  # up to and including this one, oldest first
    since: Assessment | None  # the earlier round compared with
    results: dict[int, store.RoundResults]  # round pk → what was read of it
    statements: dict[int, StatementKey]  # statement pk (any version used) → its key
    targets: dict[tuple[int, str], MaturityLevel]  # (team, enabler key) → latest target
    departments: dict[int, str]  # department pk → name
    # Round pk → its teams (pk → department pk), for every round read: a group is a trend,
    # and a point on a line, only when the rounds covered the same teams in it.
    covered: dict[int, dict[int, int | None]] = field(default_factory=dict)
    _disclosures: dict[int, Disclosure] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def team_names(self) -> dict[int, str]:
        """The round's teams by pk: named once, not looked for team by team."""
        return {t.pk: t.name for t in self.assessment.teams.all()}

    def disclosure(self, r: Assessment) -> Disclosure:
        """Which groups of round ``r`` may be shown (from its stored summaries), made once."""
        found = self._disclosures.get(r.pk)
        if found is None:
            results = self.results[r.pk]
            found = disclosure_of(r, results.summaries, results.computed_at)
            self._disclosures[r.pk] = found
        return found

    def pairs(self, key: store.Key) -> Mapping[str, Paired]:
        """A group's pair totals with the round compared with, by enabler (read only for
        everyone: none with a role filter)."""
        return self.results[self.assessment.pk].pairs.of_scope(key)

    @property
    def earlier(self) -> tuple[Assessment, ...]:
        """Rounds this one can be compared with, newest first."""
        return tuple(r for r in reversed(self.rounds) if r.pk != self.assessment.pk)


def trend_scope(department: int | None) -> store.Key:
    """What a trend follows: the whole round, or one department."""
    return ("department", department) if department else store.ROUND_KEY


def trend_groups(assessment: Assessment, department: int | None) -> list[store.Key]:
    """The rows of a trend and the columns compared: the departments (and any team in none);
    within one department, its teams; in an organisation without departments, the teams."""
    grouped = round_team_departments(assessment)
    teams = sorted(assessment.teams.all(), key=lambda t: (t.name, t.pk))
    if department:
        return [("team", t.pk) for t in teams if grouped.get(t.pk) == department]
    departments = sorted({("department", d) for d in grouped.values() if d})
    loose = [("team", t.pk) for t in teams if not grouped.get(t.pk)]
    return [*departments, *loose] if departments else loose


def teams_in(data: CompareData, round_pk: int, key: store.Key) -> frozenset[int]:
    """The teams a round covered within a group: the whole round, a department or a team."""
    return _within(data.covered.get(round_pk, {}), key)


def _within(teams: Mapping[int, int | None], key: store.Key) -> frozenset[int]:
    if key == store.ROUND_KEY:
        return frozenset(teams)
    kind, pk = key
    if kind == "team":
        return frozenset({pk} & teams.keys())
    return frozenset(team for team, department in teams.items() if department == pk)


def _share_grouping(assessment: Assessment, rounds: list[Assessment]) -> None:
    """The page's own round object reads its teams' departments from the rounds just read,
    rather than once more."""
    cache = getattr(assessment, "_prefetched_objects_cache", None)
    if cache is None or "round_teams" in cache:
        return
    for r in rounds:
        if r.pk == assessment.pk and r is not assessment:
            cache["round_teams"] = r._prefetched_objects_cache["round_teams"]  # type: ignore[attr-defined]


def _covered(rounds: list[Assessment]) -> dict[int, dict[int, int | None]]:
    """From the rounds' teams, prefetched once for their disclosures: no query of its own."""
    return {r.pk: round_team_departments(r) for r in rounds}


def group_name(data: CompareData, key: store.Key) -> str:
    if key == store.ROUND_KEY:
        return "Whole round"
    if key[0] == "department":
        return data.departments.get(key[1], "")
    return data.team_names.get(key[1], "")


def comparable_as_asked(a: Assessment, b: Assessment) -> bool:
    """Two rounds that asked the same statements: same version, and neither a re-check of a
    few statements. Otherwise they compare on the statements they share."""
    return a.framework_version_id == b.framework_version_id and not (
        a.recheck_of_id or b.recheck_of_id
    )


def enablers_of(
    results: store.RoundResults, key: store.Key, role: str = ""
) -> tuple[Mapping[str, store.EnablerSummary], int]:
    """A group's enabler results and its size: everyone, or one role within it (whether they
    may be shown is the round's ``disclosure``)."""
    summary = results.summaries.get(key)
    if summary is None:
        return {}, 0
    if role:
        return results.role_enablers(key, role), summary.role_sizes.get(role, 0)
    return summary.enablers, summary.respondents


def compare_data(
    assessment: Assessment,
    *,
    since: int | None = None,
    department: int | None = None,
    role: str = "",
) -> CompareData:
    """This round's summaries, its groups in full (dials, activities, disagreement) and the
    scope followed; earlier rounds' summaries, and the round compared with in full where its
    statements are needed. The cost grows with neither teams nor rounds."""
    rounds = list(comparable_rounds(assessment))
    if assessment.pk not in {r.pk for r in rounds}:  # a re-check round compares with itself
        rounds.append(assessment)
    _share_grouping(assessment, rounds)
    if department not in set(round_team_departments(assessment).values()):
        department = None  # not a department this round grouped teams under
    earlier = [r for r in reversed(rounds) if r.pk != assessment.pk]
    scope = trend_scope(department)
    covered = _covered(rounds)
    chosen = next((r for r in earlier if r.pk == since), None) or _newest_alike(
        earlier, covered, assessment, scope
    )
    groups = frozenset(trend_groups(assessment, department))
    wanted = {}
    for r in rounds:
        full: frozenset[store.Key] = frozenset()
        if r.pk == assessment.pk:
            full = groups | {scope}
        elif not comparable_as_asked(r, assessment):
            # Another version: compared on shared statements, which only full rows hold.
            full = frozenset({scope}) | (groups if r == chosen else frozenset())
        elif r == chosen:
            full = frozenset({scope})
        # A role's subgroup has no pair totals: only everyone is compared paired.
        pairs_with = chosen.pk if r.pk == assessment.pk and chosen and not role else None
        wanted[r] = store.Wanted(full, roles=bool(role), pairs_with=pairs_with)
    return CompareData(
        assessment=assessment,
        rounds=tuple(rounds),
        since=chosen,
        results=store.rounds_results(wanted),
        statements=_statement_keys({r.framework_version_id for r in rounds}),
        targets=latest_targets(assessment),
        departments=dict(
            Department.objects.filter(organisation_id=assessment.organisation_id).values_list(
                "pk", "name"
            )
        ),
        covered=covered,
    )


def _newest_alike(
    earlier: list[Assessment],
    covered: Mapping[int, Mapping[int, int | None]],
    assessment: Assessment,
    scope: store.Key,
) -> Assessment | None:
    """The round compared with when none is asked for: the newest earlier one that covered
    every team of the scope (``like_for_like``), else the newest, which then says why it
    shows no change."""
    now = _within(covered[assessment.pk], scope)
    alike = (r for r in earlier if like_for_like.covers(_within(covered[r.pk], scope), now))
    return next(alike, earlier[0] if earlier else None)


def _statement_keys(version_ids: set[int]) -> dict[int, StatementKey]:
    return {
        pk: StatementKey(key, enabler, text, warning)
        for pk, key, enabler, text, warning in Statement.objects.filter(
            version_id__in=version_ids
        ).values_list("pk", "key", "enabler__key", "text", "reverse_scored")
    }


def latest_targets(assessment: Assessment) -> dict[tuple[int, str], MaturityLevel]:
    """Each team's latest target per enabler, set in this round or an earlier one."""
    targets: dict[tuple[int, str], MaturityLevel] = {}
    for team_id, enabler, level in (
        Target.objects.filter(
            assessment__organisation_id=assessment.organisation_id,
            assessment__opens_at__lte=assessment.opens_at,
        )
        .order_by("assessment__opens_at", "pk")
        .values_list("team_id", "enabler__key", "level__key")
    ):
        targets[(team_id, enabler)] = MaturityLevel.from_key(level)
    return targets


def names_for(assessment: Assessment, department: int | None, since: int | None) -> list[str]:
    """The names of a department and an earlier round, as a board pack's title names them:
    each only when it is the organisation's (two small reads, at most)."""
    names: list[str] = []
    if department:
        found = Department.objects.filter(organisation_id=assessment.organisation_id, pk=department)
        names.extend(found.values_list("name", flat=True)[:1])
    if since:
        earlier = comparable_rounds(assessment).filter(pk=since).exclude(pk=assessment.pk)
        names.extend(f"compared with {name}" for name in earlier.values_list("name", flat=True))
    return names
