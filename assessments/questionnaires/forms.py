"""Forms of the questionnaires room: they validate and normalise; services write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import slugify

from assessments.firms.models import Firm
from assessments.organisations.models import Organisation
from frameworks import audiences
from frameworks.models import Effort, Enabler, FrameworkVersion, Level, Recommendation, Statement
from pmmaturity.forms import ModelChoiceField, ModelMultipleChoiceField

LABEL_MAX = FrameworkVersion._meta.get_field("label").max_length or 20
LABEL_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
OWN = "organisation"
FIRM = "firm"

TEXT = {"class": "form-control"}
AREA = {"class": "form-control", "rows": 3}
CHECK = {"class": "form-check-input"}
SELECT = {"class": "form-select"}


def suggested_label(base: FrameworkVersion | None, owner_name: str) -> str:
    """``<base label>-<owner>``, cut at a whole word to fit, and free within the framework.

    Named after who the version is for: a firm's version is seen by every client of the
    firm, so it must never carry the name of the client it was made from.
    """
    if base is None:
        return ""
    room = LABEL_MAX - len(base.label) - 4  # a dash, and "-<n>" should the label be taken
    name = ""
    for word in slugify(owner_name).split("-"):
        longer = f"{name}-{word}" if name else word
        if len(longer) > room:
            break
        name = longer
    name = name or slugify(owner_name)[:room].strip("-") or "ours"
    stem = f"{base.label}-{name}"[: LABEL_MAX - 3]
    taken = set(base.framework.versions.values_list("label", flat=True))
    label, n = stem, 2
    while label in taken:
        label, n = f"{stem}-{n}", n + 1
    return label


class ForkForm(forms.Form):
    base = ModelChoiceField(
        queryset=FrameworkVersion.objects.none(),
        label="Start from",
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    label = forms.CharField(
        max_length=LABEL_MAX,
        required=False,
        label="Label of the new version (optional)",
        help_text=(
            "Leave it empty to name it after who it is for, e.g. 1.1-acme. Otherwise use "
            "letters, digits, dots and dashes; it must be new."
        ),
        widget=forms.TextInput(attrs=TEXT),
    )
    owner = forms.ChoiceField(
        label="Who it is for", widget=forms.RadioSelect(attrs=CHECK), initial=OWN
    )

    def __init__(
        self,
        *args: Any,
        versions: QuerySet[FrameworkVersion],
        organisation: Organisation,
        firm: Firm | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation, self.firm = organisation, firm
        self.fields["base"].queryset = versions  # type: ignore[attr-defined]
        choices = [(OWN, f"{organisation.name} only")]
        if firm is not None:
            choices.append((FIRM, f"Our firm, {firm.name}, for all our clients"))
        self.fields["owner"].choices = choices  # type: ignore[attr-defined]

    def clean_label(self) -> str:
        label: str = self.cleaned_data["label"].strip()
        if label and not LABEL_CHARS.match(label):
            raise forms.ValidationError(
                "Use letters, digits, dots and dashes only, starting with a letter or digit."
            )
        return label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        base, owner = data.get("base"), data.get("owner")
        if base is None or owner is None or "label" in self.errors:
            return data
        firm = self.firm if owner == FIRM else None
        if firm is not None and base.organisation_id is not None:
            # A firm's version reaches every client: never one client's adapted content.
            self.add_error(
                "base",
                f"That version was adapted for {self.organisation.name} alone, so it stays "
                f"there. Start {firm.name}'s version from one for everyone or one of the firm's.",
            )
            return data
        label = data.get("label") or suggested_label(base, (firm or self.organisation).name)
        data["label"] = label
        if base.framework.versions.filter(label=label).exists():
            self.add_error(
                "label", f"{base.framework.name} already has a version {label}. Choose another."
            )
        return data


SAME_MEANING = "same"
NEW_MEANING = "different"

PICK_ROLES = "roles"
# Who a statement is asked of: the audiences most statements have, or roles picked one by one.
AUDIENCE_CHOICES = [
    (audiences.EVERYONE, "Everyone"),
    (
        audiences.PRODUCT,
        "Product people only (product managers, product owners, product marketing)",
    ),
    (audiences.LEADERSHIP, "Leadership only"),
    ("product,leadership", "Product people and leadership"),
    (PICK_ROLES, "Only the roles I pick below"),
]


def audience_initial(audience: str) -> dict[str, Any]:
    """The form's ``audience`` and ``roles`` for a statement's stored audience."""
    if audience in dict(AUDIENCE_CHOICES):
        return {"audience": audience, "roles": []}
    return {
        "audience": PICK_ROLES,
        "roles": [r for r in audiences.ROLE_KEYS if r in audiences.roles_asked(audience)],
    }


class StatementForm(forms.Form):
    text = forms.CharField(
        max_length=200,
        label="Statement",
        help_text="One observable thing, written as “we”, in under 20 words.",
        widget=forms.TextInput(attrs=TEXT),
    )
    level = ModelChoiceField(
        queryset=Level.objects.none(),
        empty_label=None,
        label="Evidence of the level",
        widget=forms.Select(attrs=SELECT),
    )
    help_text = forms.CharField(
        required=False,
        max_length=1000,
        label="What “agree” looks like (optional)",
        widget=forms.Textarea(attrs=AREA),
    )
    reverse_scored = forms.BooleanField(
        required=False,
        label="A symptom: agreeing lowers the score",
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    audience = forms.ChoiceField(
        choices=AUDIENCE_CHOICES,
        initial=audiences.EVERYONE,
        label="Asked of",
        help_text=(
            "Only the people asked a statement judge it: its raters, and whether it is in "
            "place, are counted among them alone."
        ),
        widget=forms.Select(attrs=SELECT),
    )
    roles = forms.MultipleChoiceField(
        required=False,
        choices=audiences.Role.choices,
        label="The roles asked, if you chose to pick them",
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )

    # Editing only: whether new words change what the statement asks. Keys are how trends
    # match a statement across versions, so a different meaning must get a new key.
    meaning = forms.ChoiceField(
        required=False,
        choices=[
            (SAME_MEANING, "Same meaning, clearer words: keep its key, so trends carry on"),
            (
                NEW_MEANING,
                "Different meaning: give it a new key, with no trend from earlier rounds",
            ),
        ],
        label="If you changed the words, did the meaning change?",
        help_text=(
            "Trends match a statement across versions by its key. A new key means no trend for "
            "this statement: earlier answers were to a different question. Turning the symptom "
            "box on or off always gives a new key, whatever you choose here."
        ),
        widget=forms.RadioSelect(attrs=CHECK),
    )

    def __init__(
        self, *args: Any, version: FrameworkVersion, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Level.objects.filter(version=version)  # type: ignore[attr-defined]
        if editing:
            self.fields["reverse_scored"].help_text = (
                "Changing this gives the statement a new key: no trend from earlier rounds, "
                "since agreeing now means the opposite."
            )
        else:
            del self.fields["meaning"]  # a new statement gets a new key anyway

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write the statement.")
        return text

    def clean(self) -> dict[str, Any]:
        """``audience`` and ``roles`` become one stored audience (``product,leadership``). On
        an edit, ``meaning`` becomes ``meaning_changed`` (for the service), and new words must
        say whether the meaning changed."""
        data = super().clean() or {}
        roles = data.pop("roles", [])
        if data.get("audience") == PICK_ROLES:
            if roles:
                data["audience"] = audiences.canonical(roles)
            else:
                self.add_error(
                    "roles", "Tick at least one role, or choose another answer to “Asked of”."
                )
        elif roles and "audience" in data:
            self.add_error(
                "roles",
                "You ticked roles: choose “Only the roles I pick below” to ask just them, or "
                "untick them.",
            )
        if "meaning" not in self.fields:
            return data
        meaning = data.pop("meaning", "")
        words_changed = "text" in data and data["text"] != (self.initial.get("text") or "")
        if words_changed and not meaning:
            self.add_error(
                "meaning",
                "You changed the words: say whether the meaning changed, so trends compare "
                "only the same question.",
            )
        data["meaning_changed"] = words_changed and meaning == NEW_MEANING
        return data


class DescriptorForm(forms.Form):
    text = forms.CharField(
        max_length=2000,
        label="What you would see on a normal week at this level",
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )


class RecommendationForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Action",
        help_text="Start with a verb and a concrete output.",
        widget=forms.TextInput(attrs=TEXT),
    )
    step = forms.ChoiceField(
        choices=Recommendation.Step.choices, label="Step", widget=forms.Select(attrs=SELECT)
    )
    why = forms.CharField(max_length=2000, label="Why", widget=forms.Textarea(attrs=AREA))
    done = forms.CharField(
        max_length=2000, label="What “done” looks like", widget=forms.Textarea(attrs=AREA)
    )
    effort = forms.ChoiceField(
        choices=Effort.choices, label="Effort", widget=forms.Select(attrs=SELECT)
    )
    first_step = forms.CharField(
        required=False,
        max_length=2000,
        label="A first step for the week (optional)",
        widget=forms.Textarea(attrs=AREA),
    )
    decided_by = forms.ChoiceField(
        choices=Recommendation.DecidedBy.choices,
        label="Who can act on it",
        widget=forms.Select(attrs=SELECT),
    )
    statements = ModelMultipleChoiceField(
        queryset=Statement.objects.none(),
        required=False,
        label="Statements it should move",
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )

    def __init__(self, *args: Any, enabler: Enabler, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statements"].queryset = enabler.statements.order_by(  # type: ignore[attr-defined]
            "order", "pk"
        )

    def values(self) -> dict[str, Any]:
        """What the service takes (call after is_valid)."""
        data = dict(self.cleaned_data)
        data.pop("statements", None)
        return data


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
