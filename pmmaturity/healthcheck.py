"""The container's health check (the Dockerfile's HEALTHCHECK): `python -m pmmaturity.healthcheck`.

It asks this container's gunicorn for /healthz/ as the proxy in front would: with a host
name the app accepts (the first of ALLOWED_HOSTS) and `X-Forwarded-Proto: https`, so the
production profile neither refuses the host nor redirects to HTTPS. The standard library
only: Docker runs it every 30 seconds, and starting Django each time would cost a second of CPU.

The container is healthy while it answers and reaches its database. /healthz/ also answers
503 when the task queue is down or stalled, but that is the workers' trouble: restarting or
unrouting this web container would not mend it, so here it counts as healthy (the JSON says
why, for the load balancer and for whoever reads `docker inspect`).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

URL = "http://127.0.0.1:8000/healthz/"
TIMEOUT_SECONDS = 4


def probe_host(allowed_hosts: str) -> str:
    """A host name that ALLOWED_HOSTS accepts: its first entry, made concrete."""
    first = next((h.strip() for h in allowed_hosts.split(",") if h.strip()), "localhost")
    if first == "*":
        return "localhost"
    # ".example.com" allows example.com and every subdomain.
    return first.removeprefix(".")


def request_headers(allowed_hosts: str) -> dict[str, str]:
    return {"Host": probe_host(allowed_hosts), "X-Forwarded-Proto": "https"}


def verdict(status: int, body: bytes) -> tuple[bool, str]:
    """(healthy, what to print) for /healthz/'s answer."""
    try:
        report = json.loads(body)
    except ValueError:
        return False, f"/healthz/ answered {status} without its JSON report"
    if not isinstance(report, dict):
        return False, f"/healthz/ answered {status} without its JSON report"
    reason = str(report.get("reason", ""))
    if status == 200:
        return True, "ok"
    if status == 503 and report.get("database") == "ok":
        return True, f"web ok; {reason}"
    return False, f"/healthz/ answered {status}: {reason}"


def main() -> int:
    headers = request_headers(os.environ.get("ALLOWED_HOSTS", ""))
    request = urllib.request.Request(URL, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (a fixed http URL)
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except OSError as error:
        print(f"/healthz/ did not answer: {error}")
        return 1
    healthy, message = verdict(status, body)
    print(message)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
