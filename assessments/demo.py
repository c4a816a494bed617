"""A realistic demo organisation for `make run`. Idempotent: safe to run again."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments.organisations.models import Department, Membership, Organisation, Team
from assessments.roadmaps import selectors as roadmap_selectors
from assessments.roadmaps import services as roadmap_services
from assessments.roadmaps.models import RoadmapAction
from assessments.rounds import services
from assessments.rounds.models import ActivityAnswer, Answer, Respondent
from assessments.rounds.selectors import Questionnaire, questionnaire
from frameworks.levels import MaturityLevel
from frameworks.models import FrameworkVersion, ScaleOption, Statement
from frameworks.services import version_freeze

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
    DemoLogin("chris", "Chris Laine", "Consultant with two client organisations"),
]


def _user(username: str, name: str, *, superuser: bool = False) -> Any:
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
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
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
    for user, organisation, role, team in memberships:
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role, "team": team}
        )
    version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED).first()
    if version is not None and not org.assessments.exists():
        _demo_rounds(org, version, list(teams.values()), users["hannah"])
        _demo_roadmap(org, teams["Checkout"], users["tom"], users["maria"])
    return org


def _demo_roadmap(org: Organisation, team: Team, lead: Any, member: Any) -> None:
    """Checkout turned its baseline report into a roadmap and got going."""
    baseline = org.assessments.order_by("opens_at").first()
    if baseline is None or not baseline.framework_version.recommendation_set.exists():
        return
    report = roadmap_selectors.team_report(baseline, team)
    if report.scores is None:
        return
    targets = dict(roadmap_selectors.current_targets(baseline, team, report.scores))
    road = roadmap_services.roadmap_generate(
        assessment=baseline, team=team, targets=targets, reasons={}, user=lead
    )
    now = list(road.actions.filter(horizon="now").order_by("position"))
    for action, status, owner in zip(
        now, ["done", "in_progress", "not_started"], [lead, member, member], strict=False
    ):
        roadmap_services.action_update(
            action=action,
            user=lead,
            status=status,
            owner_id=owner.pk,
            due_date=(timezone.now() + timedelta(days=30)).date(),
        )
    later = road.actions.filter(horizon="later", status=RoadmapAction.Status.PROPOSED).first()
    if later is not None:
        roadmap_services.action_update(action=later, user=lead, status="dropped")


# --- two assessment rounds with realistic, varied answers ------------------------------------

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Nils",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
LAST_NAMES = ["Adams", "Berg", "Costa", "Diaz", "Evans", "Fox", "Gill", "Haas", "Iqbal", "Jensen"]
ROLE_MIX = [
    "product_manager",
    "product_owner",
    "engineer",
    "engineer",
    "engineer",
    "designer",
    "product_marketing",
    "leadership",
]
# How mature each team really is, per enabler position (0 = immature … 1 = leading).
TEAM_PROFILES = {
    "Checkout": [0.55, 0.45, 0.35, 0.6, 0.5],
    "Mobile App": [0.4, 0.3, 0.55, 0.35, 0.45],
    "Onboarding": [0.3, 0.25, 0.45, 0.3, 0.35],
    "Billing": [0.6, 0.8, 0.35, 0.85, 0.6],
    "Partner API": [0.25, 0.2, 0.2, 0.45, 0.3],
    "Admin Console": [0.35, 0.4, 0.25, 0.5, 0.4],
    "Analytics": [0.8, 0.7, 0.9, 0.95, 0.75],
    "Personalisation": [0.45, 0.35, 0.7, 0.55, 0.35],
}
# Teams whose members see one enabler very differently (index of the enabler).
SPLIT_TEAMS = {"Mobile App": 1, "Partner API": 0, "Personalisation": 4}
# Who really leads activities in some teams, where it differs from product management.
LEADER_HABITS = {
    "roadmaps": {"Partner API": "sales", "Admin Console": "development"},
    "competitive-research": {
        "Onboarding": "nobody",
        "Partner API": "nobody",
        "Billing": "marketing",
    },
    "pricing": {"Checkout": "senior-management", "Mobile App": "senior-management"},
    "business-cases": {"Partner API": "nobody"},
    "market-research": {"Analytics": "marketing", "Checkout": "marketing"},
}


def _agree_probability(maturity: float, level: int, reverse: bool) -> float:
    # Statements evidencing a level hold once maturity passes it; symptoms fade as it grows.
    reach = maturity * 3 - level
    p = 1 / (1 + math.exp(-3.0 * (reach - 0.3)))
    return 1 - p if reverse else p


def _pick_option(rng: random.Random, p_agree: float, options: list[ScaleOption]) -> ScaleOption:
    scored = sorted((o for o in options if o.score is not None), key=lambda o: o.score or 0)
    position = min(len(scored) - 1, max(0, round(rng.gauss(p_agree, 0.18) * (len(scored) - 1))))
    return scored[position]


@dataclass
class _Round:
    """What the demo needs at hand while it writes one round's answers."""

    rng: random.Random
    q: Questionnaire
    level_of: dict[int, int]
    answers: list[Any]
    activity_answers: list[Any]


