"""The firms room's rows of the permission matrix (tests/test_permissions.py)."""

from __future__ import annotations

from tests.matrix_rows import Expect, MatrixRows


def firm_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the room, for every kind of visitor."""
    return MatrixRows()
