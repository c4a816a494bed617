"""Forms of the reviews room: they only validate and normalise; services write.

Every choice is limited to this organisation's rounds and teams, the firm's consultants and
the review's own questionnaire and evidence, so a forged id is a form error, never a leak.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator

from assessments.firms.models import Firm
from assessments.organisations.models import Organisation
from assessments.reviews import selectors, uploads
from assessments.reviews.models import Evidence, Moderation
from assessments.reviews.selectors import Content
from assessments.reviews.services import EvidenceIn, Scope
from frameworks.levels import MaturityLevel
from frameworks.models import Statement
from pmmaturity.forms import ModelMultipleChoiceField
from pmmaturity.text import clean_text

TEXT = {"class": "form-control"}
CHECK = {"class": "form-check-input"}


def _person(user: Any) -> str:
    return user.get_full_name() or user.username


class ReviewForm(forms.Form):
    title = forms.CharField(label="Title", max_length=160, widget=forms.TextInput(attrs=TEXT))
    rounds: ModelMultipleChoiceField = ModelMultipleChoiceField(
        label="Rounds",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        help_text="The survey the review moderates is the latest of them.",
    )
    teams: ModelMultipleChoiceField = ModelMultipleChoiceField(
        label="Teams",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        help_text="Leave them all unticked to review every team in the rounds.",
    )
    starts_on = forms.DateField(
        label="Starts on",
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
    due_on = forms.DateField(
        label="Due on",
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
    consultants: ModelMultipleChoiceField = ModelMultipleChoiceField(
        label="Who works on it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        help_text="Leave them all unticked and the review is yours.",
    )

    def __init__(self, *args: Any, organisation: Organisation, firm: Firm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["rounds"].queryset = selectors.organisation_rounds(organisation)
        fields["rounds"].label_from_instance = lambda r: f"{r.name} (opened {r.opens_at:%d %b %Y})"
        fields["teams"].queryset = selectors.organisation_teams(organisation)
        fields["teams"].label_from_instance = lambda t: (
            f"{t.name} ({t.department.name})" if t.department_id else t.name
        )
        fields["consultants"].queryset = selectors.firm_consultants(firm, organisation)
        fields["consultants"].label_from_instance = _person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", "The due date must not come before the start date.")
        rounds, teams = data.get("rounds"), data.get("teams")
        if rounds is not None and teams:
            in_rounds = {t.pk for r in rounds for t in r.teams.all()}
            outside = [t.name for t in teams if t.pk not in in_rounds]
            if outside:
                self.add_error(
                    "teams", f"Not in any of the chosen rounds: {', '.join(sorted(outside))}."
                )
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            title=data["title"],
            rounds=list(data["rounds"]),
            teams=list(data["teams"]),
            consultants=list(data["consultants"]),
            starts_on=data.get("starts_on"),
            due_on=data.get("due_on"),
        )


def review_initial(review: Any) -> dict[str, Any]:
    return {
        "title": review.title,
        "rounds": list(review.rounds.all()),
        "teams": list(review.teams.all()),
        "consultants": list(review.consultants.all()),
        "starts_on": review.starts_on,
        "due_on": review.due_on,
    }


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of evidence",
        choices=Evidence.Kind.choices,
        initial=Evidence.Kind.NOTE,
        widget=forms.RadioSelect(attrs=CHECK),
    )
    enabler = forms.ChoiceField(
        label="Enabler", widget=forms.Select(attrs={"class": "form-select"})
    )
    statement = forms.ChoiceField(
        label="Statement (optional)",
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Leave it at “The enabler as a whole” unless it is about one statement.",
    )
    title = forms.CharField(label="Title", max_length=200, widget=forms.TextInput(attrs=TEXT))
    text = forms.CharField(
        label="Note",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 5}),
        help_text="What you heard or saw. Needed for an interview note; optional otherwise.",
    )
    url = forms.CharField(
        label="Web address",
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs=TEXT),
        help_text="For a link: starting with https:// or http://.",
    )
    document = forms.FileField(
        label="File",
        required=False,
        widget=forms.ClearableFileInput(attrs=TEXT),
        help_text=f"For a document: {uploads.ACCEPTED}, at most "
        f"{uploads.DEFAULT_MAX_BYTES // 2**20} MB.",
    )

    def __init__(self, *args: Any, content: Content, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content = content
        fields: Any = self.fields
        fields["enabler"].choices = [(e.key, e.name) for e in content.enablers]
        fields["statement"].choices = [("", "The enabler as a whole")] + [
            (e.name, [(s.key, s.text) for s in content.statements[e.key]]) for e in content.enablers
        ]
        fields[
            "document"
        ].help_text = (
            f"For a document: {uploads.ACCEPTED}, at most {uploads.max_bytes() // 2**20} MB."
        )

    def clean_url(self) -> str:
        url: str = self.cleaned_data.get("url", "").strip()
        if url:
            URLValidator(
                schemes=["http", "https"],
                message="Give a web address starting with http:// or https://.",
            )(url)
        return url

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        if upload.size > uploads.max_bytes():
            raise forms.ValidationError(
                f"The file is too large: at most {uploads.max_bytes() // 2**20} MB."
            )
        if uploads.sniff(upload.file, upload.name) is None:
            raise forms.ValidationError(
                f"This kind of file is not accepted: upload {uploads.ACCEPTED}. "
                "We check what the file is, not its name."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, enabler, statement = data.get("kind"), data.get("enabler"), data.get("statement")
        if enabler and statement and self.content.statement(enabler, statement) is None:
            self.add_error("statement", "That statement is not one of this enabler's.")
        if kind == Evidence.Kind.NOTE and not data.get("text", "").strip():
            self.add_error("text", "Write the note.")
        if kind == Evidence.Kind.LINK and not data.get("url") and "url" not in self.errors:
            self.add_error("url", "Give the web address.")
        missing = not data.get("document") and "document" not in self.errors
        if kind == Evidence.Kind.DOCUMENT and missing:
            self.add_error("document", "Choose a file to upload.")
        return data

    def given(self) -> EvidenceIn:
        data = self.cleaned_data
        kind = data["kind"]
        return EvidenceIn(
            kind=kind,
            enabler_key=data["enabler"],
            statement_key=data.get("statement") or "",
            title=data["title"],
            text=data.get("text", ""),
            url=data.get("url", "") if kind == Evidence.Kind.LINK else "",
            upload=data.get("document") if kind == Evidence.Kind.DOCUMENT else None,
        )


WITHDRAWN = "withdraw"
WITHDRAW = (WITHDRAWN, "Withdraw the moderated result: the survey's result stands again")
LEVEL_CHOICES = [(level.key, level.label) for level in MaturityLevel]
WARNING_SIGN_CHOICES = [
    (Moderation.Verdict.IN_PLACE, "Absent: the evidence shows the warning sign is not there"),
    (Moderation.Verdict.PARTLY, "Partly: the sign shows in places"),
    (Moderation.Verdict.NOT_IN_PLACE, "Present: the evidence shows the warning sign"),
]


class ModerationForm(forms.Form):
    result = forms.ChoiceField(label="The reviewer's result", widget=forms.RadioSelect(attrs=CHECK))
    reason = forms.CharField(
        label="Reason",
        max_length=5000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 4}),
        help_text="Why the evidence points here. The client reads it beside the survey's result.",
        error_messages={"required": "Say why: a moderated result needs a reason."},
    )
    evidence = ModelMultipleChoiceField(
        label="Evidence behind it",
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )

    def __init__(
        self,
        *args: Any,
        statement: Statement | None,
        evidence: Any,
        standing: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        if statement is None:
            choices: list[tuple[str, str]] = list(LEVEL_CHOICES)
        elif statement.reverse_scored:
            choices = [(str(k), v) for k, v in WARNING_SIGN_CHOICES]
        else:
            choices = [(str(k), str(v)) for k, v in Moderation.Verdict.choices]
        fields["result"].choices = choices + ([WITHDRAW] if standing else [])
        fields["evidence"].queryset = evidence
        fields["evidence"].label_from_instance = lambda e: f"{e.title} ({e.get_kind_display()})"

    def decision(self, *, statement: Statement | None) -> dict[str, str]:
        """The level (for an enabler) or verdict (for a statement) to record; blank withdraws."""
        result = self.cleaned_data["result"]
        chosen = "" if result == WITHDRAWN else result
        return {"verdict": chosen} if statement is not None else {"level": chosen}

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data.get("reason", ""))
        if not reason:
            raise forms.ValidationError("Say why: a moderated result needs a reason.")
        return reason
