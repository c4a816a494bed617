"""What goes with a place in a firm when it ends, however it ends (a service, the admin, a
deleted row): every client membership it brought, and the invitations the person sent on the
firm's behalf that nobody has used yet. In the same transaction as the deletion."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from assessments.firms.models import FirmInvitation, FirmMember
from assessments.organisations.models import Membership


@receiver(post_delete, sender=FirmMember, dispatch_uid="firm-member-ended")
def _firm_member_ended(sender: Any, instance: FirmMember, **kwargs: Any) -> None:
    # Each deleted one by one, so each membership's own ending runs too (organisations).
    for membership in Membership.objects.filter(
        user_id=instance.user_id,
        organisation__firm_client__firm_id=instance.firm_id,
        role=Membership.Role.CONSULTANT,
    ):
        membership.delete()
    FirmInvitation.objects.filter(
        firm_id=instance.firm_id,
        invited_by_id=instance.user_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
