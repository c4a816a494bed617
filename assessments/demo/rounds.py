"""The demo organisation's rounds: realistic, varied answers from people with habits, and the
roadmaps that moved them from one round to the next."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, NamedTuple

from django.utils import timezone

from assessments.demo.data import (
    FIRST_NAMES,
    LAST_NAMES,
    LEADER_HABITS,
    ROLE_LENS,
    ROLE_MIX,
    ROLE_SPLITS,
    SETBACKS,
    STATEMENT_COMMENTS,
    TEAM_LEADS,
    TEAM_PROFILES,
    USUAL_LEADERS,
)
from assessments.organisations.models import Organisation, Team
from assessments.roadmaps import selectors as roadmap_selectors
from assessments.roadmaps import services as roadmap_services
from assessments.roadmaps.models import RoadmapAction
from assessments.rounds import services
from assessments.rounds.models import ActivityAnswer, Answer, Respondent
from assessments.rounds.selectors import Questionnaire, questionnaire
from frameworks.audiences import roles_named
from frameworks.levels import MaturityLevel
from frameworks.models import FrameworkVersion, ScaleOption, Statement
from frameworks.selectors import SHARED
from frameworks.services import version_freeze

# --- three assessment rounds with realistic, varied answers ----------------------------------


@dataclass(frozen=True)
class RoundPlan:
    """One round of the demo: when it ran, how people took part, who planned from it."""

    name: str
    days: tuple[int, int]  # opens and closes, in days from today
    invited: tuple[int, int]  # fewest and most people invited per team
    stages: tuple[float, ...]  # how far a person got, one picked at random (0: never started)
    submit: float  # chance that someone who answered everything also submitted
    roadmaps: tuple[str, ...]  # teams that planned from this round and worked on it after
    newest: bool = False  # on the newest version; the rounds before it on the one before
    named: bool = False  # leads see who answered what (the organisation-wide rounds are not)


ROUNDS = (
    # A year ago: everyone who finished submitted; a few stopped part-way or never started.
    RoundPlan(
        "Autumn 2025 baseline",
        (-430, -409),
        (8, 11),
        (1, 1, 1, 1, 1, 1, 1, 1, 0.6, 0),
        1.0,
        ("Checkout", "Partner API", "Billing"),
    ),
    # The check-in: teams knew the drill by now, so a few more took part.
    RoundPlan(
        "Spring 2026 check-in",
        (-205, -190),
        (8, 11),
        (1, 1, 1, 1, 1, 1, 1, 1, 1, 0),
        1.0,
        ("Checkout", "Partner API", "Billing", "Personalisation"),
    ),
    # Under way, on the newest content: some have submitted, some stopped part-way, some have
    # not started.
    RoundPlan(
        "Autumn 2026 health check",
        (-9, 5),
        (7, 10),
        (1, 1, 1, 1, 0.6, 0.3, 0),
        0.85,
        (),
        newest=True,
    ),
)
# How far a team's roadmap work moves the statements an action names (0 = immature … 1 =
# leading): done a lot, started a little. The rest of the action's enabler moves about half
# as far (SPILL), since the work changes how the team works, not only what the action names.
# Several actions on one statement add up, to a cap.
WORK_DONE = {"in_progress": 0.15, "done": 0.4}
SPILL = 0.5
MOST_LIFT = 0.7
# Statuses the team gave its plan: the first recommended action, a conversation, the next two
# recommended. A follow-up roadmap finishes what the last one started and gets further.
FIRST_PLAN = ("done", "done", "in_progress", "not_started")
FOLLOW_UP = ("done", "done", "done", "in_progress")


class _Work(NamedTuple):
    """How far a team got with one recommended action, over all its roadmaps. By keys, not
    rows: work planned on one version shows on the same statements of the next."""

    got: float  # from WORK_DONE
    named: tuple[str, ...]  # the keys of the statements the action names
    enabler: str  # the key of the action's enabler: the rest of it moves a little too


@dataclass
class RoundState:
    """What the demo needs at hand while it writes one round's answers."""

    rng: random.Random
    level_of: dict[int, int]  # statement row → level, for every version the rounds use
    plan: RoundPlan = ROUNDS[0]
    index: int = 0
    q: Questionnaire | None = None
    answers: list[Any] = field(default_factory=list)
    activity_answers: list[Any] = field(default_factory=list)
    # Team → recommendation key → how far it got; a team is here once it planned a roadmap.
    work: dict[str, dict[str, _Work]] = field(default_factory=dict)
    profiles: dict[str, list[float]] = field(default_factory=dict)  # beside TEAM_PROFILES
    domain: str = "brightwater.example"  # of invited people's addresses
    said: set[str] = field(default_factory=set)  # comments already written in this round
    # In a follow-up round: what someone does with their answers last time, once the demo has
    # drawn their answers (state.answers from the first mark on) and before they submit.
    carry: Callable[[RoundState, Respondent, tuple[int, int]], None] | None = None


