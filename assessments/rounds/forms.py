"""Forms for rounds and links: they validate and normalise; services write."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils import timezone

from assessments.organisations.access import OrgAccess
from assessments.organisations.models import Team
from assessments.rounds import anonymity as anonymity_rule
from assessments.rounds import carry
from assessments.rounds.models import DEFAULT_AUTO_REMIND_DAYS, Assessment
from assessments.rounds.selectors import versions_for
from frameworks.models import FrameworkVersion
from pmmaturity.forms import ModelChoiceField, ModelMultipleChoiceField


class FollowsField(ModelChoiceField):
    """An earlier round, named with whether it was named and when it opened."""

    def label_from_instance(self, obj: Any) -> str:
        kind = "anonymous" if obj.is_anonymous else "named"
        return f"{obj.name} ({kind}, opened {timezone.localtime(obj.opens_at):%d %b %Y})"


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


AUTO_REMIND_MAX_DAYS = 30
AUTO_REMIND_INVALID = (
    f"Enter a whole number of days from 1 to {AUTO_REMIND_MAX_DAYS}, or leave it empty for "
    "no automatic reminder."
)


def auto_remind_field() -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=1,
        max_value=AUTO_REMIND_MAX_DAYS,
        label=(
            "Remind people who haven\u2019t submitted, automatically, this many days before the "
            "round closes"
        ),
        help_text=(
            "One email to each person with a personal link who has not submitted. "
            "Empty: no automatic reminder."
        ),
        error_messages={
            "invalid": AUTO_REMIND_INVALID,
            "min_value": AUTO_REMIND_INVALID,
            "max_value": AUTO_REMIND_INVALID,
        },
    )


class AssessmentForm(forms.Form):
    name = forms.CharField(max_length=120, initial="Product management health check")
    framework_version = ModelChoiceField(
        queryset=FrameworkVersion.objects.none(), label="Framework version", empty_label=None
    )
    teams = ModelMultipleChoiceField(
        queryset=Team.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    include_maturity = forms.BooleanField(
        required=False,
        initial=True,
        label="Maturity Model statements (also set the dashboard dials)",
    )
    include_activities = forms.BooleanField(
        required=False, initial=True, label="Product activities: who leads each, and how well"
    )
    opens_at = forms.DateTimeField(widget=DATETIME_WIDGET, label="Opens")
    closes_at = forms.DateTimeField(widget=DATETIME_WIDGET, label="Closes")
    anonymity = forms.ChoiceField(
        choices=Assessment.Anonymity.choices,
        initial=Assessment.Anonymity.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    min_group_size = forms.IntegerField(
        min_value=2,
        max_value=20,
        initial=anonymity_rule.DEFAULT_MIN_GROUP_SIZE,
        label="Smallest group shown on its own (anonymous rounds)",
    )
    auto_remind_days_before_close = auto_remind_field()
    follows = FollowsField(
        queryset=Assessment.objects.none(),
        required=False,
        label="Follows up",
        empty_label="Nothing: everyone starts afresh",
        help_text=(
            "Named rounds only. People can start from their own answers in that round, and "
            "confirm or change each one; only answers given or confirmed now count."
        ),
        error_messages={"invalid_choice": "Pick one of this organisation's earlier rounds."},
    )

    def __init__(
        self, *args: Any, teams: Any, organisation: Any, rounds: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._organisation = organisation
        self.fields["teams"].queryset = teams  # type: ignore[attr-defined]
        if rounds is None or not rounds.exists():
            del self.fields["follows"]  # no earlier round to follow
        else:
            self.fields["follows"].queryset = rounds.order_by("-opens_at", "-pk")  # type: ignore[attr-defined]
        versions = versions_for(organisation)
        self.fields["framework_version"].queryset = versions  # type: ignore[attr-defined]
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("opens_at", now)
            self.initial.setdefault("closes_at", now + timedelta(days=14))
            self.initial.setdefault("auto_remind_days_before_close", DEFAULT_AUTO_REMIND_DAYS)
            self.initial.setdefault("framework_version", versions.order_by("-published_at").first())
            if teams.count() == 1:
                self.initial.setdefault("teams", list(teams))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("include_maturity") and not data.get("include_activities"):
            raise forms.ValidationError("Include at least one instrument.")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The round must close after it opens.")
        if closes and closes <= timezone.now():
            self.add_error("closes_at", "The closing date is in the past.")
        follows = data.get("follows")
        if follows is not None and opens and data.get("anonymity"):
            problem = carry.follow_up_problem(
                organisation=self._organisation,
                anonymity=data["anonymity"],
                opens_at=opens,
                follows=follows,
            )
            if problem:
                self.add_error("follows", problem)
        return data


def assessment_form_for(access: OrgAccess, data: Any = None) -> AssessmentForm:
    """The form that sets up a round, offering what this person may pick: a manager, every
    team and earlier round; a team lead, their own team and the rounds it was in."""
    teams = access.organisation.teams.all()
    rounds = access.organisation.assessments.all()
    if not access.is_manager:
        teams = teams.filter(pk=access.membership.team_id or 0)
        rounds = rounds.filter(teams__in=teams).distinct()
    return AssessmentForm(data, teams=teams, organisation=access.organisation, rounds=rounds)


class PersonalInvitesForm(forms.Form):
    team = ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,  # some 500 addresses at once
        help_text="One or more addresses, separated by commas or new lines.",
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = assessment.teams.all()  # type: ignore[attr-defined]

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n").split()
        emails, bad = [], []
        for item in raw:
            try:
                validate_email(item)
                emails.append(item.lower())
            except forms.ValidationError:
                bad.append(item)
        if bad:
            raise forms.ValidationError(
                f"These don't look like email addresses: {', '.join(bad)}. Nothing was sent."
            )
        if not emails:
            raise forms.ValidationError("Enter at least one email address.")
        return list(dict.fromkeys(emails))


class TeamLinkForm(forms.Form):
    team = ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    access_code = forms.CharField(
        max_length=40,
        required=False,
        help_text="Optional. People opening the link must enter it; share it separately.",
    )
    max_respondents = forms.IntegerField(
        min_value=1,
        max_value=10_000,
        required=False,
        label="At most this many people",
        help_text="Optional. Empty: twice the team's size.",
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = assessment.teams.all()  # type: ignore[attr-defined]


class ExtendForm(forms.Form):
    """The round's closing date and its automatic reminder, changed together."""

    closes_at = forms.DateTimeField(widget=DATETIME_WIDGET, label="New closing date")
    auto_remind_days_before_close = auto_remind_field()

    @property
    def sets_reminder(self) -> bool:
        """Whether the reminder setting was posted: a form without it leaves it as it is."""
        return self.is_bound and "auto_remind_days_before_close" in self.data


class TeamLinkCapForm(forms.Form):
    max_respondents = forms.IntegerField(min_value=1, max_value=10_000, label="At most")


INVALID_EMAIL = "That doesn\u2019t look like an email address. Check it and try again."


class EmailLinkForm(forms.Form):
    """The address a team-link respondent wants their own link sent to (and nothing more)."""

    email = forms.EmailField(
        max_length=254,
        label="Your email address",
        error_messages={
            "required": "Enter the email address to send your link to.",
            "invalid": INVALID_EMAIL,
            "max_length": "That address is too long to be an email address.",
        },
    )
