"""The webhook event of roadmaps: ``roadmap_action.changed``, raised by the services that
add, change and move actions, in the same transaction."""

from __future__ import annotations

from typing import Any

from assessments.roadmaps.models import RoadmapAction
from assessments.rounds.announcements import round_data
from assessments.webhooks import events
from assessments.webhooks.payloads import link
from assessments.webhooks.services import event_publish


def action_data(action: RoadmapAction, changes: list[str]) -> dict[str, Any]:
    """The action with its roadmap, team and round. Its owner goes by account id only, and
    its notes not at all: they may name people."""
    road = action.roadmap
    assessment = road.assessment
    slug = assessment.organisation.slug
    return {
        **round_data(assessment),
        "team": {"id": road.team_id, "name": road.team.name},
        "roadmap": {"id": road.pk, "url": link("orgs:roadmap", slug, assessment.pk, road.team_id)},
        "action": {
            "id": action.pk,
            "title": action.title,
            "status": action.status,
            "horizon": action.horizon,
            "due_date": action.due_date,
            "owner": None if action.owner_id is None else {"id": action.owner_id},
        },
        "changes": changes,
    }


def action_changed(action: RoadmapAction, changes: list[str]) -> None:
    """``changes``: the fields changed ("status", "owner", "due_date", …), "created" for a
    new action, or "order" for a move within its column."""
    event_publish(
        organisation=action.roadmap.assessment.organisation_id,
        event=events.ROADMAP_ACTION_CHANGED,
        data=lambda: action_data(action, changes),
    )
