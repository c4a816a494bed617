"""What the API says about organisations, departments and teams, and what it accepts."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from assessments.organisations.models import Department, Membership, Team
from pmmaturity.converters import MAX_ID

NAME_HELP = "Up to 120 characters; unique in the organisation, whatever its case."


class OrganisationSerializer(serializers.Serializer):
    """An organisation as one of its members sees it, with that member's own role and team."""

    slug = serializers.SlugField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    created_at = serializers.DateTimeField(source="organisation.created_at")
    role = serializers.ChoiceField(choices=Membership.Role.choices, help_text="Your role there.")
    team = serializers.SerializerMethodField(help_text="Your team there, if you have one.")

    def get_team(self, membership: Membership) -> dict[str, Any] | None:
        team = membership.team
        return None if team is None else {"id": team.pk, "name": team.name}


class DepartmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=120, help_text=NAME_HELP)

    class Meta:
        model = Department
        fields = ["id", "name"]
        read_only_fields = ["id"]

    def validate_name(self, value: str) -> str:
        return _name(value)


class TeamSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=120, help_text=NAME_HELP)
    department = serializers.IntegerField(
        source="department_id",
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="The id of the team's department, if it has one.",
    )

    class Meta:
        model = Team
        fields = ["id", "name", "department"]
        read_only_fields = ["id"]

    def validate_name(self, value: str) -> str:
        return _name(value)


class RenameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, help_text=NAME_HELP)

    def validate_name(self, value: str) -> str:
        return _name(value)


def _name(value: str) -> str:
    value = value.strip()
    if not value:
        raise serializers.ValidationError("Give it a name.")
    return value
