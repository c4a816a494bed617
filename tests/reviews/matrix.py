"""The reviews room's rows of the permission matrix (tests/test_permissions.py)."""

from __future__ import annotations

from tests.matrix_rows import Expect, MatrixRows


def review_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the room, for every kind of visitor."""
    rows = MatrixRows()
    # A firm's own workspace: its consultants (the rival for his own firm); nobody else.
    rows.urls["orgs:firm_calibration"] = (
        "get",
        "/firm/calibration/",
        expect(404, **login, consultant=200, rival=200),
    )
    return rows
