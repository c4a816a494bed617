"""Departments and teams from a file: what each line would add. Pure code: the caller reads
the organisation's departments and teams and passes them in.

A line names a department and, optionally, a team in it. Departments and teams already there
are matched by name (case and spaces aside) and left as they are: an import adds, it never
renames or moves (the "People and teams" page does that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assessments.imports.parsing import Column, Line
from assessments.imports.plans import (
    LinePlan,
    Outcome,
    Plan,
    common_summary,
    key,
    name_problem,
    plural,
)

COLUMNS = (
    Column("department", "department", aliases=("dept", "division")),
    Column("team", "team", aliases=("team (optional)",), required=False),
)
EXAMPLE = {"department": "Consumer Apps", "team": "Checkout"}


@dataclass(frozen=True)
class Addition:
    """A department (``department`` empty) or a team in ``department``, to be added."""

    line: int
    name: str
    department: str = ""

    @property
    def is_team(self) -> bool:
        return bool(self.department)

    @property
    def done(self) -> str:
        if self.is_team:
            return f"Added the team {self.name} to {self.department}."
        return f"Added the department {self.name}."


@dataclass
class _Seen:
    """What the lines so far have named or will add, by ``key``."""

    departments: dict[str, str]  # key -> the name to use (the organisation's spelling)
    teams: dict[str, tuple[str, str | None]]  # key -> (name, its department's key)
    new_departments: set[str]
    team_lines: dict[str, int]  # key -> the line that named it first
    department_lines: dict[str, int]  # key -> the first line naming it without a team


def plan_departments(
    lines: Sequence[Line],
    *,
    departments: Iterable[str],
    teams: Iterable[tuple[str, str | None]],
) -> Plan[Addition]:
    """``departments``: the organisation's names; ``teams``: (name, department name or None)."""
    seen = _Seen(
        departments={key(name): name for name in departments},
        teams={key(name): (name, key(dept) if dept else None) for name, dept in teams},
        new_departments=set(),
        team_lines={},
        department_lines={},
    )
    planned: list[LinePlan] = []
    writes: list[Addition] = []
    for line in lines:
        outcome, text, added = _plan_line(line, seen)
        planned.append(
            LinePlan(line.number, (line.get("department"), line.get("team")), outcome, text)
        )
        writes.extend(added)
    return Plan(tuple(planned), tuple(writes))


def _plan_line(line: Line, seen: _Seen) -> tuple[Outcome, str, list[Addition]]:
    department, team = line.get("department"), line.get("team")
    problems = [
        p
        for p in (
            name_problem("department", department),
            name_problem("team", team, required=False),
        )
        if p
    ]
    if not problems and team:
        problems = _team_problems(line, seen)
    if problems:
        return Outcome.PROBLEM, " ".join(problems), []
    dept_key = key(department)
    if team:
        seen.team_lines.setdefault(key(team), line.number)
    added: list[Addition] = []
    texts: list[str] = []
    if dept_key not in seen.departments:
        seen.departments[dept_key] = department
        seen.new_departments.add(dept_key)
        added.append(Addition(line.number, department))
        texts.append("New department.")
    dept_name = seen.departments[dept_key]
    if team and key(team) not in seen.teams:
        seen.teams[key(team)] = (team, dept_key)
        added.append(Addition(line.number, team, dept_name))
        texts.append(f"New team in {dept_name}.")
    if added:
        return Outcome.NEW, " ".join(texts), added
    return Outcome.UNCHANGED, _unchanged_text(line, seen, dept_key), []


def _team_problems(line: Line, seen: _Seen) -> list[str]:
    team_key, dept_key = key(line.get("team")), key(line.get("department"))
    first = seen.team_lines.get(team_key)
    if first is not None:
        return [f"The same team twice in the file (first on line {first})."]
    if team_key not in seen.teams:
        return []
    name, in_department = seen.teams[team_key]
    if in_department == dept_key:
        return []
    where = f"in {seen.departments[in_department]}" if in_department else "in no department"
    return [
        f"{name} is already a team, {where}: an import doesn't move teams. Move it on the "
        "People and teams page, or change this line."
    ]


def _unchanged_text(line: Line, seen: _Seen, dept_key: str) -> str:
    team = line.get("team")
    if team:
        name = seen.teams[key(team)][0]
        return "Already there." if name == team else f"Already there, as {name}."
    first = seen.department_lines.setdefault(dept_key, line.number)
    if first != line.number or dept_key in seen.new_departments:
        return "Already in the file above: nothing more to add."
    name = seen.departments[dept_key]
    return "Already there." if name == line.get("department") else f"Already there, as {name}."


def confirm_label(plan: Plan[Addition]) -> str:
    teams = sum(a.is_team for a in plan.writes)
    return f"Add {plural(len(plan.writes) - teams, 'department')} and {plural(teams, 'team')}"


def summary(plan: Plan[Addition]) -> list[str]:
    teams = sum(a.is_team for a in plan.writes)
    return [
        plural(len(plan.writes) - teams, "new department"),
        plural(teams, "new team"),
        *common_summary(plan),
    ]
