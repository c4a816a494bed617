"""Which room makes which kind of export: each room registers its makers here.

The exports room queues, limits, stores and serves files, but knows nothing of reports,
roadmaps, comparisons or reviews: like pretix's exporters, each room that offers a file
registers a maker for its kinds (``ExportJob.Kind``), in its own ``exporters`` module, which
``AssessmentsConfig.ready`` imports. A maker is given what the person may see now (their
access, re-checked when the file is made) and the job, and returns the file.
"""

from __future__ import annotations

from collections.abc import Callable

from assessments.exports.files import ExportFile, StreamedFile
from assessments.exports.models import ExportJob
from assessments.organisations.access import OrgAccess

Maker = Callable[[OrgAccess, ExportJob], ExportFile | StreamedFile]

_makers: dict[str, Maker] = {}


def register(*kinds: str) -> Callable[[Maker], Maker]:
    """Make these kinds of export with the decorated function; a kind has one maker."""

    def decorate(maker: Maker) -> Maker:
        for kind in kinds:
            known = _makers.get(kind)
            if known is not None and known is not maker:
                raise ValueError(f"Two makers for exports of kind {kind!r}")
            _makers[kind] = maker
        return maker

    return decorate


def maker_for(kind: str) -> Maker:
    """The maker registered for this kind (KeyError if no room offers it)."""
    return _makers[kind]


def kinds() -> frozenset[str]:
    return frozenset(_makers)
