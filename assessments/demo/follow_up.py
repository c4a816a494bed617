"""A team's own named rounds, the later one a follow-up of the first, so the demo shows people
starting from their answers last time (``assessments.rounds.carry``).

The organisation-wide rounds are anonymous, as a head of product's survey should be, and an
anonymous round can neither follow nor be followed: nobody's answers there are theirs. So one
team runs its own named rounds between them. Onboarding's lead asks the team by name, to talk
the answers through in the team's retro: once in the summer on the content everyone used
then (1.1), and again in the autumn on the newest (1.2), the first team to try it, as a
follow-up where most people start from their answers last time. Those answers carry over by
statement key, so the statements 1.2 kept come pre-filled and the ones it added are new; most
people confirm what they said, some change an answer, and a few leave one unconfirmed, which
then counts nowhere. The round's page shows the totals. The team planned a roadmap from the
follow-up, which it has not started on yet.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from assessments.demo.rounds import (
    DemoVersions,
    RoundPlan,
    RoundState,
    demo_round,
    statement_levels,
)
from assessments.organisations.models import Organisation, Team
from assessments.roadmaps import selectors as roadmap_selectors
from assessments.roadmaps import services as roadmap_services
from assessments.rounds import carry, services
from assessments.rounds.models import ActivityAnswer, Answer, Assessment, Respondent

TEAM = "Onboarding"
FIRST = RoundPlan(
    "Onboarding team check, summer 2026", (-140, -131), (7, 9), (1,), 1.0, (), named=True
)
FOLLOW_UP = RoundPlan(
    "Onboarding team check, autumn 2026",
    (-45, -36),
    (7, 9),
    (1, 1, 1, 1, 1, 0.6),
    1.0,
    (),
    newest=True,
    named=True,
)
# Of the people who answered last time, how many start from those answers; of each answer
# carried over, the chance it is left unconfirmed or confirmed as it was (the rest are
# answered afresh, which mostly changes them).
STARTS_FROM_LAST_TIME = 0.75
UNCONFIRMED = 0.04
CONFIRMED = 0.8


def demo_team_checks(
    org: Organisation, versions: DemoVersions, teams: dict[str, Team], lead: Any
) -> None:
    """Onboarding's named team check and its follow-up, where people start from last time."""
    team = teams.get(TEAM)
    if team is None:
        return
    now = timezone.now()
    levels = statement_levels(versions.of(FIRST), versions.of(FOLLOW_UP))
    rounds: list[Assessment] = []
    for n, plan in enumerate((FIRST, FOLLOW_UP)):
        state = RoundState(random.Random(f"team-check:{n}"), levels, plan=plan)
        if rounds:
            state.carry = _start_from_last_time
        when = (now + timedelta(days=plan.days[0]), now + timedelta(days=plan.days[1]))
        follows = rounds[-1] if rounds else None
        rounds.append(demo_round(org, versions.of(plan), [team], lead, when, state, follows))
    _plan_from(rounds[-1], team, lead)


def _plan_from(assessment: Assessment, team: Team, lead: Any) -> None:
    """The team planned a roadmap from its follow-up, with the targets proposed."""
    scores = roadmap_selectors.team_report(assessment, team).scores
    if scores is None or not assessment.framework_version.recommendation_set.exists():
        return
    targets = roadmap_selectors.current_targets(assessment, team, scores)
    roadmap_services.roadmap_generate(
        assessment=assessment, team=team, targets=targets, reasons={}, user=lead
    )


def _start_from_last_time(
    state: RoundState, respondent: Respondent, marks: tuple[int, int]
) -> None:
    """Someone who answered last time starts from those answers, then goes through them as the
    demo drew their answers this time (``state``'s lists from ``marks`` on): most confirmed as
    they were, some changed, a few left unconfirmed; what was not carried is answered anew."""
    rng = state.rng
    previous = carry.previous_self(respondent)
    if previous is None or rng.random() > STARTS_FROM_LAST_TIME:
        return
    carry.answers_carry(respondent=respondent, previous=previous)
    fresh, state.answers[marks[0] :] = state.answers[marks[0] :], []
    fresh_activities, state.activity_answers[marks[1] :] = state.activity_answers[marks[1] :], []
    carried = dict(
        Answer.objects.filter(respondent=respondent, carried_option__isnull=False).values_list(
            "statement_id", "carried_option_id"
        )
    )
    statements: dict[int, dict[str, object]] = {}
    for answer in fresh:
        option = _choice(rng, carried.get(answer.statement_id), answer.option_id)
        if option is not None:
            kept = answer.comment if option == answer.option_id else ""  # fits the answer
            statements[answer.statement_id] = {"option_id": option, "comment": kept}
    carried_activities = {
        pk: (leader, performance)
        for pk, leader, performance in ActivityAnswer.objects.filter(
            respondent=respondent, carried_leader__isnull=False
        ).values_list("activity_id", "carried_leader_id", "carried_performance_id")
    }
    activities: dict[int, dict[str, object]] = {}
    for given in fresh_activities:
        pair = _choice(
            rng, carried_activities.get(given.activity_id), (given.leader_id, given.performance_id)
        )
        if pair is not None:
            activities[given.activity_id] = {"leader_id": pair[0], "performance_id": pair[1]}
    services.answers_save(respondent=respondent, statements=statements, activities=activities)


def _choice(rng: random.Random, carried: Any, fresh: Any) -> Any:
    """What someone saves for an item: the answer carried over, their fresh one, or nothing
    yet (None: the carried answer is left unconfirmed)."""
    if carried is None:
        return fresh  # new: nothing carried over
    roll = rng.random()
    if roll < UNCONFIRMED:
        return None
    return carried if roll < UNCONFIRMED + CONFIRMED else fresh
