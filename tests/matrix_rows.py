"""Rows a room adds to the permission matrix (tests/test_permissions.py), kept in the room's
own tests so that module stays short and rooms can be built side by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver

Expect = Callable[..., dict[str, int]]


@dataclass
class MatrixRows:
    # name -> (method, path template, expected status per role)
    urls: dict[str, tuple[str, str, dict[str, int]]] = field(default_factory=dict)
    # name -> (valid body, what it changes: a key of ``states``); an API body's value may be
    # a list of strings
    writes: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    # name -> expected status per role for the valid body, where it differs from the empty POST
    statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    # what -> reads it from the database, given the world
    states: dict[str, Callable[[dict[str, Any]], Any]] = field(default_factory=dict)
    # name -> makes something for the write to act on, given the world
    prepare: dict[str, Callable[[dict[str, Any]], None]] = field(default_factory=dict)


def filled(value: Any, world: dict[str, Any]) -> Any:
    """A body's value with the world's ids put in (a list's items each; JSON bodies hold lists)."""
    if isinstance(value, list):
        return [filled(item, world) for item in value]
    return value.format(**world)


def send(client: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """A page's form is posted as a form; the API (/api/) takes JSON, an empty object if
    nothing else."""
    if path.startswith("/api/") and method != "get":
        return getattr(client, method)(path, body or {}, content_type="application/json")
    return getattr(client, method)(path, body or {})


def merged(*rows: MatrixRows) -> MatrixRows:
    out = MatrixRows()
    for part in rows:
        for name in ("urls", "writes", "statuses", "states", "prepare"):
            mine, theirs = getattr(out, name), getattr(part, name)
            clash = mine.keys() & theirs.keys()
            assert not clash, f"two rooms name the same matrix rows: {clash}"
            mine.update(theirs)
    return out


def named_patterns(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's own; covered by admin:index and a changelist above
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


# allauth's account views reached only through a flow (a key or code from an email, a step
# of logging in) or under a second name for a page the matrix lists already; tested through
# their flows in tests/organisations/ (test_organisations.py, test_address_takeover.py).
AUTH_VIEWS = {
    "account_login",  # = login
    "account_logout",  # = logout
    "account_signup",  # = signup
    "account_reset_password",  # = password_reset
    "account_confirm_email",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_set_password",
    "account_confirm_login_code",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
}
