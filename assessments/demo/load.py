"""A realistic demo organisation for `make run`. Idempotent: safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from assessments.charters.demo import demo_charter
from assessments.demo.consulting import demo_consulting
from assessments.demo.data import (
    TEAM_LEADS,
)
from assessments.demo.follow_up import demo_team_checks
from assessments.demo.integrations import demo_integrations
from assessments.demo.rounds import demo_pilot, demo_rounds, demo_versions
from assessments.organisations.models import Department, Membership, Organisation, Team
from assessments.personas.demo import demo_persona_picks
from assessments.reports import store
from frameworks.models import FrameworkVersion

DEMO_PASSWORD = "pmmaturity-demo"  # noqa: S105 - demo accounts only; refused with DEBUG off

ORGANISATION = ("Brightwater Group", "brightwater")
DEPARTMENTS = {
    "Consumer Apps": ["Checkout", "Mobile App", "Onboarding"],
    "Business Platform": ["Billing", "Partner API", "Admin Console"],
    "Data & Insights": ["Analytics", "Personalisation"],
}
CLIENT_ORGANISATION = ("Kestrel Insurance", "kestrel")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    what: str


DEMO_LOGINS = [
    DemoLogin("admin", "Site Admin", "Django admin (framework content), superuser"),
    DemoLogin("hannah", "Hannah Okafor", "Head of Product, Brightwater Group (organisation admin)"),
    DemoLogin("tom", "Tom Reyes", "Team lead, Checkout team"),
    DemoLogin("maria", "Maria Santos", "Product manager, Checkout team (member)"),
    DemoLogin("chris", "Chris Laine", "Consultant at Laine & Partners, with nine clients"),
]


def _user(username: str, name: str, *, superuser: bool = False, login: bool = True) -> Any:
    first, _, last = name.partition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.com",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        if login:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()  # a colleague in the demo, not a demo login
        user.save(update_fields=["password"])
    # A demo login signs in like anyone else, so its address counts as confirmed.
    EmailAddress.objects.get_or_create(
        user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def demo_load() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        slug=ORGANISATION[1], defaults={"name": ORGANISATION[0]}
    )
    teams: dict[str, Team] = {}
    for dept_name, team_names in DEPARTMENTS.items():
        dept, _ = Department.objects.get_or_create(organisation=org, name=dept_name)
        for team_name in team_names:
            teams[team_name], _ = Team.objects.get_or_create(
                organisation=org, name=team_name, defaults={"department": dept}
            )
    client, _ = Organisation.objects.get_or_create(
        slug=CLIENT_ORGANISATION[1], defaults={"name": CLIENT_ORGANISATION[0]}
    )

    users = {login.username: _user(login.username, login.name) for login in DEMO_LOGINS[1:]}
    _user("admin", DEMO_LOGINS[0].name, superuser=True)
    memberships = [
        (users["hannah"], org, Membership.Role.ADMIN, None),
        (users["tom"], org, Membership.Role.TEAM_LEAD, teams["Checkout"]),
        (users["maria"], org, Membership.Role.MEMBER, teams["Checkout"]),
        (users["chris"], org, Membership.Role.CONSULTANT, None),
        (users["chris"], client, Membership.Role.CONSULTANT, None),
    ]
    for team_name, (username, name) in TEAM_LEADS.items():
        users[username] = _user(username, name, login=False)
        memberships.append((users[username], org, Membership.Role.TEAM_LEAD, teams[team_name]))
    for user, organisation, role, team in memberships:
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role, "team": team}
        )
    demo_charter(org, users["hannah"])
    version = (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )
    if version is not None and not org.assessments.exists():
        versions = demo_versions(version)
        demo_pilot(org, versions.pilot, teams, users["hannah"])
        demo_rounds(org, versions, list(teams.values()), users)  # the health check: round 4
        demo_team_checks(org, versions, teams, users["hannah"])
        for assessment in org.assessments.all():  # reports open at once, worker or not
            demo_persona_picks(assessment)
            store.refresh(assessment)
        users["priya"] = _user("priya", "Priya Shah", login=False)
        demo_consulting(org, client, users)
        demo_integrations(org, users)
    return org
