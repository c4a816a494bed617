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


# The roles an organisation gives its own people; a consultant's comes from their firm.
ROLE_CHOICES = [
    (Membership.Role.ADMIN, "Organisation admin"),
    (Membership.Role.TEAM_LEAD, "Team lead"),
    (Membership.Role.MEMBER, "Member"),
]


class MemberInviteForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial=Membership.Role.MEMBER)
    team = ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()  # type: ignore[attr-defined]


SMALL_INPUT = {"class": "form-control form-control-sm"}
SMALL_SELECT = {"class": "form-select form-select-sm"}


class RenameForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name", widget=forms.TextInput(SMALL_INPUT))


Choices = list[tuple[int, str]]  # (pk, name), read once for every form of a page


def _pick(label: str) -> forms.TypedChoiceField:
    """A choice of the organisation's teams or departments, by pk (None: the empty one)."""
    return forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label=label, widget=forms.Select(SMALL_SELECT)
    )


class TeamMoveForm(forms.Form):
    department = _pick("Department")

    def __init__(self, *args: Any, departments: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "No department"), *departments]  # type: ignore[attr-defined]


class MembershipForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES, label="Role", widget=forms.Select(SMALL_SELECT))
    team = _pick("Team")

    def __init__(self, *args: Any, teams: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "No team"), *teams]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Membership.Role.TEAM_LEAD and not data.get("team"):
            self.add_error("team", "A team lead leads a team: choose theirs.")
        return data


class HandOverForm(forms.Form):
    to = ModelChoiceField(
        queryset=Membership.objects.none(),
        label="Hand over the admin role to",
        empty_label=None,
        widget=forms.Select({"class": "form-select"}),
    )
    then_role = forms.ChoiceField(
        choices=ROLE_CHOICES[1:],
        label="Then I become",
        initial=Membership.Role.MEMBER,
        widget=forms.Select({"class": "form-select"}),
    )
    then_team = ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="No team",
        label="My team",
        help_text="Needed if you become a team lead.",
        widget=forms.Select({"class": "form-select"}),
    )

    def __init__(self, *args: Any, admin: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = (
            Membership.objects.filter(organisation_id=admin.organisation_id)
            .exclude(pk=admin.pk)
            .exclude(role=Membership.Role.CONSULTANT)
            .select_related("user")
            .order_by("user__first_name", "user__username")
        )
        to = self.fields["to"]
        to.queryset = others  # type: ignore[attr-defined]
        to.label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()  # type: ignore[attr-defined]
        self.fields["then_team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            organisation_id=admin.organisation_id
        )
        self.initial.setdefault("then_team", admin.team_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("then_role") == Membership.Role.TEAM_LEAD and not data.get("then_team"):
            self.add_error("then_team", "A team lead leads a team: choose yours.")
        return data
