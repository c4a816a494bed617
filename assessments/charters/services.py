"""Writes for charters: saving a new version (never changing one) and publishing one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.charters.models import (
    NOTE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Charter,
    CharterPrinciple,
    CharterVersion,
)
from assessments.charters.template import charter_template
from assessments.organisations.models import Department, Organisation
from pmmaturity.text import clean_text

MAX_PRINCIPLES = 15


@dataclass(frozen=True)
class PrincipleIn:
    title: str
    text: str = ""
    key: str = ""  # the template key it came from; empty for one of the organisation's own


class CharterRefused(ValueError):
    """Input a charter cannot be saved from; the message says why, in plain words."""


def template_principles() -> list[PrincipleIn]:
    """Our template, as the principles of a first draft."""
    return [PrincipleIn(p.title, p.text, p.key) for p in charter_template().principles]


def _checked(principles: Sequence[PrincipleIn]) -> list[PrincipleIn]:
    known = charter_template().by_key
    kept = []
    for p in principles:
        title = clean_text(p.title)
        if not title:
            continue
        if len(title) > TITLE_MAX or len(clean_text(p.text)) > TEXT_MAX:
            raise CharterRefused(
                f"Keep each principle's title under {TITLE_MAX} characters "
                f"and its explanation under {TEXT_MAX}."
            )
        key = p.key if p.key in known else ""
        kept.append(PrincipleIn(title, clean_text(p.text), key))
    if not kept:
        raise CharterRefused("A charter needs at least one principle.")
    if len(kept) > MAX_PRINCIPLES:
        raise CharterRefused(f"Keep the charter to {MAX_PRINCIPLES} principles at most.")
    return kept


@transaction.atomic
def charter_save(
    *,
    organisation: Organisation,
    department: Department | None,
    principles: Sequence[PrincipleIn],
    note: str,
    user: Any,
    publish: bool = False,
) -> CharterVersion:
    """Save the principles as the charter's next version; earlier versions stay as they were."""
    kept = _checked(principles)
    charter, _ = Charter.objects.get_or_create(organisation=organisation, department=department)
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    last = charter.versions.aggregate(n=Max("number"))["n"] or 0
    version = CharterVersion.objects.create(
        charter=charter,
        number=last + 1,
        saved_by=user if getattr(user, "pk", None) else None,
        note=clean_text(note, limit=NOTE_MAX),
    )
    CharterPrinciple.objects.bulk_create(
        CharterPrinciple(version=version, position=i, key=p.key, title=p.title, text=p.text)
        for i, p in enumerate(kept, start=1)
    )
    if publish:
        charter_publish(version=version)
    return version


@transaction.atomic
def charter_publish(*, version: CharterVersion) -> CharterVersion:
    """Make this version the published one (the one every member reads and reports check)."""
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    return version
