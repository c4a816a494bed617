"""Existing accounts get allauth's email address rows, confirmed only where that is safe.

Sign-up never confirmed an address before, so an old account's address proves nothing by
itself. It is marked confirmed only when it is the one account with that address (case
aside) and no invitation still waits for that address: an account made with a leaked
invitation's address, before this change, must not be able to accept it now. Every other
address (shared by several accounts, or with an invitation waiting) gets a row that is not
confirmed: its owner is sent a link at their next login, and the first to open it owns it.
Accounts with no address get no row.
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def _waiting_addresses(apps) -> set[str]:
    waiting = Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
    found: set[str] = set()
    for model in ("OrganisationInvitation", "FirmInvitation"):
        invitations = apps.get_model("assessments", model).objects.filter(waiting)
        found |= {email.strip().lower() for email in invitations.values_list("email", flat=True)}
    return found


def forwards(apps, schema_editor):
    User = apps.get_model("auth", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    accounts: dict[str, list[int]] = {}
    for pk, email in User.objects.exclude(email="").values_list("pk", "email"):
        accounts.setdefault(email.strip().lower(), []).append(pk)
    waiting = _waiting_addresses(apps)
    has_row = set(EmailAddress.objects.values_list("user_id", flat=True))
    rows = []
    for email, user_ids in accounts.items():
        safe = len(user_ids) == 1 and email not in waiting
        rows += [
            EmailAddress(user_id=pk, email=email, verified=safe, primary=True)
            for pk in user_ids
            if pk not in has_row
        ]
    EmailAddress.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0015_export_leases"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
