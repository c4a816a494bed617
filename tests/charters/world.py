"""The charters part of the URL world (tests/factories.py ``build_url_world``)."""

from __future__ import annotations


def charter_world(organisation, department, owner):
    """A published charter in two versions (the second published), and, given a department,
    the department's own."""
    from assessments.charters import services as charter_services
    from assessments.charters.services import PrincipleIn

    first = charter_services.charter_save(
        organisation=organisation,
        department=None,
        principles=charter_services.template_principles(),
        note="From the template",
        user=owner,
    )
    charter_services.charter_save(
        organisation=organisation,
        department=None,
        principles=[PrincipleIn("Product managers decide the roadmap", "", "pm-decides-roadmap")],
        note="Shorter",
        user=owner,
        publish=True,
    )
    if department is None:
        return {"charter_version": first.pk}
    own = charter_services.charter_save(
        organisation=organisation,
        department=department,
        principles=[PrincipleIn("We meet customers every month", "Outside sales meetings.")],
        note="",
        user=owner,
        publish=True,
    )
    return {"charter_version": first.pk, "department_charter_version": own.pk}
