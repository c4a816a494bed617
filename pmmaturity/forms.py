"""Form fields shared by every room."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from pmmaturity.converters import as_id


class ModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Like Django's, but a value that cannot be an id is 'not one of the choices'."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and as_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Like Django's, but values that cannot be ids are refused before any query."""

    def _check_values(self, value: Any) -> Any:
        for item in value:
            if as_id(item) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)  # type: ignore[misc]
