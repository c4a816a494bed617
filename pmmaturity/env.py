"""Tiny helpers that read configuration from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def development_secret_key(path: Path) -> str:
    """A per-checkout secret for development, generated once and kept out of git.

    It is only ever used with DEBUG on; production refuses to start with it.
    """
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = "dev-only-" + secrets.token_urlsafe(50)
    path.write_text(key)
    return key


# What STORAGE_URL's query may say, and the S3Storage option each sets.
STORAGE_URL_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "addressing_style": "addressing_style",
    "acl": "default_acl",
}
# Canned ACLs that keep an object to the bucket's owner; nothing public is accepted.
PRIVATE_ACLS = {"private", "bucket-owner-full-control"}
ADDRESSING_STYLES = {"auto", "path", "virtual"}
# A signed address, where one is ever made, works this many seconds.
SIGNED_URL_SECONDS = 60
# A file read back from the bucket is held in memory up to this size, on disk beyond
# (Django's own limit for uploads): a large export never sits whole in a worker's memory.
READ_MEMORY_BYTES = 2_621_440


def storage_from_url(url: str) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry for ``STORAGE_URL``, an S3-compatible bucket:
    ``s3://BUCKET[/PREFIX]?endpoint_url=https://…&region=…&addressing_style=path&acl=private``.

    Objects stay private: no public ACL, every address signed and short-lived, and the
    pages send files through a view that checks who asks. Keys come from the environment
    as boto3 reads them (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, or the machine's
    role), never from the URL.
    """
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    problem = _storage_url_problem(parts.scheme, parts.netloc, query)
    if problem:
        raise ImproperlyConfigured(f"STORAGE_URL {problem}.")
    from botocore.config import Config

    options: dict[str, Any] = {
        STORAGE_URL_OPTIONS[name]: value for name, value in query.items() if value
    }
    style = options.pop("addressing_style", None)
    options.update(
        bucket_name=parts.netloc,
        location=parts.path.strip("/"),
        querystring_auth=True,
        querystring_expire=SIGNED_URL_SECONDS,
        # Two files asked to be stored under the same name both stay (a suffix, as on disk).
        file_overwrite=False,
        max_memory_size=READ_MEMORY_BYTES,
        client_config=Config(
            s3={"addressing_style": style},
            signature_version="s3v4",
            connect_timeout=5,
            read_timeout=60,
            retries={"mode": "standard", "total_max_attempts": 3},
        ),
    )
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def _storage_url_problem(scheme: str, bucket: str, query: dict[str, str]) -> str:
    if scheme != "s3":
        return "must start with s3:// (an S3-compatible bucket), e.g. s3://pmmaturity-files"
    if not bucket or "@" in bucket or ":" in bucket:
        return (
            "must name a bucket after s3://, and no keys: they come from AWS_ACCESS_KEY_ID "
            "and AWS_SECRET_ACCESS_KEY"
        )
    unknown = sorted(set(query) - set(STORAGE_URL_OPTIONS))
    if unknown:
        return f"has unknown options ({', '.join(unknown)}); known: " + ", ".join(
            STORAGE_URL_OPTIONS
        )
    if query.get("acl") and query["acl"] not in PRIVATE_ACLS:
        return "acl must keep files private: " + " or ".join(sorted(PRIVATE_ACLS))
    if query.get("addressing_style") and query["addressing_style"] not in ADDRESSING_STYLES:
        return "addressing_style must be one of " + ", ".join(sorted(ADDRESSING_STYLES))
    if query.get("endpoint_url") and not query["endpoint_url"].startswith(("https://", "http://")):
        return "endpoint_url must start with https:// (or http:// on a private network)"
    return ""
