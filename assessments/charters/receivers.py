"""Tells the organisations room what happens to a department's charter if it is deleted.

The charter goes with the department: it says what product management is for in that
department, and no department is left for it to speak of. A department that any round grouped
teams under cannot be deleted at all (``rounds.receivers``), so no report loses its charter.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from assessments.charters.models import CharterVersion
from assessments.organisations.models import Department
from assessments.organisations.signals import Use, department_uses


@receiver(department_uses, dispatch_uid="charters-department-uses")
def _department_uses(sender: Any, department: Department, **kwargs: Any) -> list[Use]:
    versions = CharterVersion.objects.filter(charter__department=department)
    saved = versions.count()
    if not saved:
        return []
    published = (
        " (one of them published)" if versions.filter(published_at__isnull=False).exists() else ""
    )
    return [
        Use(
            f"Its charter is deleted with it: {saved} saved "
            f"version{'s' if saved != 1 else ''}{published}."
        )
    ]
