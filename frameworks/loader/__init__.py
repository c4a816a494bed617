"""Read, check, load and export framework content files.

A content file describes one framework version in full. The work is split by job:

- ``reading``: YAML to a checked :class:`~frameworks.schema.ContentFile`, with every
  problem reported by file and line (:class:`ContentError`);
- ``validating``: the checks across a file that the schema cannot express;
- ``syncing``: an upsert by key into the database, so loading twice changes nothing
  and a frozen version is never changed;
- ``exporting``: a version back to a content file, and to YAML.

Import from here: ``from frameworks.loader import load_content_files``.
"""

from __future__ import annotations

from frameworks.loader.exporting import dump_content, export_version
from frameworks.loader.reading import (
    CONTENT_DIR,
    ContentError,
    content_files,
    parse_content,
    read_content_file,
)
from frameworks.loader.syncing import (
    STATUS_RANK,
    LoadResult,
    load_content,
    load_content_files,
    move_status,
)
from frameworks.loader.validating import Problem, cross_check

__all__ = [
    "CONTENT_DIR",
    "STATUS_RANK",
    "ContentError",
    "LoadResult",
    "Problem",
    "content_files",
    "cross_check",
    "dump_content",
    "export_version",
    "load_content",
    "load_content_files",
    "move_status",
    "parse_content",
    "read_content_file",
]