@dataclass(frozen=True)
class DemoVersions:
    """Which version each of the demo's rounds runs on: the open health check on the newest
    published version (content 1.2), the rounds before it on the version before (1.1), and
    the pilot on the first one published (1.0). With one version, every round runs on it."""

    newest: FrameworkVersion
    earlier: FrameworkVersion
    pilot: FrameworkVersion | None

    def of(self, plan: RoundPlan) -> FrameworkVersion:
        return self.newest if plan.newest else self.earlier


def demo_versions(newest: FrameworkVersion) -> DemoVersions:
    """The published versions of ``newest``'s framework that the demo's rounds take."""
    if newest.published_at is None:
        return DemoVersions(newest, newest, None)
    published = list(
        FrameworkVersion.objects.filter(
            SHARED,
            framework=newest.framework_id,
            status=FrameworkVersion.Status.PUBLISHED,
            published_at__lte=newest.published_at,
        ).order_by("published_at", "pk")
    )
    earlier = published[-2] if len(published) > 1 else newest
    first = published[0] if published else newest
    return DemoVersions(newest, earlier, first if first not in (earlier, newest) else None)


def statement_levels(*versions: FrameworkVersion) -> dict[int, int]:
    """Statement row → the level (0 immature … 2 leading) people's answers are drawn from, for
    every statement of ``versions`` (oldest first). A statement that kept its key kept its
    meaning, so a team answers it alike on every version: from its level in the newest of
    them that asks it, even where an older one placed it at another level."""
    rank = {version.pk: n for n, version in enumerate(versions)}
    rows = list(
        Statement.objects.filter(version__in=versions).values_list(
            "pk", "key", "version_id", "level__key"
        )
    )
    newest: dict[str, tuple[int, int]] = {}  # key → (its newest version's rank, level there)
    for _, key, version, level in rows:
        found = (rank[version], int(MaturityLevel.from_key(level)))
        newest[key] = max(newest.get(key, found), found)
    return {pk: newest[key][1] for pk, key, _, _ in rows}


def demo_rounds(
    org: Organisation, versions: DemoVersions, teams: list[Team], users: dict[str, Any]
) -> None:
    """Three rounds, a baseline, a check-in and a health check under way, with roadmaps
    between them; the health check on the newest version, the two before on the one before.

    Teams' real maturity stays the same from round to round (answers differ only by chance),
    except where a team did the work on its roadmaps (those statements move, more with each
    roadmap, and carry over by key to a newer version) and where something happened to it
    (SETBACKS).
    """
    now = timezone.now()
    state = RoundState(random.Random(2026), statement_levels(versions.earlier, versions.newest))
    by_name = {team.name: team for team in teams}
    leads = {name: users[username] for name, (username, _) in TEAM_LEADS.items()}
    leads["Checkout"] = users["tom"]
    for index, plan in enumerate(ROUNDS):
        state.index, state.plan = index, plan
        state.said = set()  # each round's people write their own comments
        opens, closes = (now + timedelta(days=d) for d in state.plan.days)
        version = versions.of(plan)
        assessment = demo_round(org, version, teams, users["hannah"], (opens, closes), state)
        for name in state.plan.roadmaps:
            member = users["maria"] if name == "Checkout" else leads[name]
            work = state.work.setdefault(name, {})
            _demo_roadmap(assessment, by_name[name], leads[name], member, work)
    for version in {versions.earlier, versions.newest}:
        version_freeze(version=version)


PILOT = RoundPlan(
    "Spring 2025 pilot (Consumer Apps)", (-600, -586), (6, 8), (1, 1, 1, 1, 1, 0.6), 1.0, ()
)
PILOT_TEAMS = ("Checkout", "Mobile App", "Onboarding")


def demo_pilot(
    org: Organisation, version: FrameworkVersion | None, teams: dict[str, Team], lead: Any
) -> None:
    """Before the baseline, one department tried the questionnaire as it was then (the first
    published version), so comparisons show rounds on two versions side by side."""
    if version is None:
        return
    state = RoundState(random.Random(2025), statement_levels(version), plan=PILOT)
    opens, closes = (timezone.now() + timedelta(days=d) for d in PILOT.days)
    pilot = [teams[name] for name in PILOT_TEAMS if name in teams]
    demo_round(org, version, pilot, lead, (opens, closes), state)
    version_freeze(version=version)


