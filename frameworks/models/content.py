"""The three instruments as versioned content.

A *framework* (e.g. "Product Management Maturity") has *versions*. Everything a
respondent sees (levels, enablers, statements, activities, dials, scales) belongs
to exactly one version, so an assessment pinned to a version always shows what its
respondents answered. A version that has answers is *frozen*: its content can no
longer change, and a *fork* makes an editable draft copy.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from frameworks import audiences


class FrozenVersionError(Exception):
    """Raised when something tries to change the content of a frozen version."""


class Framework(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(
        max_length=20, help_text="Version label, e.g. 1.0 or 1.1-acme. Unique within the framework."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(blank=True)
    forked_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="forks"
    )
    organisation = models.ForeignKey(
        "assessments.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="framework_versions",
        help_text="A version adapted for one organisation: only it sees and uses it. "
        "Empty: every organisation.",
    )
    firm = models.ForeignKey(
        "assessments.Firm",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="framework_versions",
        help_text="A version adapted by a consulting firm: only the firm and its clients see "
        "and use it. Empty: not a firm's.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    frozen_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the first answer is recorded; the content is then read-only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework__name", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "label"], name="unique_version_label"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} {self.label}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class VersionedContent(models.Model):
    """Base for every piece of instrument content.

    The freeze check sits here, at the lowest level every write goes through
    (admin, loader, services, shell), so no path can change answered content.
    """

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self) -> None:
        if FrameworkVersion.objects.filter(pk=self.version_id, frozen_at__isnull=False).exists():
            raise FrozenVersionError(
                f"This framework version is frozen because it has answers, so its "
                f"{self._meta.verbose_name} cannot change. Fork the version to make an "
                f"editable draft."
            )


class KeyedContent(VersionedContent):
    key = models.SlugField(max_length=60, help_text="Stable identifier used by content files.")

    class Meta(VersionedContent.Meta):
        abstract = True


# --- Maturity Model --------------------------------------------------------------


class Level(KeyedContent):
    name = models.CharField(max_length=40)
    summary = models.TextField(blank=True)

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_level_key"),
        ]

    def __str__(self) -> str:
        return self.name


class Enabler(KeyedContent):
    name = models.CharField(max_length=80)
    summary = models.TextField(blank=True)
    depends_on: models.ManyToManyField[Activity, Any] = models.ManyToManyField(
        "Activity",
        blank=True,
        related_name="enablers",
        help_text="Activities this enabler relies on (used for consistency flags in reports).",
    )

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_enabler_key"),
        ]

    def __str__(self) -> str:
        return self.name


class LevelDescriptor(VersionedContent):
    """What an enabler looks like at one level: the cells of the maturity grid."""

    enabler = models.ForeignKey(Enabler, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField()

    class Meta(VersionedContent.Meta):
        ordering = ["level__order"]
        constraints = [
            models.UniqueConstraint(fields=["enabler", "level"], name="unique_descriptor_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.enabler} × {self.level}"


class Scale(KeyedContent):
    """An answer scale: agreement (statements) or performance (how well an activity is done)."""

    AGREEMENT = "agreement"
    PERFORMANCE = "performance"

    name = models.CharField(max_length=60)

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_scale_key"),
        ]

    def __str__(self) -> str:
        return self.name


class ScaleOption(KeyedContent):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=60)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0–100. Empty means “don’t know”: left out of scores."
    )

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["scale", "key"], name="unique_scale_option_key"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="scale_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_dont_know(self) -> bool:
        return self.score is None


def validate_audience(value: str) -> None:
    """An audience is stored in its canonical form (``product,leadership``)."""
    try:
        written = audiences.canonical(value)
    except audiences.UnknownAudience as exc:
        raise ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from None
    if written != value:
        raise ValidationError(f"Write this audience as {written!r}.")


class Statement(KeyedContent):
    enabler = models.ForeignKey(Enabler, on_delete=models.CASCADE, related_name="statements")
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The level this statement is evidence of.",
    )
    text = models.CharField(max_length=200)
    help_text = models.TextField(blank=True, help_text="What “agree” looks like in practice.")
    reverse_scored = models.BooleanField(
        default=False, help_text="A symptom: agreeing with it lowers the score."
    )
    audience = models.CharField(
        max_length=120,
        default=audiences.EVERYONE,
        validators=[validate_audience],
        help_text="Who can judge it: everyone, product, leadership, or a comma-separated list "
        "of groups and roles (product,leadership).",
    )

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_statement_key"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def roles_asked(self) -> frozenset[str]:
        """The respondent roles this statement is put to (every role for everyone)."""
        return audiences.roles_asked(self.audience)

    @property
    def for_everyone(self) -> bool:
        return audiences.is_everyone(self.audience)

    @property
    def audience_label(self) -> str:
        """Who judges it, in plain words: "everyone", "product people and leadership"."""
        return audiences.label(self.audience)


# --- Product Activities Framework -------------------------------------------------


class OwnershipKind(KeyedContent):
    """How far product management is recommended to own an activity."""

    label = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_ownership_key"),
        ]

    def __str__(self) -> str:
        return self.label


class ActivityLeader(KeyedContent):
    """Who can lead an activity today: a respondent picks one per activity."""

    class Kind(models.TextChoices):
        PRODUCT = "product", "Product management"
        OTHER = "other", "Another function"
        NOBODY = "nobody", "Nobody"
        UNKNOWN = "unknown", "Don't know"

    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_leader_key"),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityArea(KeyedContent):
    name = models.CharField(max_length=60)
    summary = models.TextField(blank=True)

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_area_key"),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityGroup(KeyedContent):
    area = models.ForeignKey(ActivityArea, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=60)

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_activity_group_key"),
        ]

    def __str__(self) -> str:
        return self.name


class Activity(KeyedContent):
    area = models.ForeignKey(ActivityArea, on_delete=models.CASCADE, related_name="activities")
    group = models.ForeignKey(
        ActivityGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activities",
    )
    name = models.CharField(max_length=80)
    description = models.TextField()
    ownership = models.ForeignKey(
        OwnershipKind,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="Recommended product-management ownership.",
    )

    class Meta(KeyedContent.Meta):
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_activity_key"),
        ]

    def __str__(self) -> str:
        return self.name


# --- Product Management Dashboard ----------------------------------------------------


class DialGroup(KeyedContent):
    name = models.CharField(max_length=60)

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_dial_group_key"),
        ]

    def __str__(self) -> str:
        return self.name


class Dial(KeyedContent):
    """A critical issue drawn as a spectrum from ``left_label`` to the desired ``right_label``."""

    group = models.ForeignKey(DialGroup, on_delete=models.CASCADE, related_name="dials")
    name = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    left_label = models.CharField(max_length=60)
    right_label = models.CharField(max_length=60)
    red_below = models.PositiveSmallIntegerField(
        default=40, help_text="Values below this are red (0–100)."
    )
    green_from = models.PositiveSmallIntegerField(
        default=70, help_text="Values from this up are green; in between is amber."
    )
    statements: models.ManyToManyField[Statement, DialInput] = models.ManyToManyField(
        Statement, through="DialInput", related_name="dials"
    )

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_dial_key"),
            models.CheckConstraint(
                condition=Q(red_below__lte=models.F("green_from")) & Q(green_from__lte=100),
                name="dial_zones_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DialInput(VersionedContent):
    """A statement that feeds a dial, with its weight and direction."""

    class Direction(models.TextChoices):
        POSITIVE = "positive", "Agreeing moves the dial right"
        SYMPTOM = "symptom", "Symptom: agreeing moves the dial left"

    dial = models.ForeignKey(Dial, on_delete=models.CASCADE, related_name="inputs")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="dial_inputs")
    weight = models.PositiveSmallIntegerField(default=1)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.POSITIVE
    )

    class Meta(VersionedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["dial", "statement"], name="unique_dial_input"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="dial_input_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.dial} ← {self.statement.key}"


# --- Personas -------------------------------------------------------------------------------


class Persona(KeyedContent):
    """A way product people behave at work: a team's mix today is set against what it needs."""

    name = models.CharField(max_length=60)
    description = models.TextField()
    leadership = models.BooleanField(
        default=False, help_text="One of the behaviours that make product people leaders."
    )

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_persona_key"),
        ]

    def __str__(self) -> str:
        return self.name
