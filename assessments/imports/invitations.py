"""A round's personal invitations from a file: what each line would add. Pure code: the
caller passes in the round's teams and the addresses it has invited already.

The checks are the invite form's (``rounds.forms.PersonalInvitesForm``): a valid address,
each once; and the team must be one of the round's. Personal invitations carry no role: each
person says theirs when they start answering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from assessments.imports.parsing import Column, Line, is_formula
from assessments.imports.plans import (
    LinePlan,
    Outcome,
    Plan,
    common_summary,
    key,
    listing,
    name_problem,
    plural,
)

EMAIL_LIMIT = 254


def columns(*, several_teams: bool) -> tuple[Column, ...]:
    """A round of several teams needs the team column; with one team it may be left out."""
    return (
        Column("email", "email", aliases=("e-mail", "email address", "e-mail address", "mail")),
        Column("name", "name", aliases=("full name", "person"), required=False),
        Column("team", "team", required=several_teams),
    )


def example(team_names: Sequence[str]) -> dict[str, str]:
    return {"email": "sam.jones@example.com", "name": "Sam Jones", "team": team_names[0]}


@dataclass(frozen=True)
class NewInvitation:
    line: int
    email: str  # lower-cased
    name: str
    team: str  # the round's spelling of the team's name

    @property
    def done(self) -> str:
        return f"Emailed {self.email} a personal link for {self.team}."


def plan_invitations(
    lines: Sequence[Line], *, teams: Sequence[str], invited: Mapping[str, str]
) -> Plan[NewInvitation]:
    """``teams``: the round's team names; ``invited``: each address (lower-cased) with a
    personal link in the round that still works, with its team's name."""
    round_teams = {key(name): name for name in teams}
    first_lines: dict[str, int] = {}
    planned: list[LinePlan] = []
    writes: list[NewInvitation] = []
    for line in lines:
        email = line.get("email").lower()
        problems = _problems(line, round_teams, first_lines)
        first_lines.setdefault(email, line.number)
        team = _team(line, round_teams)
        cells = (line.get("email"), line.get("name"), line.get("team") or team)
        if problems:
            outcome, text = Outcome.PROBLEM, " ".join(problems)
        elif email in invited:
            outcome, text = (
                Outcome.UNCHANGED,
                f"Already invited (to {invited[email]}): no second email.",
            )
        else:
            outcome, text = Outcome.NEW, f"Invite to {team}: an email with a personal link."
            writes.append(NewInvitation(line.number, email, line.get("name"), team))
        planned.append(LinePlan(line.number, cells, outcome, text))
    return Plan(tuple(planned), tuple(writes))


def _team(line: Line, round_teams: dict[str, str]) -> str:
    """The round's team the line is for: its own, or the round's only one."""
    given = line.get("team")
    if given:
        return round_teams.get(key(given), "")
    return next(iter(round_teams.values())) if len(round_teams) == 1 else ""


def _problems(line: Line, round_teams: dict[str, str], first_lines: dict[str, int]) -> list[str]:
    problems = [p for p in (_email_problem(line.get("email"), first_lines),) if p]
    problems += [p for p in (name_problem("name", line.get("name"), required=False),) if p]
    given, names = line.get("team"), listing(sorted(round_teams.values()))
    if given and key(given) not in round_teams:
        problems.append(
            f"{given} is not in this round: its teams are {names}."
            if len(round_teams) > 1
            else f"{given} is not in this round: its team is {names}."
        )
    elif not given and len(round_teams) > 1:
        problems.append(f"No team: say which of this round's teams, {names}.")
    return problems


def _email_problem(email: str, first_lines: dict[str, int]) -> str | None:
    if not email:
        return "No email address: every line needs one."
    if is_formula(email):
        return "The email address is a spreadsheet formula: type the address itself."
    try:
        if len(email) > EMAIL_LIMIT:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        return "That doesn\u2019t look like an email address."
    first = first_lines.get(email.lower())
    if first is not None:
        return f"The same address twice in the file (first on line {first})."
    return None


def confirm_label(plan: Plan[NewInvitation]) -> str:
    return f"Send {plural(len(plan.writes), 'personal link')}"


def summary(plan: Plan[NewInvitation]) -> list[str]:
    return [plural(len(plan.writes), "new invitation"), *common_summary(plan)]