def _lift(work: Mapping[str, _Work], statement: str, enabler: str) -> float:
    """How far the team's work on its roadmaps has moved a statement, found by keys."""
    lift = 0.0
    for got, named, where in work.values():
        if where == enabler:
            lift += got if statement in named else got * SPILL
    return min(MOST_LIFT, lift)


def _demo_roadmap(
    assessment: Any, team: Team, lead: Any, member: Any, work: dict[str, _Work]
) -> None:
    """The team turned the round's report into a roadmap and got going.

    Records in `work` how far each recommended action got, so the next round shows progress
    where the team acted: a follow-up roadmap finishes what the team started last time and
    takes on more; what is done already is marked done again, never redone.
    """
    if not assessment.framework_version.recommendation_set.exists():
        return
    report = roadmap_selectors.team_report(assessment, team)
    if report.scores is None:
        return
    targets = dict(roadmap_selectors.current_targets(assessment, team, report.scores))
    road = roadmap_services.roadmap_generate(
        assessment=assessment, team=team, targets=targets, reasons={}, user=lead
    )
    soon = {"now": 0, "next": 1, "later": 2}
    done = {key for key, w in work.items() if w.got >= WORK_DONE["done"]}
    ordered = sorted(  # what the team started last time first
        road.actions.select_related("recommendation"),
        key=lambda a: (_key(a) not in work, soon[a.horizon], a.position),
    )
    recommended = [a for a in ordered if a.recommendation_id]
    fresh = [a for a in recommended if _key(a) not in done]
    talks = [a for a in ordered if not a.recommendation_id and a.horizon == "now"]
    plan = [*fresh[:1], *talks[:1], *fresh[1:3]]
    finished = (assessment.closes_at + timedelta(days=60)).date()
    for n, (action, status) in enumerate(
        zip(plan, FOLLOW_UP if work else FIRST_PLAN, strict=False)
    ):
        due = finished if status == "done" else (timezone.now() + timedelta(days=45)).date()
        roadmap_services.action_update(
            action=action, user=lead, status=status, owner_id=(lead, member)[n % 2].pk, due_date=due
        )
    for action in recommended:
        if _key(action) in done:  # proposed again, though the team has done it
            roadmap_services.action_update(
                action=action, user=lead, status="done", notes="Done after the last round."
            )
    later = road.actions.filter(horizon="later", status=RoadmapAction.Status.PROPOSED).first()
    if later is not None:
        roadmap_services.action_update(action=later, user=lead, status="dropped")
    _record_work(road, work)


def _key(action: RoadmapAction) -> str:
    """The action's recommendation, by the key every version of the content gives it."""
    return action.recommendation.key if action.recommendation is not None else ""


def _record_work(road: Any, work: dict[str, _Work]) -> None:
    for action in road.actions.filter(
        status__in=WORK_DONE, recommendation__isnull=False
    ).select_related("recommendation__enabler"):
        rec = action.recommendation
        got = max(WORK_DONE[action.status], work[rec.key].got if rec.key in work else 0.0)
        named = tuple(rec.statements.values_list("key", flat=True))
        work[rec.key] = _Work(got, named, rec.enabler.key)


def _agree_probability(maturity: float, level: int, reverse: bool) -> float:
    # Statements evidencing a level hold once maturity passes it; symptoms fade as it grows.
    reach = maturity * 3 - level
    p = 1 / (1 + math.exp(-3.0 * (reach - 0.3)))
    return 1 - p if reverse else p


def _pick_option(rng: random.Random, p_agree: float, options: list[ScaleOption]) -> ScaleOption:
    scored = sorted((o for o in options if o.score is not None), key=lambda o: o.score or 0)
    position = min(len(scored) - 1, max(0, round(rng.gauss(p_agree, 0.18) * (len(scored) - 1))))
    return scored[position]


