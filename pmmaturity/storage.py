"""Whether the file storage answers, for /healthz/: a bucket's HEAD with a short timeout.

A folder on this machine (the default storage) always answers; a bucket (STORAGE_URL) is
asked through a client of its own with a two-second timeout and no retries, so a load
balancer's health check hears "down" in time rather than waiting out the app's patient client.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 2


def storage_problem() -> tuple[str, str]:
    """("ok", "") when the file storage answers; else its state and the reason in plain words."""
    probe = _probe()
    if probe is None:
        return "ok", ""
    from botocore.exceptions import BotoCoreError, ClientError

    bucket = probe.bucket_name  # type: ignore[attr-defined]
    try:
        probe.connection.meta.client.head_bucket(Bucket=bucket)  # type: ignore[attr-defined]
    except ClientError as refused:
        status = refused.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
        log.warning("File storage refused its bucket %s: %s", bucket, refused)
        return "refused", f"file storage refused: its bucket answered {status}"
    except BotoCoreError as error:
        log.warning("File storage unreachable: %s", error)
        return "unreachable", "file storage unreachable"
    return "ok", ""


@functools.cache
def _probe() -> Storage | None:
    """The default storage (a bucket) again, with the health check's client; None for a
    folder."""
    params: dict[str, Any] = settings.STORAGES["default"]
    if issubclass(import_string(params["BACKEND"]), FileSystemStorage):
        return None
    from botocore.config import Config

    options = dict(params.get("OPTIONS", {}))
    options["client_config"] = (options.get("client_config") or Config()).merge(
        Config(
            connect_timeout=PROBE_TIMEOUT_SECONDS,
            read_timeout=PROBE_TIMEOUT_SECONDS,
            retries={"mode": "standard", "total_max_attempts": 1},
        )
    )
    return storages.create_storage({**params, "OPTIONS": options})


@receiver(setting_changed)
def _forget_probe(*, setting: str, **kwargs: object) -> None:
    if setting == "STORAGES":
        _probe.cache_clear()