def _demo_rounds(
    org: Organisation, version: FrameworkVersion, teams: list[Team], lead: Any
) -> None:

    rng = random.Random(2026)
    now = timezone.now()
    rounds = [
        ("Spring 2026 baseline", now - timedelta(days=200), now - timedelta(days=180), 1.0),
        ("Autumn 2026 health check", now - timedelta(days=9), now + timedelta(days=5), 0.0),
    ]
    level_of = {
        pk: int(MaturityLevel.from_key(key))
        for pk, key in Statement.objects.filter(version=version).values_list("pk", "level__key")
    }
    for name, opens, closes, progress_bias in rounds:
        assessment = services.assessment_create(
            organisation=org,
            name=name,
            framework_version=version,
            teams=teams,
            include_maturity=True,
            include_activities=True,
            opens_at=opens,
            closes_at=closes,
            anonymity="anonymous",
            min_group_size=3,
            created_by=lead,
        )
        state = _Round(rng, questionnaire(assessment), level_of, [], [])
        for team in teams:
            services.invitation_create_team_link(assessment=assessment, team=team)
            # The later round shows some progress since the baseline.
            profile = [
                min(1.0, m + (0.0 if progress_bias else 0.08))
                for m in TEAM_PROFILES.get(team.name, [0.4] * 5)
            ]
            for i in range(rng.randint(6, 9)):
                _demo_person(
                    state, assessment, team, profile, i, opens, baseline=bool(progress_bias)
                )
        Answer.objects.bulk_create(state.answers, batch_size=2000)
        ActivityAnswer.objects.bulk_create(state.activity_answers, batch_size=2000)

    version_freeze(version=version)


def _demo_person(
    state: _Round,
    assessment: Any,
    team: Team,
    profile: list[float],
    i: int,
    opens: Any,
    *,
    baseline: bool,
) -> None:
    """One invited person: some answer everything, some stop part-way, some never start."""
    rng = state.rng
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    invitation = services.invitation_create_personal(
        assessment=assessment,
        team=team,
        email=f"{first}.{last}{rng.randint(1, 99)}@brightwater.example".lower(),
        name=f"{first} {last}",
    )
    # Later round: some have not started, some stopped part-way.
    stage = 1.0 if baseline else rng.choice([1, 1, 1, 1, 0.6, 0.3, 0])
    # Checkout re-assessed in earnest, so its roadmap can show progress.
    keen = team.name == "Checkout" and i < 4
    if keen:
        stage = 1.0
    if stage == 0:
        return
    respondent = services.respondent_for_personal_link(invitation=invitation)
    role = ROLE_MIX[i % len(ROLE_MIX)]
    services.respondent_set_profile(respondent=respondent, role=role)
    sections = state.q.sections[: max(1, math.ceil(len(state.q.sections) * stage))]
    enabler_sections = [s for s in state.q.sections if s.kind == "enabler"]
    for index, section in enumerate(enabler_sections):
        if section not in sections:
            continue
        maturity = profile[index % len(profile)]
        if SPLIT_TEAMS.get(team.name) == index:
            maturity += 0.35 if i % 2 else -0.3
        if role == "leadership":
            maturity += 0.1  # leaders tend to see things rosier
        for statement in section.statements:
            _demo_statement(state, respondent, statement, role, index, maturity)
    for section in (s for s in sections if s.kind == "activities"):
        for activity in section.activities:
            _demo_activity(state, respondent, activity, team, profile[0])
    if stage == 1 and (baseline or keen or rng.random() < 0.85):
        Respondent.objects.filter(pk=respondent.pk).update(
            submitted_at=opens + timedelta(days=rng.randint(1, 8)),
            last_saved_at=opens + timedelta(days=1),
        )


def _demo_statement(
    state: _Round, respondent: Any, statement: Any, role: str, index: int, maturity: float
) -> None:

    rng = state.rng
    unsure = 0.25 if role in {"engineer", "designer"} and index in {1, 2} else 0.05
    if statement.audience == "product" and role not in Respondent.PRODUCT_ROLES:
        unsure = 0.5
    if rng.random() < unsure:
        option = next(o for o in state.q.agreement if o.score is None)
    else:
        level = state.level_of[statement.pk]
        p_agree = _agree_probability(maturity, level, statement.reverse_scored)
        option = _pick_option(rng, p_agree, state.q.agreement)
    comment = rng.choice(DEMO_COMMENTS) if rng.random() < 0.04 else ""
    state.answers.append(
        Answer(respondent=respondent, statement=statement, option=option, comment=comment)
    )


def _demo_activity(
    state: _Round, respondent: Any, activity: Any, team: Team, maturity: float
) -> None:

    rng = state.rng
    leaders = {leader.key: leader for leader in state.q.leaders}
    habit = LEADER_HABITS.get(activity.key, {}).get(team.name)
    if rng.random() < 0.15:
        habit = rng.choice(["product-management", "development", "dont-know"])
    key = habit or ("product-management" if rng.random() < 0.7 else "product-marketing")
    leader = leaders.get(key) or state.q.leaders[0]
    perf = None
    if leader.kind not in {"nobody", "unknown"}:
        perf = _pick_option(rng, maturity, state.q.performance)
    state.activity_answers.append(
        ActivityAnswer(respondent=respondent, activity=activity, leader=leader, performance=perf)
    )


DEMO_COMMENTS = [
    "Depends a lot on which product manager you ask.",
    "We did this last year but it has slipped since the reorganisation.",
    "Sales still bring in one-off deals that jump the queue.",
    "Only for the bigger releases.",
    "I honestly don't see this from where I sit.",
    "We talk about it, but nothing is written down.",
]
