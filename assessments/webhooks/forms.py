"""Forms of the webhooks room: they validate and normalise; services write."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.webhooks import events
from assessments.webhooks.addresses import AddressRefused, checked


class EndpointForm(forms.Form):
    url = forms.CharField(
        max_length=500,
        label="Endpoint address",
        help_text="Where we send events: an https:// address on the public internet that "
        "answers with a 2xx status code.",
        error_messages={"required": "Give the address to send events to."},
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )
    description = forms.CharField(
        max_length=200,
        required=False,
        label="Description (optional)",
        help_text="What receives the events, so colleagues know, e.g. “Board pack sync”.",
    )
    events = forms.MultipleChoiceField(
        choices=[(name, f"{name}: {meaning}") for name, meaning in events.EVENTS.items()],
        widget=forms.CheckboxSelectMultiple,
        label="Events to send",
        error_messages={"required": "Choose at least one event to send."},
    )

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        try:
            checked(url)
        except AddressRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return url


class EndpointEditForm(EndpointForm):
    is_active = forms.BooleanField(
        required=False,
        label="Send events to this endpoint",
        help_text="Untick to pause sending without losing the endpoint or its secret.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["url", "description", "events", "is_active"])
