"""What the API says about rounds and their participation, and what it accepts to set one up
or change its dates. The rules are the pages' (``rounds.forms``, ``rounds.services``): these
serializers only check types, then the pages' forms judge the values."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from assessments.rounds import anonymity as anonymity_rule
from assessments.rounds.access import assessment_state
from assessments.rounds.models import DEFAULT_AUTO_REMIND_DAYS, Assessment
from pmmaturity.converters import MAX_ID

STATES = [
    ("not_open", "Not open yet"),
    ("open", "Open"),
    ("closed", "Closed"),
]


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FrameworkVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = serializers.CharField(source="framework.name")
    label = serializers.CharField()


class RoundSerializer(serializers.ModelSerializer):
    """A round as the organisation page lists it."""

    state = serializers.SerializerMethodField()
    framework_version = FrameworkVersionSerializer()
    teams = NamedSerializer(many=True, source="teams.all")
    closed_at = serializers.DateTimeField(
        allow_null=True, help_text="When it closed; empty while it has not."
    )
    submitted = serializers.IntegerField(
        source="submitted_count",
        help_text=(
            "How many people have submitted. While an anonymous round is open, rounded down "
            "to its batches, as on the pages."
        ),
    )
    can_manage = serializers.BooleanField(
        help_text="Whether you run this round: read its participation, open, close, extend it."
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "name",
            "state",
            "opens_at",
            "closes_at",
            "closed_at",
            "anonymity",
            "min_group_size",
            "include_maturity",
            "include_activities",
            "auto_remind_days_before_close",
            "follows",
            "framework_version",
            "teams",
            "submitted",
            "can_manage",
        ]

    def get_state(self, assessment: Assessment) -> str:
        """not_open, open or closed."""
        return assessment_state(assessment)


class TeamParticipationSerializer(serializers.Serializer):
    team = NamedSerializer()
    invited = serializers.IntegerField(help_text="Personal links, and people in by a team link.")
    started = serializers.IntegerField(help_text="Answered at least one question.")
    submitted = serializers.IntegerField(help_text="Finished and submitted.")


class ParticipationTotalsSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    started = serializers.IntegerField()
    submitted = serializers.IntegerField()


class RoundDetailSerializer(RoundSerializer):
    """A round as its own page shows it to whoever runs it: with participation per team."""

    participation = TeamParticipationSerializer(many=True)
    totals = ParticipationTotalsSerializer()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "participation", "totals"]


class RoundCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    teams = serializers.ListField(
        child=_id(), allow_empty=False, help_text="The ids of the teams the round is for."
    )
    framework_version = _id(
        required=False, help_text="Default: the newest published version your organisation uses."
    )
    include_maturity = serializers.BooleanField(default=True)
    include_activities = serializers.BooleanField(default=True)
    opens_at = serializers.DateTimeField(required=False, help_text="Default: now.")
    closes_at = serializers.DateTimeField()
    anonymity = serializers.ChoiceField(
        choices=Assessment.Anonymity.choices, default=Assessment.Anonymity.ANONYMOUS
    )
    min_group_size = serializers.IntegerField(
        default=anonymity_rule.DEFAULT_MIN_GROUP_SIZE,
        help_text="Anonymous rounds: the smallest group shown on its own (2 to 20).",
    )
    auto_remind_days_before_close = serializers.IntegerField(
        allow_null=True,
        default=DEFAULT_AUTO_REMIND_DAYS,
        help_text="Days before closing to remind who has not submitted (1 to 30); null: never.",
    )
    follows = _id(
        allow_null=True,
        required=False,
        help_text="An earlier named round people may start from (named rounds only).",
    )


class RoundExtendSerializer(serializers.Serializer):
    closes_at = serializers.DateTimeField(help_text="The new closing date, in the future.")
    auto_remind_days_before_close = serializers.IntegerField(
        allow_null=True,
        required=False,
        help_text="Days before closing to remind (1 to 30); null: never; left out: unchanged.",
    )
