"""Writes of the questionnaires room: adapting a published version into a draft owned by an
organisation or a consulting firm, changing the draft's content, and publishing it.

Keys are what rounds on different versions are compared by, so an edited statement keeps
its key unless its meaning changed (the editor says so, or its symptom flag flipped), and a
new one gets a key that no version it came from, and no version shared with
everyone, has ever used. Only a draft that has no answers can change: anything else raises
``FrozenVersionError`` with a plain message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from assessments.firms.models import Firm, FirmClient
from assessments.organisations.models import Organisation
from assessments.questionnaires.selectors import keys_taken
from frameworks import audiences
from frameworks import services as framework_services
from frameworks.models import (
    Enabler,
    FrameworkVersion,
    FrozenVersionError,
    Level,
    LevelDescriptor,
    Recommendation,
    Statement,
)
from pmmaturity.text import clean_text

Status = FrameworkVersion.Status


class QuestionnaireRefused(Exception):
    """A change the questionnaire cannot take; the message says why, in plain words."""


def _lock_draft(version: FrameworkVersion) -> FrameworkVersion:
    """The version, locked for this change, if it is still a draft without answers."""
    current = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if current.is_frozen:
        raise FrozenVersionError(
            f"Version {current.label} has answers, so it can no longer change. "
            f"Adapt it to make a new draft."
        )
    if current.status != Status.DRAFT:
        raise FrozenVersionError(
            f"Version {current.label} is {current.get_status_display().lower()}, so it can no "
            f"longer change: rounds may already use it. Adapt it to make a new draft."
        )
    return current


def fresh_key(stem: str, text: str, taken: set[str]) -> str:
    """A key like ``<stem>-<words>-c1``, never one of ``taken``: a valid slug of at most 60
    characters (pure, so it is tested with any text)."""
    words = slugify(text)[:28].strip("-") or "item"
    base = f"{slugify(stem)[:24].strip('-') or 'new'}-{words}"
    n = 1
    while f"{base}-c{n}" in taken:
        n += 1
    return f"{base}-c{n}"


def _fresh_key(version: FrameworkVersion, model: Any, stem: str, text: str) -> str:
    """A new key that this version, its ancestors and the shared versions never used."""
    return fresh_key(stem, text, keys_taken(version, model))


def _check_base_owner(
    base: FrameworkVersion, *, organisation: Organisation | None, firm: Firm | None
) -> None:
    """A fork starts from a version its owner may use: a firm's from one for everyone or the
    firm's own (it reaches every client, so never one client's content); an organisation's
    from one for everyone, its own, or one of the firm serving it."""
    if firm is not None:
        allowed = base.organisation_id is None and base.firm_id in (None, firm.pk)
    else:
        assert organisation is not None
        allowed = base.organisation_id in (None, organisation.pk) and (
            base.firm_id is None
            or FirmClient.objects.filter(firm_id=base.firm_id, organisation=organisation).exists()
        )
    if not allowed:
        raise QuestionnaireRefused("Start from a version this questionnaire's owner may use.")


@transaction.atomic
def questionnaire_fork(
    *,
    base: FrameworkVersion,
    label: str,
    organisation: Organisation | None = None,
    firm: Firm | None = None,
) -> FrameworkVersion:
    """A new draft copied from ``base``, owned by one organisation or by one firm."""
    if (organisation is None) == (firm is None):
        raise QuestionnaireRefused("A questionnaire belongs to one organisation or one firm.")
    if base.status != Status.PUBLISHED:
        raise QuestionnaireRefused("Only a published version can be adapted.")
    _check_base_owner(base, organisation=organisation, firm=firm)
    label = clean_text(label)
    try:
        return framework_services.version_fork(
            version=base, label=label, organisation=organisation, firm=firm
        )
    except framework_services.VersionStatusError as exc:
        raise QuestionnaireRefused(
            f"The label {label} is already taken in {base.framework.name}. Choose another."
        ) from exc


def _check_level(version: FrameworkVersion, level: Level) -> None:
    if level.version_id != version.pk:
        raise QuestionnaireRefused("Choose one of this version's levels.")


def _audience(audience: str) -> str:
    """The audience as it is stored (``product,leadership``); a name we do not know is refused."""
    try:
        return audiences.canonical(audience)
    except audiences.UnknownAudience as exc:
        raise QuestionnaireRefused(f"Choose who is asked this statement: {exc}.") from None


@transaction.atomic
def statement_add(
    *,
    enabler: Enabler,
    level: Level,
    text: str,
    help_text: str = "",
    reverse_scored: bool = False,
    audience: str = audiences.EVERYONE,
) -> Statement:
    """A new statement at the end of the enabler, with a key never used before."""
    version = _lock_draft(enabler.version)
    _check_level(version, level)
    text = clean_text(text, limit=200)
    last = enabler.statements.order_by("-order").values_list("order", flat=True).first()
    return Statement.objects.create(
        version=version,
        enabler=enabler,
        level=level,
        key=_fresh_key(version, Statement, enabler.key, text),
        text=text,
        help_text=clean_text(help_text),
        reverse_scored=reverse_scored,
        audience=_audience(audience),
        order=(last or 0) + 1,
    )


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    level: Level,
    text: str,
    help_text: str = "",
    reverse_scored: bool = False,
    audience: str = audiences.EVERYONE,
    meaning_changed: bool = False,
) -> Statement:
    """New words, level or audience for a statement. Its key stays, so results compare,
    unless what it asks changed: the editor says the meaning changed, or the symptom flag
    (``reverse_scored``) flipped, so agreeing now means the opposite. Then it gets a new key
    and no trend joins it to answers given to the old question."""
    version = _lock_draft(statement.version)
    _check_level(version, level)
    fields = ["level", "text", "help_text", "reverse_scored", "audience"]
    text = clean_text(text, limit=200)
    if meaning_changed or reverse_scored != statement.reverse_scored:
        statement.key = _fresh_key(version, Statement, statement.enabler.key, text)
        fields.append("key")
    statement.level = level
    statement.text = text
    statement.help_text = clean_text(help_text)
    statement.reverse_scored = reverse_scored
    statement.audience = _audience(audience)
    statement.save(update_fields=fields)
    return statement


@transaction.atomic
def statement_remove(*, statement: Statement) -> None:
    """Take a statement out of this draft (the version it came from keeps it)."""
    _lock_draft(statement.version)
    if (
        not Statement.objects.filter(enabler_id=statement.enabler_id)
        .exclude(pk=statement.pk)
        .exists()
    ):
        raise QuestionnaireRefused(
            "Each enabler needs at least one statement: add another before removing this one."
        )
    statement.delete()


@transaction.atomic
def statement_move(*, statement: Statement, direction: str) -> Statement:
    """Swap a statement with the one before (``up``) or after (``down``) it in its enabler.

    The enabler's statements are numbered afresh, so equal or missing orders never stall a move.
    """
    _lock_draft(statement.version)
    if direction not in ("up", "down"):
        raise QuestionnaireRefused("Move a statement up or down.")
    siblings = list(
        Statement.objects.filter(enabler_id=statement.enabler_id).order_by("order", "pk")
    )
    i = next(n for n, s in enumerate(siblings) if s.pk == statement.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(siblings):
        siblings[i], siblings[j] = siblings[j], siblings[i]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    return next(s for s in siblings if s.pk == statement.pk)


@transaction.atomic
def descriptor_update(*, descriptor: LevelDescriptor, text: str) -> LevelDescriptor:
    """New words for what an enabler looks like at one level."""
    _lock_draft(descriptor.version)
    descriptor.text = clean_text(text)
    descriptor.save(update_fields=["text"])
    return descriptor


RECOMMENDATION_FIELDS = ("title", "step", "why", "done", "effort", "first_step", "decided_by")


def _recommendation_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown recommendation fields: {', '.join(sorted(unknown))}")
    return {
        name: clean_text(value, limit=200 if name == "title" else None)
        if isinstance(value, str)
        else value
        for name, value in values.items()
    }


def _set_statements(recommendation: Recommendation, statements: Iterable[Statement]) -> None:
    chosen = list(statements)
    if any(s.enabler_id != recommendation.enabler_id for s in chosen):
        raise QuestionnaireRefused("Choose statements of this recommendation's enabler.")
    recommendation.statements.set(chosen)


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, statements: Iterable[Statement], **values: Any
) -> Recommendation:
    """New words, step, effort or statements for a roadmap action; its key stays."""
    _lock_draft(recommendation.version)
    cleaned = _recommendation_values(values)
    for name, value in cleaned.items():
        setattr(recommendation, name, value)
    recommendation.save(update_fields=list(cleaned))
    _set_statements(recommendation, statements)
    return recommendation


@transaction.atomic
def recommendation_add(
    *, enabler: Enabler, statements: Iterable[Statement], **values: Any
) -> Recommendation:
    """A new roadmap action for the enabler, with a key never used before."""
    version = _lock_draft(enabler.version)
    cleaned = _recommendation_values(values)
    last = enabler.recommendations.order_by("-order").values_list("order", flat=True).first()
    recommendation = Recommendation.objects.create(
        version=version,
        enabler=enabler,
        key=_fresh_key(version, Recommendation, enabler.key, cleaned.get("title", "")),
        order=(last or 0) + 1,
        **cleaned,
    )
    _set_statements(recommendation, statements)
    return recommendation


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation) -> None:
    """Take a roadmap action out of this draft."""
    _lock_draft(recommendation.version)
    recommendation.delete()


@transaction.atomic
def questionnaire_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    """Make the draft available for new rounds of the organisations that may use it."""
    current = _lock_draft(version)
    empty = current.enabler_set.filter(statements__isnull=True).values_list("name", flat=True)
    if empty:
        raise QuestionnaireRefused(
            f"Every enabler needs a statement before publishing: {', '.join(empty)}."
        )
    framework_services.version_publish(version=current)
    version.refresh_from_db()
    return version
