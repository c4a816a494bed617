"""What the roadmap endpoints accept: the roadmap board's own fields and rules, checked
before anything is written (a 400 naming each field, never a 5xx)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from assessments.organisations.access import OrgAccess, is_member
from assessments.roadmaps.models import RoadmapAction

# What the board lets a person change on an action (``roadmaps.views.action_edit``).
CHANGEABLE = ("status", "owner", "due_date", "horizon", "notes")


class ActionNew(serializers.Serializer):
    """The team's own action, as the board's "add" form takes it."""

    title = serializers.CharField(max_length=200, trim_whitespace=True)
    horizon = serializers.ChoiceField(
        choices=RoadmapAction.Horizon.choices, default=RoadmapAction.Horizon.NOW
    )


class ActionChange(serializers.Serializer):
    """Any of an action's status, owner (a person in the organisation, or null), due date
    (YYYY-MM-DD, or null), horizon and notes; nothing else."""

    status = serializers.ChoiceField(choices=RoadmapAction.Status.choices, required=False)
    owner = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    due_date = serializers.DateField(required=False, allow_null=True)
    horizon = serializers.ChoiceField(choices=RoadmapAction.Horizon.choices, required=False)
    notes = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, trim_whitespace=True
    )

    def validate_owner(self, value: int | None) -> int | None:
        access: OrgAccess = self.context["access"]
        if value is not None and not is_member(access, value):
            raise serializers.ValidationError("The owner must be someone in this organisation.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        sent = set(self.initial_data) if hasattr(self.initial_data, "keys") else set()
        unknown = sorted(sent - set(CHANGEABLE))
        if unknown:
            raise serializers.ValidationError(
                f"These cannot be changed here: {', '.join(unknown)}. "
                f"Send any of: {', '.join(CHANGEABLE)}."
            )
        if not attrs:
            raise serializers.ValidationError(f"Send at least one of: {', '.join(CHANGEABLE)}.")
        return attrs

    def changes(self) -> dict[str, Any]:
        """The changes as ``roadmaps.services.action_update`` takes them."""
        changes = dict(self.validated_data)
        if "owner" in changes:
            changes["owner_id"] = changes.pop("owner")
        return changes
