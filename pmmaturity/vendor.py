"""Serve third-party front-end files from where their packages installed them.

Bootstrap comes from npm (``node_modules/``); plotly.js is bundled at install time
from its npm package, one bundle per kind of chart we draw, each with only the parts of
plotly it needs (``npm run build`` writes ``node_modules/.pmbuild/``). Neither is committed
to the repository or fetched from a CDN. Only the files we use are exposed, under
``static/vendor/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

BOOTSTRAP_FILES = [
    "css/bootstrap.min.css",
    "css/bootstrap.min.css.map",
    "js/bootstrap.bundle.min.js",
    "js/bootstrap.bundle.min.js.map",
]


def _sources() -> list[tuple[str, Path, list[str]]]:
    """(url prefix, directory on disk, files inside it) for each vendored library."""
    return [
        (
            "vendor/bootstrap",
            Path(settings.NODE_MODULES_DIR) / "bootstrap" / "dist",
            BOOTSTRAP_FILES,
        ),
        (
            "vendor/plotly",
            Path(settings.NODE_MODULES_DIR) / ".pmbuild",
            # One bundle per kind of chart (pmmaturity/assets/), so a page loads only its own.
            ["plotly-radar.min.js", "plotly-timeline.min.js", "plotly.css"],
        ),
    ]


class VendorFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [
            str(directory / name)
            for _, directory, names in _sources()
            for name in names
            if not (directory / name).is_file()
        ]
        if missing:
            return [
                Error(
                    "Front-end libraries are not installed: " + ", ".join(missing),
                    hint="Run `make install` (npm ci, then npm run build to bundle plotly.js).",
                    id="pmmaturity.E001",
                )
            ]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        matches = []
        for prefix, directory, names in _sources():
            for name in names:
                if path == f"{prefix}/{name}" and (directory / name).is_file():
                    if not find_all:
                        return str(directory / name)
                    matches.append(str(directory / name))
        return matches if find_all else []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for prefix, directory, names in _sources():
            storage = FileSystemStorage(location=directory)
            storage.prefix = prefix  # type: ignore[attr-defined]
            for name in names:
                if (directory / name).is_file():
                    yield name, storage
