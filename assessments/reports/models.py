"""Stored results: each scope of a round scored once, read by every report of it."""

from __future__ import annotations

from django.db import models

from assessments.organisations.models import Team
from assessments.rounds.models import Assessment


class StoredResult(models.Model):
    """One scope's results (the round, a department or a team) under one scoring method.

    ``data`` holds what the scoring code made from the pooled answers, as JSON written by
    ``reports.stored`` and validated against its dataclasses when read; ``schema`` names the
    version of that shape and ``method`` the scoring method (and a digest of the shape), so
    a new method or shape is computed afresh rather than misread.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    scope_kind = models.CharField(max_length=12)  # round, department or team
    scope_pk = models.PositiveBigIntegerField(default=0)  # 0 for the whole round
    method = models.CharField(max_length=40)
    computed_at = models.DateTimeField()
    respondents = models.PositiveIntegerField()
    schema = models.PositiveSmallIntegerField()
    data = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "method", "scope_kind", "scope_pk"],
                name="stored_result_one_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_kind} {self.scope_pk} of round {self.assessment_id}"


class ReleaseHistory(models.Model):
    """Every release of an anonymous round's results (``reports.history``), as JSON: the next
    release is checked against each of them. Apart from ``StoredResult``, whose rows a new
    scoring method replaces: what readers saw stays seen."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="+")
    schema = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField()
    data = models.TextField()

    def __str__(self) -> str:
        return f"releases of round {self.assessment_id}"


class ResultComment(models.Model):
    """A comment as a round's stored results show it: written by the refresh that stores them
    (``reports.comments``), so a report shows the comments of the answers it scored (in an
    anonymous round, those of its last release) and reads them a page at a time.

    ``rank`` orders them, statement by statement in questionnaire order: the statement's place
    in its high bits; below them, in a named round, who wrote it (person by person), and in an
    anonymous round a digest of the text, so the order says nothing about who wrote what.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    rank = models.BigIntegerField()
    about = models.TextField()
    text = models.TextField()
    # Who wrote it: their name is shown while the round is named, read when shown (so a
    # changed name needs no refresh, and a team whose answers did not change keeps its rows).
    writer = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["assessment", "rank"], name="result_comment_rank")]

    def __str__(self) -> str:
        return f"comment {self.rank} of round {self.assessment_id}"
