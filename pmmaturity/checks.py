"""System checks of the production profile that need more than one setting to judge.

They run with every management command (``check``, ``migrate``, ``worker``), so a
deployment that would lose files between its machines stops before it serves anyone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string


@register(Tags.files)
def files_reach_every_machine(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With several machines, a file written on one must be found on the others: a folder
    only this machine sees (the default MEDIA_ROOT) loses evidence, logos and exports."""
    if settings.DEBUG or settings.MACHINES < 2 or settings.MEDIA_ROOT_SHARED:
        return []
    backend = import_string(settings.STORAGES["default"]["BACKEND"])
    if not issubclass(backend, FileSystemStorage):
        return []
    return [
        Error(
            f"MACHINES={settings.MACHINES}, but files are kept in a folder on each machine "
            f"({settings.MEDIA_ROOT}): a file one machine writes is missing on the others.",
            hint="Set STORAGE_URL to a private S3-compatible bucket (README, Configuration), "
            "or set MEDIA_ROOT_SHARED=true if MEDIA_ROOT is a volume every machine mounts.",
            id="pmmaturity.E001",
        )
    ]
