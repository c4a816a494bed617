"""One HTTP attempt at delivering a webhook: signed, short, to a checked address only.

Signed as the Standard Webhooks spec says (``webhook-id``, ``webhook-timestamp`` and
``webhook-signature`` headers; the ``standardwebhooks`` package signs), sent with short
timeouts, following no redirect, and reading no more of the answer than the log keeps.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import urllib3
from django.conf import settings
from standardwebhooks.webhooks import Webhook
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError

from assessments.webhooks.addresses import AddressRefused, IPAddress, Target, checked

CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 10.0
RESPONSE_KEPT = 1000  # characters of the answer kept in the delivery log
USER_AGENT = "pmmaturity-webhooks/1"


@dataclass(frozen=True)
class Answer:
    """How one attempt went: the status code and the start of the body, or the error."""

    status: int | None
    body: str
    duration_ms: int
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def signed_headers(*, secret: str, message_id: str, at: datetime, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def post(*, url: str, body: str, headers: dict[str, str]) -> Answer:
    """POST the body to the endpoint's address as checked now; never raises for the network."""
    began = time.monotonic()
    try:
        target, addresses = checked(url)
    except AddressRefused as refused:
        return Answer(None, "", 0, str(refused))
    error = ""
    for address in addresses:
        try:
            return _post_to(target, address, body.encode(), headers, began)
        except (NewConnectionError, ConnectTimeoutError) as unreached:  # try the next one
            error = _plain(unreached)
        except HTTPError as failed:  # TLS, a read timeout, a broken answer
            return Answer(None, "", _since(began), _plain(failed))
    return Answer(None, "", _since(began), error)


def _post_to(
    target: Target, address: IPAddress, body: bytes, headers: dict[str, str], began: float
) -> Answer:
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, total=TOTAL_TIMEOUT)
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            str(address),
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            ca_certs=settings.WEBHOOKS_CA_BUNDLE or None,
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    else:  # plain http: development only (addresses.target_of)
        pool = urllib3.HTTPConnectionPool(
            str(address), target.port, timeout=timeout, retries=False, maxsize=1
        )
    with pool:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={
                "Host": target.host_header,
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                **headers,
            },
            redirect=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            start = response.read(RESPONSE_KEPT * 4, decode_content=False)
        except HTTPError:
            start = b""  # the status is what counts; a body cut short is no failure
        finally:
            response.release_conn()
    text = start.decode("utf-8", errors="replace")[:RESPONSE_KEPT]
    return Answer(response.status, text, _since(began))


def _since(began: float) -> int:
    return int((time.monotonic() - began) * 1000)


def _plain(error: HTTPError) -> str:
    """The network error in a few words for the delivery log."""
    name = type(error).__name__
    if "Timeout" in name:
        return "No answer in time (the connection or the answer took too long)."
    if "SSL" in name:
        return f"The secure connection failed: {error}"[:300]
    return f"Could not connect: {error}"[:300]
