"""Writes of the reviews room: the engagement, its evidence and its moderation.

Every write checks its own inputs again (forms already did, for people): a round, team or
consultant of another organisation or firm, or an enabler the questionnaire does not have,
is refused with ``ReviewRefused`` saying why, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import uuid4

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from assessments.firms.models import Firm
from assessments.organisations.models import Organisation, Team
from assessments.reviews import selectors, uploads
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.rounds.models import Assessment
from frameworks.levels import LEVEL_KEYS
from pmmaturity.text import clean_text

ORDER: list[str] = [Review.Status.PLANNING, Review.Status.FIELDWORK, Review.Status.MODERATION]


class ReviewRefused(ValueError):
    """A write that cannot be made; the message says why, in plain words."""


@dataclass(frozen=True)
class Scope:
    """A review's title, dates, scope and people, as a form hands them over."""

    title: str
    rounds: Sequence[Assessment]
    teams: Sequence[Team] = ()
    consultants: Sequence[Any] = ()
    starts_on: date | None = None
    due_on: date | None = None


def _checked(scope: Scope, organisation: Organisation, firm: Firm) -> Scope:
    title = clean_text(scope.title, limit=160)
    if not title:
        raise ReviewRefused("Give the review a title.")
    if scope.starts_on and scope.due_on and scope.due_on < scope.starts_on:
        raise ReviewRefused("The due date must not come before the start date.")
    if any(r.organisation_id != organisation.pk for r in scope.rounds):
        raise ReviewRefused("Choose rounds of this organisation.")
    if any(t.organisation_id != organisation.pk for t in scope.teams):
        raise ReviewRefused("Choose teams of this organisation.")
    allowed = set(selectors.firm_consultants(firm, organisation).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in scope.consultants):
        raise ReviewRefused("Choose consultants of the firm serving this organisation.")
    return Scope(title, scope.rounds, scope.teams, scope.consultants, scope.starts_on, scope.due_on)


def _apply(review: Review, scope: Scope, user: Any) -> None:
    review.title = scope.title
    review.starts_on = scope.starts_on
    review.due_on = scope.due_on
    review.save()
    review.rounds.set(scope.rounds)
    review.teams.set(scope.teams)
    review.consultants.set(scope.consultants or [user])


@transaction.atomic
def review_create(*, organisation: Organisation, firm: Firm, scope: Scope, user: Any) -> Review:
    """Start a review of the organisation by the firm. With no consultant named, whoever
    starts it works on it."""
    checked = _checked(scope, organisation, firm)
    review = Review(organisation=organisation, firm=firm, created_by=user)
    _apply(review, checked, user)
    return review


@transaction.atomic
def review_update(*, review: Review, scope: Scope, user: Any) -> Review:
    """Change the review's title, dates, scope and who works on it."""
    if review.status == Review.Status.DELIVERED:
        raise ReviewRefused("This review has been delivered. Reopen it to change it.")
    _apply(review, _checked(scope, review.organisation, review.firm), user)
    return review


@transaction.atomic
def review_set_status(*, review: Review, status: str) -> Review:
    """Move the review one step forward or back between planning, fieldwork and moderation,
    or reopen a delivered review for moderation. Delivering is the handover's."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if status == Review.Status.DELIVERED:
        raise ReviewRefused(
            "A review is delivered by handing it over from its report, not from here."
        )
    if status not in ORDER:
        raise ReviewRefused("Choose planning, fieldwork or moderation.")
    if review.status == Review.Status.DELIVERED:
        if status != Review.Status.MODERATION:
            raise ReviewRefused("A delivered review reopens for moderation.")
        review.delivered_at = None
    elif abs(ORDER.index(status) - ORDER.index(review.status)) != 1:
        raise ReviewRefused("A review moves one step at a time, forward or back.")
    review.status = status
    review.save(update_fields=["status", "delivered_at", "updated_at"])
    return review


def _still_open(review: Review) -> None:
    if review.status == Review.Status.DELIVERED:
        raise ReviewRefused("This review has been delivered. Reopen it to change it.")


def _place(review: Review, enabler_key: str, statement_key: str) -> None:
    """The enabler (and statement) must be in the surveyed round's questionnaire."""
    content = selectors.review_content(review)
    if content is None:
        raise ReviewRefused("Add a round to the review first: evidence is about its questions.")
    if enabler_key not in content.by_key:
        raise ReviewRefused("Choose an enabler of the round's questionnaire.")
    if statement_key and content.statement(enabler_key, statement_key) is None:
        raise ReviewRefused("Choose a statement of that enabler, or none.")


