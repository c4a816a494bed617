"""What each line of a file would add: the pure rules for departments, teams and invitations."""

from __future__ import annotations

from assessments.imports.departments import Addition, plan_departments
from assessments.imports.invitations import NewInvitation, plan_invitations
from assessments.imports.parsing import Line
from assessments.imports.plans import NAME_LIMIT, Outcome


def lines(*rows: dict[str, str]) -> list[Line]:
    return [Line(n, {k: v for k, v in row.items() if v}) for n, row in enumerate(rows, start=2)]


def said(plan) -> list[tuple[int, str, str]]:
    return [(line.number, line.outcome.value, line.text) for line in plan.lines]


def test_the_name_limit_is_the_models():
    from assessments.models import Department, Invitation, Team

    for model in (Department, Team, Invitation):
        assert model._meta.get_field("name").max_length == NAME_LIMIT


def test_new_and_existing_departments_and_teams_each_say_what_happens():
    plan = plan_departments(
        lines(
            {"department": "Growth"},
            {"department": "growth ", "team": "Search"},
            {"department": "Consumer apps", "team": "checkout"},
            {"department": "Consumer Apps"},
            {"department": "Platform", "team": "Data"},
            {"department": "Platform"},
        ),
        departments=["Consumer Apps"],
        teams=[("Checkout", "Consumer Apps")],
    )
    assert said(plan) == [
        (2, "new", "New department."),
        (3, "new", "New team in Growth."),
        (4, "unchanged", "Already there, as Checkout."),
        (5, "unchanged", "Already there."),
        (6, "new", "New department. New team in Platform."),
        (7, "unchanged", "Already in the file above: nothing more to add."),
    ]
    assert plan.writes == (
        Addition(2, "Growth"),
        Addition(3, "Search", "Growth"),
        Addition(6, "Platform"),
        Addition(6, "Data", "Platform"),
    )
    assert plan.can_confirm


def test_department_line_problems():
    long_name = "x" * (NAME_LIMIT + 1)
    plan = plan_departments(
        lines(
            {"team": "Lonely"},
            {"department": long_name},
            {"department": "Growth", "team": long_name},
            {"department": '=HYPERLINK("x")'},
            {"department": "Growth", "team": "Search"},
            {"department": "Sales", "team": "search"},
            {"department": "Sales", "team": "Checkout"},
            {"department": "Sales", "team": "Loose"},
        ),
        departments=["Payments"],
        teams=[("Checkout", "Payments"), ("Loose", None)],
    )
    problems = {line.number: line.text for line in plan.lines if line.outcome == Outcome.PROBLEM}
    assert problems == {
        2: "No department: every line needs one.",
        3: f"Department too long: at most {NAME_LIMIT} characters (this one has {NAME_LIMIT + 1}).",
        4: f"Team too long: at most {NAME_LIMIT} characters (this one has {NAME_LIMIT + 1}).",
        5: "The department starts with \u201c=\u201d, so it is a spreadsheet formula, not a name: "
        "type the name itself.",
        7: "The same team twice in the file (first on line 6).",
        8: "Checkout is already a team, in Payments: an import doesn't move teams. Move it on the "
        "People and teams page, or change this line.",
        9: "Loose is already a team, in no department: an import doesn't move teams. Move it on "
        "the People and teams page, or change this line.",
    }
    assert plan.problems == 7
    assert not plan.can_confirm


def test_invitations_check_addresses_teams_and_who_is_invited_already():
    plan = plan_invitations(
        lines(
            {"email": "Ann@Example.com", "name": "Ann", "team": "checkout"},
            {"email": "ann@example.com", "team": "Checkout"},
            {"email": "not-an-address", "team": "Checkout"},
            {"email": "bo@example.com"},
            {"email": "cy@example.com", "team": "Sales"},
            {"email": "old@example.com", "team": "Search"},
            {"name": "Nobody", "team": "Search"},
            {"email": "=A1", "team": "Search"},
        ),
        teams=["Checkout", "Search"],
        invited={"old@example.com": "Checkout"},
    )
    assert said(plan) == [
        (2, "new", "Invite to Checkout: an email with a personal link."),
        (3, "problem", "The same address twice in the file (first on line 2)."),
        (4, "problem", "That doesn\u2019t look like an email address."),
        (5, "problem", "No team: say which of this round's teams, Checkout and Search."),
        (6, "problem", "Sales is not in this round: its teams are Checkout and Search."),
        (7, "unchanged", "Already invited (to Checkout): no second email."),
        (8, "problem", "No email address: every line needs one."),
        (9, "problem", "The email address is a spreadsheet formula: type the address itself."),
    ]
    assert plan.writes == (NewInvitation(2, "ann@example.com", "Ann", "Checkout"),)


def test_a_round_of_one_team_needs_no_team_column():
    plan = plan_invitations(
        lines({"email": "a@example.com"}, {"email": "b@example.com", "team": "Other"}),
        teams=["Checkout"],
        invited={},
    )
    assert said(plan)[1] == (3, "problem", "Other is not in this round: its team is Checkout.")
    assert plan.writes == (NewInvitation(2, "a@example.com", "", "Checkout"),)
