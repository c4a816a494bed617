"""Logins limited per address too, across usernames (a spray of new usernames from one place).

django-axes counts failures per username and address, which a spray never repeats: each
guess tries a new username, so nothing was ever limited and every guess cost a password
hash (a 12-connection spray slowed the whole site to seconds a request). This second rule
counts every failed login from one address, whatever the username, in the shared cache
(``pmmaturity.ratelimit``). Past ``LOGIN_ADDRESS_FAILURE_LIMIT`` within the lockout time,
the address is refused before any password is checked, with axes' own lockout page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest

from pmmaturity.client_ip import client_ip
from pmmaturity.ratelimit import slots_taken, take_slot


def _key(request: HttpRequest) -> str:
    return f"login-failures:{client_ip(request)}"


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def login_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """What the person typed to log in: a username or an email address (allauth passes either
    on as its own credential; the login form calls the field "login"). Lower-cased, as allauth
    finds accounts by either whatever the case: otherwise each new casing of one address
    would start a new count of wrong passwords."""
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("email")
    if not name and request is not None:
        name = getattr(request, "POST", {}).get("login") or ""
    return str(name or "").strip().lower()[:USERNAME_KEPT]


# What axes' tables hold of a username (varchar 255): a longer one made PostgreSQL refuse
# the failed attempt's row, a server error on the login page. No account's username or
# email address is longer, so the cut never joins two real ones.
USERNAME_KEPT = 254


def address_locked(request: HttpRequest) -> bool:
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return slots_taken(_key(request), limit) >= limit


class AddressLimitBackend(BaseBackend):
    """First of the authentication backends: refuses an address past its limit, so no later
    backend hashes a password for it. It never lets anyone in itself; as the first backend it
    is the one a session started without a password (``force_login``) names, so it finds
    that session's user as the model backend would."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is not None and address_locked(request):
            # The flag axes' middleware reads to answer with its lockout page (429).
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = {"username": login_name(request, credentials)}  # type: ignore[attr-defined]
            raise PermissionDenied
        return None

    def get_user(self, user_id: int) -> Any:
        return ModelBackend().get_user(user_id)


@receiver(user_login_failed, dispatch_uid="login-failure-per-address")
def _count_failure(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    if request is None or getattr(request, "axes_locked_out", False):
        return  # refused before any password was tried: nothing new to count
    take_slot(_key(request), settings.LOGIN_ADDRESS_FAILURE_LIMIT, _window())
