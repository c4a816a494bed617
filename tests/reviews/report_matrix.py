"""The review deliverable's rows of the permission matrix (tests/test_permissions.py): the
review report, its PDF, the benchmark and the handover."""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

REPORT = "/o/{org}/reviews/{review}/report/"


def _review(world: dict[str, Any]) -> Any:
    from assessments.reviews.models import Review

    return Review.objects.get(pk=world["review"])


def _handed_over(world: dict[str, Any]) -> Any:
    review = _review(world)
    return (review.status, review.handed_over_at is not None)


def _review_pdfs(world: dict[str, Any]) -> int:
    from assessments.exports.models import ExportJob

    return ExportJob.objects.filter(kind=ExportJob.Kind.REVIEW_PDF).count()


def _opt_out(world: dict[str, Any]) -> bool:
    from assessments.firms.models import FirmClient

    return FirmClient.objects.get(organisation__slug=world["org"]).benchmark_opt_out


def deliverable_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the deliverable, for every kind of visitor.

    The report, its PDF and the benchmark are for the firm's consultants and the client's
    admins; the summary and the handover for the consultants only. A rival firm's consultant
    is an outsider here (404)."""
    outside = {"outsider": 404, "staff": 404}
    both_read = expect(200, **login, member=403, team_lead=403, **outside)
    both_post = expect(302, **login, member=403, team_lead=403, **outside)
    runner_read = expect(
        200, **login, member=403, team_lead=403, owner=403, consultant=200, **outside
    )
    runner_post = expect(
        302, **login, member=403, team_lead=403, owner=403, consultant=302, **outside
    )
    # Taking part in the benchmark is the client's choice: its admins', not the firm's.
    admin_post = expect(302, **login, member=403, team_lead=403, consultant=403, **outside)
    refused_empty = expect(400, **login, member=403, team_lead=403, consultant=403, **outside)
    return MatrixRows(
        urls={
            "orgs:review_report": ("get", REPORT, both_read),
            "orgs:review_report_pdf": ("get", REPORT + "pdf/", both_read),
            "review report PDF, asked for": ("post", REPORT + "pdf/", both_post),
            "orgs:review_summary": ("get", "/o/{org}/reviews/{review}/summary/", runner_read),
            "review summary, saved": ("post", "/o/{org}/reviews/{review}/summary/", runner_post),
            "orgs:review_handover": ("get", "/o/{org}/reviews/{review}/handover/", runner_read),
            "review handed over": ("post", "/o/{org}/reviews/{review}/handover/", runner_post),
            "orgs:benchmark": ("get", "/o/{org}/benchmark/", both_read),
            "orgs:benchmark_opt_out": ("post", "/o/{org}/benchmark/opt-out/", refused_empty),
            "another organisation's review report": (
                "get",
                "/o/{rival_client}/reviews/{review}/report/",
                expect(404, **login),
            ),
        },
        writes={
            "review report PDF, asked for": ({}, "review PDFs"),
            "review summary, saved": (
                {"executive_summary": "## What we found\n\nRoles are unwritten."},
                "executive summary",
            ),
            "review handed over": ({}, "handed over"),
            "orgs:benchmark_opt_out": ({"opt_out": "on"}, "benchmark opt-out"),
        },
        statuses={"orgs:benchmark_opt_out": admin_post},
        states={
            "review PDFs": _review_pdfs,
            "executive summary": lambda world: _review(world).executive_summary,
            "handed over": _handed_over,
            "benchmark opt-out": _opt_out,
        },
    )
