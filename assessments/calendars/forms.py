"""The form that makes a calendar feed: one of the roadmaps or rounds the person may follow."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.calendars.selectors import ROADMAP, Followable


class FeedForm(forms.Form):
    follow = forms.ChoiceField(
        label="What to add to your calendar",
        widget=forms.Select({"class": "form-select"}),
        error_messages={
            "required": "Choose a roadmap or a round.",
            "invalid_choice": "Choose a roadmap or a round from the list.",
        },
    )

    def __init__(self, *args: Any, options: list[Followable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = {o.value: o for o in options}
        roadmaps = [o for o in options if o.kind == ROADMAP]
        rounds = [o for o in options if o.kind != ROADMAP]
        groups = [
            ("Roadmaps: due dates of actions", roadmaps),
            ("Rounds: opening, closing and reminder dates", rounds),
        ]
        field = self.fields["follow"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (heading, [(o.value, o.label) for o in items]) for heading, items in groups if items
        ]

    def chosen(self) -> Followable:
        return self.options[self.cleaned_data["follow"]]
