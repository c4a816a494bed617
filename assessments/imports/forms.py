"""The upload form: it reads at most the size we take, and never the rest."""

from __future__ import annotations

from django import forms

from assessments.imports.parsing import EMPTY, MAX_BYTES, TOO_BIG

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Your file (.csv or .xlsx)",
        help_text=f"Up to {MAX_BYTES // (1024 * 1024)} MB and 2,000 lines. Nothing is added "
        "until you have checked the preview and confirmed it.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Choose a file to upload.",
            "empty": EMPTY,
            "invalid": "That wasn\u2019t a file. Choose a .csv or .xlsx file.",
            "missing": "Choose a file to upload.",
        },
    )

    def clean_file(self) -> tuple[str, bytes]:
        """The file's name and its bytes (at most one more than we take)."""
        upload = self.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return upload.name or "", data
