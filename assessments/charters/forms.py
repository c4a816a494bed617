"""The charter's plain edit form: one row per principle, with a position to reorder by,
a box to remove it, and empty rows to add new ones. Forms only validate and normalise."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory

from assessments.charters.models import NOTE_MAX, TEXT_MAX, TITLE_MAX
from assessments.charters.services import MAX_PRINCIPLES, PrincipleIn


class PrincipleForm(forms.Form):
    key = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Principle",
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    text = forms.CharField(
        label="In plain words",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class BasePrincipleFormSet(BaseFormSet):
    ordering_widget = forms.NumberInput

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Position"
        form.fields["ORDER"].widget.attrs.update({"class": "form-control w-6rem", "min": 0})
        form.fields["DELETE"].label = "Remove this principle"
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def principles(self) -> list[PrincipleIn]:
        """The rows kept, in the order asked for (call after is_valid)."""
        return [
            PrincipleIn(
                f.cleaned_data["title"], f.cleaned_data.get("text", ""), f.cleaned_data["key"]
            )
            for f in self.ordered_forms
        ]


PrincipleFormSet = formset_factory(
    PrincipleForm,
    formset=BasePrincipleFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=MAX_PRINCIPLES,
    validate_max=True,
    absolute_max=MAX_PRINCIPLES + 5,
)


def principle_formset(data: Any = None, initial: list[PrincipleIn] | None = None) -> Any:
    rows = [
        {"key": p.key, "title": p.title, "text": p.text, "ORDER": i}
        for i, p in enumerate(initial or [], start=1)
    ]
    return PrincipleFormSet(data, initial=rows or None, prefix="p")


class SaveForm(forms.Form):
    note = forms.CharField(
        label="What changed, and why (optional)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    publish = forms.BooleanField(
        label="Publish this version now, so every member reads it",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
