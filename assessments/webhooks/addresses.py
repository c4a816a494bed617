"""Which addresses webhooks may be sent to.

An endpoint's address is checked when it is saved and again before every delivery, against
the addresses its host name resolves to then: a name that pointed outside when saved and
inside later (DNS rebinding) is refused at delivery, and the delivery connects to the very
address that was checked, never to a second look-up's answer.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(ValueError):
    """An endpoint address we will not send to; the message says why, in plain words."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # a name, or an IP address without brackets
    port: int
    path: str  # with its query string

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def target_of(url: str) -> Target:
    """The parts of an endpoint address, or AddressRefused for one we never send to."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise AddressRefused("That is not a web address we can read.") from error
    allowed = ("https", "http") if settings.DEBUG else ("https",)
    if parts.scheme not in allowed:
        raise AddressRefused("The address must start with https:// so events travel encrypted.")
    if not parts.hostname:
        raise AddressRefused("The address needs a host name, as in https://example.com/hooks.")
    if parts.username or parts.password:
        raise AddressRefused("Leave the user name and password out of the address.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    default = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, parts.hostname, port or default, path)


def refusal(address: IPAddress) -> str | None:
    """Why we will not connect to this address, or None if we may."""
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        return (
            f"The address resolves to {address}, inside a private network: webhooks go only "
            "to addresses on the public internet."
        )
    return None


def resolve(target: Target) -> list[IPAddress]:
    """The addresses the target's host resolves to now, every one of them allowed."""
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise AddressRefused(
            f"We couldn't find the host {target.host}. Check the address for typing mistakes."
        ) from error
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))
    for address in addresses:
        problem = refusal(address)
        if problem:
            raise AddressRefused(problem)
    if not addresses:
        raise AddressRefused(f"We couldn't find the host {target.host}.")
    return addresses


def checked(url: str) -> tuple[Target, list[IPAddress]]:
    """The address's parts and the addresses it may be sent to, or AddressRefused."""
    target = target_of(url)
    return target, resolve(target)
