"""Every URL × every kind of visitor. New URLs must be added here (see the last test)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["anonymous", "member", "owner", "outsider", "staff"]
PUBLIC = dict.fromkeys(ROLES, 200)
STAFF_ONLY = {"anonymous": 302, "member": 302, "owner": 302, "outsider": 302, "staff": 200}
REDIRECT = dict.fromkeys(ROLES, 302)

# url name -> (path, expected status per role)
MATRIX = {
    "home": ("/", PUBLIC),
    "healthz": ("/healthz/", PUBLIC),
    "frameworks:about": ("/instruments/", PUBLIC),
    "frameworks:current_maturity_model": ("/instruments/maturity-model/", REDIRECT),
    "frameworks:current_activities": ("/instruments/activities/", REDIRECT),
    "frameworks:current_dashboard": ("/instruments/dashboard/", REDIRECT),
    "frameworks:maturity_model": ("/instruments/pm-maturity/1.0/maturity-model/", PUBLIC),
    "frameworks:activities": ("/instruments/pm-maturity/1.0/activities/", PUBLIC),
    "frameworks:dashboard": ("/instruments/pm-maturity/1.0/dashboard/", PUBLIC),
    "frameworks:draft_maturity_model": (
        "/instruments/pm-maturity/2.0-draft/maturity-model/",
        {**dict.fromkeys(ROLES, 404), "staff": 200},
    ),
    "admin:index": ("/admin/", STAFF_ONLY),
    "admin:frameworks_statement_changelist": ("/admin/frameworks/statement/", STAFF_ONLY),
    "login": ("/accounts/login/", PUBLIC),
}


@pytest.fixture
def visitor(request, client, member, owner, outsider, staff):
    users = {"member": member, "owner": owner, "outsider": outsider, "staff": staff}
    if request.param != "anonymous":
        client.force_login(users[request.param])
    return client


@pytest.fixture
def versions(shipped_version):
    from frameworks import services

    services.version_fork(version=shipped_version, label="2.0-draft")
    return shipped_version


@pytest.mark.parametrize("visitor", ROLES, indirect=True)
@pytest.mark.parametrize("name", list(MATRIX))
def test_url_access(visitor, versions, name, request):
    path, expected = MATRIX[name]
    role = request.node.callspec.params["visitor"]
    assert visitor.get(path).status_code == expected[role]


def _named_patterns(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's own; covered by admin:index and a changelist above
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


AUTH_VIEWS = {
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def test_the_matrix_covers_every_url_of_the_app():
    ours = _named_patterns(get_resolver()) - AUTH_VIEWS
    assert ours <= set(MATRIX)
