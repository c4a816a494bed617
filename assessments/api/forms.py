"""The form that makes an API token: a name, one of the person's organisations, a scope."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.api.models import ApiToken
from assessments.organisations.models import Organisation


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label="Name",
        help_text="What the token is for, so you can tell it apart later (e.g. Monthly report).",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label=None,
        label="Organisation",
        help_text="A token works for one organisation, with the rights your role gives you there.",
        error_messages={"invalid_choice": "Pick one of your organisations."},
    )
    scope = forms.ChoiceField(
        choices=[
            (ApiToken.Scope.READ, "Read only: look things up"),
            (ApiToken.Scope.WRITE, "Read and write: also make changes your role allows"),
        ],
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label="What it may do",
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
