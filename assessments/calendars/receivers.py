"""What the calendars room does when a membership ends, however it ends: the person's feeds in
that organisation are revoked (fetches re-check membership anyway; this makes it final)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from assessments.calendars import services
from assessments.organisations.models import Membership


@receiver(post_delete, sender=Membership, dispatch_uid="calendar-feeds-end-with-membership")
def _membership_ended(sender: Any, instance: Membership, **kwargs: Any) -> None:
    services.feeds_end_with_membership(
        organisation_id=instance.organisation_id, user_id=instance.user_id
    )
