"""The charter's rows of the permission matrix (tests/test_permissions.py), kept here so that
module stays short: every page and write of the organisation's and a department's charter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A valid save: one principle, from the template.
CHARTER_BODY = {
    "p-TOTAL_FORMS": "1",
    "p-INITIAL_FORMS": "0",
    "p-0-title": "Product managers decide the roadmap",
    "p-0-key": "pm-decides-roadmap",
    "p-0-ORDER": "1",
    "note": "Reworded",
}
PLACES = (
    ("orgs:charter", "/o/{org}/charter/", "{charter_version}"),
    (
        "orgs:charter_department",
        "/o/{org}/charter/department/{department}/",
        "{department_charter_version}",
    ),
)


def charter_matrix(
    expect: Callable[..., dict[str, int]], login: dict[str, int]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(URLs, writes, write statuses). Every member reads the published charter; admins and
    consultants edit, publish and see the history. An empty POST to the edit page is refused
    with its reasons (400); a valid one saves a new version (302)."""
    read = expect(200, **login, outsider=404, staff=404)
    admin_page = expect(200, **login, member=403, team_lead=403, outsider=404, staff=404)
    admin_form = expect(400, **login, member=403, team_lead=403, outsider=404, staff=404)
    admin_post = expect(302, **login, member=403, team_lead=403, outsider=404, staff=404)
    urls: dict[str, Any] = {}
    writes: dict[str, Any] = {}
    statuses: dict[str, Any] = {}
    for name, base, version in PLACES:
        urls |= {
            name: ("get", base, read),
            f"{name}_edit": ("get", f"{base}edit/", admin_page),
            f"{name}, saved": ("post", f"{base}edit/", admin_form),
            f"{name}_history": ("get", f"{base}history/", admin_page),
            f"{name}_version": ("get", f"{base}versions/{version}/", admin_page),
            f"{name}_publish": ("post", f"{base}versions/{version}/publish/", admin_post),
        }
        writes |= {
            f"{name}, saved": (CHARTER_BODY, "charter versions"),
            f"{name}_publish": ({}, "charter versions"),
        }
        statuses[f"{name}, saved"] = {**admin_form, "owner": 302, "consultant": 302}
    return urls, writes, statuses
