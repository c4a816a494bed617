"""Forms for organisations and people: they validate and normalise; services write."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.organisations.models import Department, Membership, Team
from pmmaturity.forms import ModelChoiceField


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to its own (username, email, passwords): how
    colleagues see you. allauth calls ``signup`` as it creates the account."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name", required=False)

    def signup(self, request: Any, user: Any) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=120, label="Organisation name")
    departments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="One per line, e.g. Consumer Apps. You can add teams next.",
    )

    def clean_departments(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["departments"].splitlines()]
        return [line[:120] for line in lines if line]


class DepartmentForm(forms.Form):
    name = forms.CharField(max_length=120, label="Department name")


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120, label="Team name")
    department = ModelChoiceField(queryset=Department.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = organisation.departments.all()  # type: ignore[attr-defined]


class MemberInviteForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    team = ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()  # type: ignore[attr-defined]
