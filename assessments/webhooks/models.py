"""Webhook endpoints an organisation registers, and the deliveries of events to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.organisations.models import Organisation


class WebhookEndpoint(models.Model):
    """An HTTPS address that receives the organisation's events, signed with its secret."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    # The event names it receives (``webhooks.events``).
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    # Shown to the organisation's admins, who need it to check signatures: kept as it is.
    secret = models.CharField(max_length=100)
    # Why sending stopped without anybody turning it off (a 410 Gone); cleared when turned on.
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint, with how its last attempt went."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Sending"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=60)
    message_id = models.CharField(max_length=40, unique=True)  # the webhook-id header
    # The body exactly as signed and sent, the same bytes on every attempt.
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker sending it holds it until then; past it, the scheduled job lets another try.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.CharField(max_length=1000, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_log")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"

    @property
    def can_retry(self) -> bool:
        """Failed, or waiting for its next attempt after a failed one."""
        return self.status == self.Status.FAILED or (
            self.status == self.Status.PENDING and self.attempts > 0
        )
