"""The report pages' rows of the permission matrix (tests/test_permissions.py): a round's,
a department's and a team's report, and the comments of each, a page at a time."""

from __future__ import annotations

from tests.matrix_rows import Expect, MatrixRows


def report_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Managers see every scope; a team's own people see their team's, comments included."""
    return MatrixRows(
        urls={
            "orgs:report": (
                "get",
                "/o/{org}/assessments/{assessment}/report/",
                expect(200, **login, member=403, team_lead=403, outsider=404, staff=404),
            ),
            "orgs:report_department": (
                "get",
                "/o/{org}/assessments/{assessment}/report/department/{department}/",
                expect(200, **login, member=403, team_lead=403, outsider=404, staff=404),
            ),
            "orgs:report_team": (
                "get",
                "/o/{org}/assessments/{assessment}/report/team/{team}/",
                expect(200, **login, member=403, teammate=200, outsider=404, staff=404),
            ),
            "orgs:report_comments": (
                "get",
                "/o/{org}/assessments/{assessment}/report/comments/",
                expect(200, **login, member=403, team_lead=403, outsider=404, staff=404),
            ),
            "orgs:report_department_comments": (
                "get",
                "/o/{org}/assessments/{assessment}/report/department/{department}/comments/",
                expect(200, **login, member=403, team_lead=403, outsider=404, staff=404),
            ),
            "orgs:report_team_comments": (
                "get",
                "/o/{org}/assessments/{assessment}/report/team/{team}/comments/",
                expect(200, **login, member=403, teammate=200, outsider=404, staff=404),
            ),
        }
    )
