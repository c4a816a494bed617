"""Reads for personas: the version's personas, a respondent's picks, a scope's picks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from assessments.personas import rules
from assessments.personas.models import PersonaChoice
from assessments.rounds.anonymity import Group
from assessments.rounds.models import Assessment, Respondent
from assessments.rounds.selectors import round_team_departments
from frameworks.models import Persona

TREE_KINDS = frozenset({"round", "department", "team"})  # a report's scopes in the round's tree

PERSONA_QUESTIONS = (
    ("now", "Which describe how you spent most of last month?"),
    ("needed", "Which does your role most need?"),
)


def personas_of(assessment: Assessment) -> list[Persona]:
    return list(Persona.objects.filter(version_id=assessment.framework_version_id))


def personas_picked_by(respondent: Respondent) -> list[Persona]:
    """The round's personas, each marked ``picked_now`` and ``picked_needed`` for this
    respondent: one query for the whole section."""
    mine = PersonaChoice.objects.filter(respondent=respondent, persona=OuterRef("pk"))
    return list(
        Persona.objects.filter(version_id=respondent.assessment.framework_version_id).annotate(
            picked_now=Exists(mine.filter(kind=PersonaChoice.Kind.NOW)),
            picked_needed=Exists(mine.filter(kind=PersonaChoice.Kind.NEEDED)),
        )
    )


@dataclass(frozen=True)
class PersonaReport:
    """A scope's personas: everyone's mix, each role large enough to show, and the names."""

    personas: tuple[Persona, ...]
    whole: rules.Mix | None  # None: too few people answered to show
    roles: dict[str, rules.Mix]
    threshold: int

    def name(self, key: str) -> str:
        return next((p.name for p in self.personas if p.key == key), key)

    @property
    def rows(self) -> list[tuple[Persona, rules.Share]]:
        """Each persona with everyone's shares, in the content's order."""
        shares = {s.key: s for s in self.whole.shares} if self.whole else {}
        return [(p, shares[p.key]) for p in self.personas if p.key in shares]

    def gaps(self, mix: rules.Mix, limit: int = 3) -> list[tuple[str, rules.Share]]:
        """The personas most needed beyond today, by name, widest first."""
        return [(self.name(s.key), s) for s in mix.widest_gaps[:limit]]


def persona_report(
    assessment: Assessment, team_ids: AbstractSet[int] | None, group: Group | None = None
) -> PersonaReport | None:
    """Submitted respondents' picks in a scope; None if the version has none.

    ``group``: the scope as a group of the round's tree (the round, a department, a team).
    Its mixes are then shown as the round's rules allow on the counts of people who picked
    (``rules.shown_mixes``: three queries, two when the round came with its teams, as a
    report's does). Without one (a scope outside the tree) only the
    scope's own roles are weighed against each other (two queries).
    """
    personas = tuple(personas_of(assessment))
    if not personas:
        return None
    chosen = PersonaChoice.objects.filter(
        respondent__assessment=assessment, respondent__submitted_at__isnull=False
    )
    if team_ids is not None and group is None:
        chosen = chosen.filter(respondent__team_id__in=team_ids)
    picked: dict[int, dict[str, set[str]]] = defaultdict(lambda: {"now": set(), "needed": set()})
    people: dict[int, tuple[int, str]] = {}
    for respondent_id, team_id, role, key, kind in chosen.values_list(
        "respondent_id", "respondent__team_id", "respondent__role", "persona__key", "kind"
    ):
        picked[respondent_id][kind].add(key)
        people[respondent_id] = (team_id, role)
    by_team: dict[int, list[rules.Picks]] = defaultdict(list)
    for r, p in sorted(picked.items()):
        team_id, role = people[r]
        by_team[team_id].append(rules.Picks(role, frozenset(p["now"]), frozenset(p["needed"])))
    picks = [p for team, ps in by_team.items() if team_ids is None or team in team_ids for p in ps]
    keys = [p.key for p in personas]
    leaders = frozenset(p.key for p in personas if p.leadership)
    threshold = assessment.group_threshold
    if group is not None:
        if not by_team:  # nobody picked: no group of the tree has anyone to show
            return PersonaReport(personas, None, {}, threshold)
        shown = rules.shown_mixes(by_team, round_team_departments(assessment), threshold)
        whole, roles = rules.group_mixes(picks, keys, leaders, group, shown)
        return PersonaReport(personas, whole, roles, threshold)
    whole = rules.mix(picks, keys, leaders)
    return PersonaReport(
        personas=personas,
        whole=whole if assessment.shows_group(whole.people) else None,
        roles=rules.by_role(picks, keys, leaders, threshold),
        threshold=threshold,
    )


def scope_group(scope: Any) -> Group | None:
    """A report's scope as a group of the round's tree, or None for any other scope."""
    if scope.kind not in TREE_KINDS:
        return None
    return (scope.kind, scope.obj_pk or 0)


def persona_context(report: Any) -> dict[str, Any]:
    """What a report page shows of personas (nothing while the report is withheld)."""
    if report.withheld:
        return {"personas": None}
    found = persona_report(report.assessment, report.scope.team_ids, scope_group(report.scope))
    labels = dict(Respondent.Role.choices)
    return {
        "personas": found,
        "role_mixes": [(labels.get(r, r), m, found.gaps(m, 2)) for r, m in found.roles.items()]
        if found
        else [],
        "persona_gaps": found.gaps(found.whole) if found and found.whole else [],
    }
