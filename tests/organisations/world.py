"""The "People and teams" part of the URL world (tests/factories.py ``build_url_world``): a
team and a department nothing rests on, a person to remove, and another organisation's ids."""

from __future__ import annotations

from typing import Any


def people_world(organisation: Any, users: dict[str, Any], other_team: Any) -> dict[str, int]:
    from assessments.organisations.models import Membership
    from tests.factories import DepartmentFactory, MembershipFactory, TeamFactory

    spare_department = DepartmentFactory(organisation=organisation, name="Spare department")
    spare_team = TeamFactory(organisation=organisation, department=None, name="Spare team")
    spare_member = MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, user__username="spare"
    )
    return {
        "spare_team": spare_team.pk,
        "spare_department": spare_department.pk,
        "spare_member": spare_member.pk,
        "member_membership": Membership.objects.get(
            organisation=organisation, user=users["member"]
        ).pk,
        "foreign_team": other_team.pk,
        "foreign_department": other_team.department_id,
        "foreign_membership": Membership.objects.filter(user=users["outsider"]).first().pk,
    }
