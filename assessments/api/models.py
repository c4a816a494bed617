"""API tokens: a person's key for their scripts, bound to one organisation they belong to.

A token is shown once, when it is made; the database keeps only its SHA-256 digest (for
lookup) and a short visible prefix, so people can tell their tokens apart. A copy of the
database alone gives away no token.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.organisations.models import Organisation

TOKEN_PREFIX = "pmm_"  # noqa: S105 (not a secret: every token starts with it)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    digest = models.CharField(max_length=64, unique=True)
    # The token's first characters ("pmm_" and a few more): enough to recognise it by.
    prefix = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """A token works until it is revoked or (if it has an end date) expires."""
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
