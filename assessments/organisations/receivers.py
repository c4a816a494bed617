"""What goes with a membership when it ends, however it ends (a service, the admin, a cascade).

A right that came through a membership ends with it: the join links the person sent out and
nobody has used yet are withdrawn, so a removed admin's last invitation cannot let someone
in after them.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from assessments.organisations.models import Membership, OrganisationInvitation


@receiver(post_delete, sender=Membership, dispatch_uid="membership-ended")
def _membership_ended(sender: Any, instance: Membership, **kwargs: Any) -> None:
    OrganisationInvitation.objects.filter(
        organisation_id=instance.organisation_id,
        invited_by_id=instance.user_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
