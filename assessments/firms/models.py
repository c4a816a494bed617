"""Consulting firms, the consultants in them, and the client organisations they serve.

A firm's consultants share its clients: each of them holds a consultant membership in every
client organisation, so every page inside a client is reached the usual way, through the
person's memberships. A client belongs to one firm at a time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.organisations.models import EmailedInvitation, Organisation


def logo_path(firm: Firm, filename: str) -> str:
    return f"firms/{firm.slug}/logo-{filename}"


class Firm(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    # Stored through Django's storage API and served by a view that checks who asks.
    logo = models.FileField(upload_to=logo_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FirmMember(models.Model):
    """A consultant's place in a firm: a person works for one firm at a time."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="firm_membership"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} at {self.firm}"


class FirmClient(models.Model):
    """An organisation a firm serves. Its results join the firm's anonymised benchmark
    unless the client has opted out."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="clients")
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="firm_client"
    )
    benchmark_opt_out = models.BooleanField(
        default=False,
        help_text="Leave this client out of the firm's anonymised benchmark, both ways.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} (client of {self.firm})"


class FirmInvitation(EmailedInvitation):
    """An emailed link that makes a colleague a consultant of the firm, once they accept it.

    Only a digest of the link's token is kept; the link works once, for the account with the
    address it was sent to, until it expires or is withdrawn.
    """

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.firm}"