@dataclass(frozen=True)
class EvidenceIn:
    kind: str
    enabler_key: str
    title: str
    statement_key: str = ""
    text: str = ""
    url: str = ""
    upload: UploadedFile | None = None


def _document(evidence: Evidence, upload: UploadedFile | None) -> None:
    if upload is None:
        raise ReviewRefused("Choose a file to upload.")
    if (upload.size or 0) > uploads.max_bytes():
        raise ReviewRefused(f"The file is too large: at most {uploads.max_bytes() // 2**20} MB.")
    kind = uploads.sniff(upload.file, upload.name or "") if upload.file else None
    if kind is None:
        raise ReviewRefused(f"This kind of file is not accepted: upload {uploads.ACCEPTED}.")
    evidence.document_name = uploads.stored_name(upload.name or "", kind)
    evidence.content_type = kind.content_type
    evidence.size = upload.size or 0
    # A name of our own in storage: the person's name is only what it downloads as.
    evidence.document.save(f"{uuid4().hex}{kind.extension}", upload, save=False)


@transaction.atomic
def evidence_add(*, review: Review, given: EvidenceIn, user: Any) -> Evidence:
    """Attach a note, a link or a document to an enabler or one of its statements."""
    _still_open(review)
    _place(review, given.enabler_key, given.statement_key)
    title = clean_text(given.title, limit=200)
    if not title:
        raise ReviewRefused("Give the evidence a title.")
    evidence = Evidence(
        review=review,
        kind=given.kind,
        enabler_key=given.enabler_key,
        statement_key=given.statement_key,
        title=title,
        text=clean_text(given.text),
        added_by=user,
    )
    if given.kind == Evidence.Kind.NOTE and not evidence.text:
        raise ReviewRefused("Write the note.")
    if given.kind == Evidence.Kind.LINK:
        if not given.url.lower().startswith(("http://", "https://")):
            raise ReviewRefused("Give a web address starting with http:// or https://.")
        evidence.url = given.url
    elif given.kind == Evidence.Kind.DOCUMENT:
        _document(evidence, given.upload)
    elif given.kind != Evidence.Kind.NOTE:
        raise ReviewRefused("Choose a note, a link or a document.")
    try:
        evidence.save()
    except Exception:
        if evidence.document.name:  # stored already: take the file away again
            evidence.document.storage.delete(evidence.document.name)
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    """Remove a piece of evidence (and its file, once the removal is committed). Evidence a
    standing moderation rests on stays until that moderation changes."""
    _still_open(evidence.review)
    standing = selectors.current_moderations(evidence.review).values()
    backing = [m for m in standing if any(e.pk == evidence.pk for e in m.evidence.all())]
    if backing:
        raise ReviewRefused(
            "A moderated level rests on this evidence. Change that moderation first."
        )
    name, storage = evidence.document.name, evidence.document.storage
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def moderation_set(
    *,
    review: Review,
    enabler_key: str,
    statement_key: str = "",
    level: str = "",
    verdict: str = "",
    reason: str,
    evidence: Sequence[Evidence] = (),
    user: Any,
) -> Moderation:
    """Record a moderating decision: a level for an enabler or a verdict for a statement,
    with the reason and the evidence behind it; blank withdraws the one that stands. Every
    decision is a new row: the history keeps who decided what, and when."""
    _still_open(review)
    _place(review, enabler_key, statement_key)
    reason = clean_text(reason)
    if not reason:
        raise ReviewRefused("Say why: a moderated result needs a reason.")
    if statement_key:
        if level or verdict not in ("", *Moderation.Verdict.values):
            raise ReviewRefused("Choose in place, partly in place or not in place.")
    elif verdict or level not in ("", *LEVEL_KEYS):
        raise ReviewRefused("Choose Immature, Managed or Leading.")
    if any(e.review_id != review.pk for e in evidence):
        raise ReviewRefused("Cite evidence of this review only.")
    if not (level or verdict) and (enabler_key, statement_key) not in selectors.current_moderations(
        review
    ):
        raise ReviewRefused("There is no moderated result here to withdraw.")
    moderation = Moderation.objects.create(
        review=review,
        enabler_key=enabler_key,
        statement_key=statement_key,
        level=level,
        verdict=verdict,
        reason=reason,
        set_by=user,
    )
    moderation.evidence.set(evidence)
    return moderation