def demo_round(
    org: Organisation,
    version: FrameworkVersion,
    teams: list[Team],
    lead: Any,
    when: tuple[Any, Any],
    state: RoundState,
    follows: Any = None,
) -> Any:
    opens, closes = when
    assessment = services.assessment_create(
        organisation=org,
        name=state.plan.name,
        framework_version=version,
        teams=teams,
        include_maturity=True,
        include_activities=True,
        opens_at=opens,
        closes_at=closes,
        anonymity="named" if state.plan.named else "anonymous",
        min_group_size=3,
        created_by=lead,
        follows=follows,
        auto_remind_days_before_close=None,  # made-up people: no automatic reminder
    )
    state.q = questionnaire(assessment)
    state.answers, state.activity_answers = [], []
    for team in teams:
        services.invitation_create_team_link(assessment=assessment, team=team)
        for i in range(state.rng.randint(*state.plan.invited)):
            _demo_person(state, assessment, team, i, opens)
    Answer.objects.bulk_create(state.answers, batch_size=2000)
    ActivityAnswer.objects.bulk_create(state.activity_answers, batch_size=2000)
    return assessment


def _demo_person(state: RoundState, assessment: Any, team: Team, i: int, opens: Any) -> None:
    """One invited person: some answer everything, some stop part-way, some never start."""
    rng = state.rng
    rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), rng.randint(1, 99)  # the sequence as it was
    # The same person in every round: invited by the same address, so the comparison page
    # can follow the people who answered twice (reports.pairs).
    same = random.Random(f"{state.domain}:{team.name}:{i}")
    first, last = same.choice(FIRST_NAMES), same.choice(LAST_NAMES)
    invitation = services.invitation_create_personal(
        assessment=assessment,
        team=team,
        email=f"{first}.{last}{same.randint(1, 99)}@{state.domain}".lower(),
        name=f"{first} {last}",
    )
    stage = rng.choice(state.plan.stages)
    # Teams working on a roadmap re-assess in earnest, so their roadmaps can show progress:
    # the product manager and every other person, so every kind of role has its say.
    work = state.work.get(team.name)
    keen = work is not None and (i == 0 or i % 2 == 1)
    if keen:
        stage = 1.0
    if stage == 0:
        return
    respondent = services.respondent_for_personal_link(invitation=invitation)
    role = ROLE_MIX[i % len(ROLE_MIX)]
    # Kept only in a named round, where leads see who answered what.
    services.respondent_set_profile(respondent=respondent, role=role, name=f"{first} {last}")
    assert state.q is not None, "the round's questionnaire is set before people answer"
    sections = state.q.sections[: max(1, math.ceil(len(state.q.sections) * stage))]
    enabler_sections = [s for s in state.q.sections if s.kind == "enabler"]
    marks = len(state.answers), len(state.activity_answers)
    for index, section in enumerate(enabler_sections):
        if section not in sections:
            continue
        maturity = _maturity(state, team, role, index)
        for statement in section.statements:
            moved = maturity + (_lift(work, statement.key, section.key) if work else 0.0)
            _demo_statement(state, respondent, statement, role, index, moved)
    profile = state.profiles.get(team.name) or TEAM_PROFILES.get(team.name, [0.4] * 5)
    for section in (s for s in sections if s.kind == "activities"):
        for activity in section.activities:
            _demo_activity(state, respondent, activity, team, profile[0])
    if state.carry is not None:
        state.carry(state, respondent, marks)
    started = opens + timedelta(days=rng.randint(0, 3), hours=rng.randint(8, 17))
    submitted = stage == 1 and (keen or rng.random() < state.plan.submit)
    saved = started + timedelta(days=rng.randint(0, 4) if submitted else 0, minutes=20)
    Respondent.objects.filter(pk=respondent.pk).update(
        started_at=started, last_saved_at=saved, submitted_at=saved if submitted else None
    )


def _maturity(state: RoundState, team: Team, role: str, index: int) -> float:
    """How mature this enabler of the team really is, as someone in this role sees it."""
    profile = state.profiles.get(team.name) or TEAM_PROFILES.get(team.name, [0.4] * 5)
    maturity = profile[index % len(profile)] + ROLE_LENS.get(role, 0.0)
    split_index, lens = ROLE_SPLITS.get(team.name, (-1, {}))
    if split_index == index:
        maturity += lens.get(role, -0.2)  # everyone else sees it the other way
    for since, changes in SETBACKS.items():
        enabler, change = changes.get(team.name, (-1, 0.0))
        if since <= state.index and enabler == index:
            maturity += change
    return maturity


def _demo_statement(
    state: RoundState, respondent: Any, statement: Any, role: str, index: int, maturity: float
) -> None:
    if role not in roles_named(statement.audience):
        return  # not asked of this role
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
            if comment in state.said:
                comment = ""  # real people do not write the same words twice
            state.said.add(comment)
    state.answers.append(
        Answer(respondent=respondent, statement=statement, option=option, comment=comment)
    )


def _demo_activity(
    state: RoundState, respondent: Any, activity: Any, team: Team, maturity: float
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
