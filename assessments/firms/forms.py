"""Forms of the firms room: they validate and normalise; services write."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.firms.logos import HEAD_BYTES, logo_problem


class FirmForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Firm name",
        help_text="As your clients know it; it heads every review report you deliver.",
        error_messages={"required": "Give the firm a name."},
    )


class FirmEditForm(FirmForm):
    logo = forms.FileField(
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text="A PNG or JPEG image of at most 512 kB. It appears on your review reports.",
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if not logo:
            return None
        logo.seek(0)
        problem = logo_problem(logo.read(HEAD_BYTES), logo.size or 0)
        logo.seek(0)
        if problem is not None:
            raise forms.ValidationError(problem)
        return logo


class ColleagueForm(forms.Form):
    email = forms.EmailField(
        label="Colleague's email",
        help_text="We email them a link to join. Once they accept, they see all your clients.",
    )


class ClientForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Organisation name",
        error_messages={"required": "Give the organisation a name."},
    )
    departments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Optional. One per line, e.g. Consumer Apps. You or the client add teams next.",
    )
    admin_email = forms.EmailField(
        required=False,
        label="Head of product's email",
        help_text="Optional. We email them an invitation to run the organisation as its admin.",
    )

    def clean_departments(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["departments"].splitlines()]
        return [line[:120] for line in lines if line]


class AdminInviteForm(forms.Form):
    email = forms.EmailField(
        label="Head of product's email",
        help_text="They are invited as the organisation's admin.",
    )
