"""A realistic demo organisation for `make run`. Idempotent: safe to run again."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments.organisations.models import Department, Membership, Organisation, Team
from assessments.reports import store
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
    version = (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )
    if version is not None and not org.assessments.exists():
        _demo_rounds(org, version, list(teams.values()), users)
        for assessment in org.assessments.all():  # reports open at once, worker or not
            store.refresh(assessment)
    return org


def _demo_roadmap(baseline: Any, team: Team, lead: Any, member: Any) -> dict[int, float]:
    """Checkout turned its baseline report into a roadmap and got going.

    Returns how much the work moved each statement: done actions a lot, started ones a
    little, so the next round shows progress exactly where the team acted.
    """
    if not baseline.framework_version.recommendation_set.exists():
        return {}
    report = roadmap_selectors.team_report(baseline, team)
    if report.scores is None:
        return {}
    targets = dict(roadmap_selectors.current_targets(baseline, team, report.scores))
    road = roadmap_services.roadmap_generate(
        assessment=baseline, team=team, targets=targets, reasons={}, user=lead
    )
    # The team finished the first recommended action and the first conversation, started
    # the second recommended action, and took on one more.
    soon = {"now": 0, "next": 1, "later": 2}
    ordered = sorted(road.actions.all(), key=lambda a: (soon[a.horizon], a.position))
    recommended = [a for a in ordered if a.recommendation_id]
    talks = [a for a in ordered if not a.recommendation_id and a.horizon == "now"]
    plan = [*recommended[:1], *talks[:1], *recommended[1:3]]
    for action, status, owner in zip(
        plan,
        ["done", "done", "in_progress", "not_started"],
        [lead, member, member, lead],
        strict=False,
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
    lift: dict[int, float] = {}
    for status, amount in (("in_progress", 0.2), ("done", 0.45)):
        for action in road.actions.filter(status=status, recommendation__isnull=False):
            for pk in action.recommendation.statements.values_list("pk", flat=True):  # type: ignore[union-attr]
                lift[pk] = max(lift.get(pk, 0.0), amount)
    return lift


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
# How far each role tends to see things rosier (+) or bleaker (−) than the team's reality.
# Leaders see strategy from the boardroom; engineers see it from the backlog.
ROLE_LENS = {"leadership": 0.12, "product_manager": 0.04, "engineer": -0.05, "designer": -0.03}
# Teams where one enabler (by index) divides people by role, and how strongly per role.
ROLE_SPLITS = {
    "Mobile App": (1, {"leadership": 0.45, "product_manager": 0.35, "product_owner": 0.3}),
    "Partner API": (0, {"leadership": 0.5, "product_manager": 0.4, "engineer": -0.2}),
    "Personalisation": (4, {"engineer": -0.35, "designer": -0.35, "product_manager": 0.3}),
}
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
    # Product people pulled into work they should support: the firefighting sign.
    "sales-support": {"Partner API": "product-management", "Billing": "product-management"},
    "requirements": {"Checkout": "product-owner", "Mobile App": "product-owner"},
    "design-build": {"Onboarding": "product-owner"},
}


# Who leads the activities product management should only support, where nobody says otherwise.
USUAL_LEADERS = {
    "design-build": "development",
    "product-promotion": "marketing",
    "sales-support": "sales",
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
    level_of: dict[int, int]
    q: Questionnaire | None = None
    answers: list[Any] = field(default_factory=list)
    activity_answers: list[Any] = field(default_factory=list)
    lift: dict[int, float] = field(default_factory=dict)  # statement → progress made since
    baseline: bool = True


def _demo_rounds(
    org: Organisation, version: FrameworkVersion, teams: list[Team], users: dict[str, Any]
) -> None:
    """A spring baseline, Checkout's roadmap from it, then an autumn round still open.

    Teams' real maturity is the same in both rounds (answers differ only by chance), except
    where Checkout did the work on its roadmap: those statements move.
    """
    now = timezone.now()
    level_of = {
        pk: int(MaturityLevel.from_key(key))
        for pk, key in Statement.objects.filter(version=version).values_list("pk", "level__key")
    }
    state = _Round(random.Random(2026), level_of)
    spring = ("Spring 2026 baseline", now - timedelta(days=200), now - timedelta(days=180))
    baseline = _demo_round(org, version, teams, users["hannah"], spring, state)
    checkout = next(t for t in teams if t.name == "Checkout")
    state.lift = _demo_roadmap(baseline, checkout, users["tom"], users["maria"])
    state.baseline = False
    autumn = ("Autumn 2026 health check", now - timedelta(days=9), now + timedelta(days=5))
    _demo_round(org, version, teams, users["hannah"], autumn, state)
    version_freeze(version=version)


def _demo_round(
    org: Organisation,
    version: FrameworkVersion,
    teams: list[Team],
    lead: Any,
    when: tuple[str, Any, Any],
    state: _Round,
) -> Any:
    name, opens, closes = when
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
    state.q = questionnaire(assessment)
    state.answers, state.activity_answers = [], []
    for team in teams:
        services.invitation_create_team_link(assessment=assessment, team=team)
        profile = TEAM_PROFILES.get(team.name, [0.4] * 5)
        for i in range(state.rng.randint(6, 9)):
            _demo_person(state, assessment, team, profile, i, opens)
    Answer.objects.bulk_create(state.answers, batch_size=2000)
    ActivityAnswer.objects.bulk_create(state.activity_answers, batch_size=2000)
    return assessment


def _demo_person(
    state: _Round,
    assessment: Any,
    team: Team,
    profile: list[float],
    i: int,
    opens: Any,
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
    baseline = state.baseline
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
    assert state.q is not None, "the round's questionnaire is set before people answer"
    sections = state.q.sections[: max(1, math.ceil(len(state.q.sections) * stage))]
    enabler_sections = [s for s in state.q.sections if s.kind == "enabler"]
    for index, section in enumerate(enabler_sections):
        if section not in sections:
            continue
        maturity = profile[index % len(profile)] + ROLE_LENS.get(role, 0.0)
        split_index, lens = ROLE_SPLITS.get(team.name, (-1, {}))
        if split_index == index:
            maturity += lens.get(role, -0.2)  # everyone else sees it the other way
        lift = state.lift if team.name == "Checkout" else {}
        for statement in section.statements:
            moved = maturity + lift.get(statement.pk, 0.0)
            _demo_statement(state, respondent, statement, role, index, moved)
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
    if statement.audience == "product" and role not in Respondent.PRODUCT_ROLES:
        return  # not asked of other roles
    assert state.q is not None
    rng = state.rng
    unsure = 0.25 if role in {"engineer", "designer"} and index in {1, 2} else 0.05
    comment = ""
    if rng.random() < unsure:
        option = next(o for o in state.q.agreement if o.score is None)
    else:
        level = state.level_of[statement.pk]
        p_agree = _agree_probability(maturity, level, statement.reverse_scored)
        option = _pick_option(rng, p_agree, state.q.agreement)
        said = STATEMENT_COMMENTS.get(statement.key)
        if said and option.score != 50 and rng.random() < 0.3:
            comment = said[0] if (option.score or 0) > 50 else said[1]
    state.answers.append(
        Answer(respondent=respondent, statement=statement, option=option, comment=comment)
    )


def _demo_activity(
    state: _Round, respondent: Any, activity: Any, team: Team, maturity: float
) -> None:
    assert state.q is not None
    rng = state.rng
    leaders = {leader.key: leader for leader in state.q.leaders}
    habit = LEADER_HABITS.get(activity.key, {}).get(team.name)
    if rng.random() < 0.15:
        habit = rng.choice(["product-management", "development", "dont-know"])
    usual = USUAL_LEADERS.get(activity.key, "product-management")
    key = habit or (usual if rng.random() < 0.7 else "product-marketing")
    leader = leaders.get(key) or state.q.leaders[0]
    perf = None
    if leader.kind not in {"nobody", "unknown"}:
        perf = _pick_option(rng, maturity, state.q.performance)
    state.activity_answers.append(
        ActivityAnswer(respondent=respondent, activity=activity, leader=leader, performance=perf)
    )


# What people add when they agree (first) or disagree (second) with a statement, so every
# comment in the demo fits the statement and the answer it sits beside.
STATEMENT_COMMENTS = {
    "pl-firefighting": (
        "Most days start with an escalation from a big customer.",
        "We protect two days a week for discovery and it mostly holds.",
    ),
    "pl-say-no": (
        "Our PM turned down a sales request last month and leadership backed her.",
        "Saying no to the sales director is not really an option here.",
    ),
    "pl-sponsor": (
        "Our COO asks about the product strategy in every quarterly review.",
        "Nobody above the head of product seems to care how we work.",
    ),
    "sr-deal-driven": (
        "Two of the last three sprints were taken over by one customer's contract.",
        "Deals wait for the next planning cycle unless they fit the roadmap.",
    ),
    "sr-strategy-written": (
        "The strategy page is linked from every epic.",
        "If there is a strategy document, I have never seen it.",
    ),
    "sr-feature-list": (
        "The roadmap is a spreadsheet of features with release dates.",
        "Our roadmap shows the problems we are working on, not features.",
    ),
    "mc-customer-contact": (
        "I join two customer calls a week with our PM.",
        "Customer calls stopped when the research budget was cut.",
    ),
    "mc-second-hand": (
        "We hear about customers mostly through support tickets.",
        "We run our own interviews every sprint.",
    ),
    "mc-win-loss": (
        "The quarterly win-loss review changed our pricing page.",
        "Lost deals are discussed in sales meetings we are not invited to.",
    ),
    "pt-kpis": (
        "Three measures sit on the team dashboard and we look at them every week.",
        "We count releases, not results.",
    ),
    "pt-no-numbers": (
        "Getting usage figures means a ticket to the data team and a week's wait.",
        "The product dashboard is up to date every morning.",
    ),
    "pr-roles-defined": (
        "The role descriptions were agreed last spring and we use them in hiring.",
        "The PO and PM roles overlap and we argue about it.",
    ),
    "pr-order-takers": (
        "Other departments hand us finished specs to deliver.",
        "Sales ask our PMs for their view before promising anything.",
    ),
}
