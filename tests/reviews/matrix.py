"""The reviews room's rows of the permission matrix (tests/test_permissions.py).

A review is seen by the consultants of the firm serving the organisation and by the
organisation's admins; only the consultants change it. Team leads and members get a 403;
anyone outside the organisation (the rival firm's consultant included) a 404.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

BASE = "/o/{org}/reviews/"
REVIEW = "/o/{org}/reviews/{review}/"
NOTE = {"kind": "note", "enabler": "{enabler_key}", "title": "Interview", "text": "Two of five."}


def _reviews(world: dict[str, Any]) -> Any:
    from assessments.reviews.models import Review

    return list(
        Review.objects.filter(organisation__slug=world["org"]).values_list("title", "status")
    )


def _evidence(world: dict[str, Any]) -> Any:
    from assessments.reviews.models import Evidence

    return sorted(Evidence.objects.filter(review_id=world["review"]).values_list("pk", flat=True))


def _moderations(world: dict[str, Any]) -> Any:
    from assessments.reviews.models import Moderation

    return Moderation.objects.filter(review_id=world["review"]).count()


def review_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the room, for every kind of visitor."""
    inside = {**login, "member": 403, "team_lead": 403, "outsider": 404, "staff": 404}
    read = expect(200, **inside)
    # The client's admin reads; only the firm's consultant runs the review.
    run_page = expect(200, **inside, owner=403, consultant=200)
    run_form = expect(400, **inside, owner=403, consultant=400)  # an empty POST: the reasons
    run_post = expect(302, **inside, owner=403, consultant=302)
    rows = MatrixRows()
    rows.urls = {
        # A firm's own workspace: its consultants (the rival for his own firm); nobody else.
        "orgs:firm_calibration": (
            "get",
            "/firm/calibration/",
            expect(404, **login, consultant=200, rival=200),
        ),
        "orgs:reviews": ("get", BASE, read),
        "orgs:review_calibration": ("get", f"{BASE}calibration/", read),
        "orgs:review_create": ("get", f"{BASE}new/", run_page),
        "review created": ("post", f"{BASE}new/", run_form),
        "orgs:review": ("get", REVIEW, read),
        "orgs:review_edit": ("get", f"{REVIEW}edit/", run_page),
        "review edited": ("post", f"{REVIEW}edit/", run_form),
        "orgs:review_status": ("post", f"{REVIEW}status/", run_form),
        "orgs:review_history": ("get", f"{REVIEW}history/", read),
        "orgs:review_evidence_add": ("get", f"{REVIEW}evidence/new/", run_page),
        "evidence added": ("post", f"{REVIEW}evidence/new/", run_form),
        "orgs:review_evidence_file": ("get", f"{REVIEW}evidence/{{document}}/file", read),
        "orgs:review_evidence_delete": (
            "post",
            f"{REVIEW}evidence/{{document}}/delete/",
            run_post,
        ),
        "orgs:review_moderate": ("get", f"{REVIEW}moderate/{{enabler_key}}/", run_page),
        "enabler moderated": ("post", f"{REVIEW}moderate/{{enabler_key}}/", run_form),
        "orgs:review_moderate_statement": (
            "get",
            f"{REVIEW}moderate/{{enabler_key}}/{{statement_key}}/",
            run_page,
        ),
        "statement moderated": (
            "post",
            f"{REVIEW}moderate/{{enabler_key}}/{{statement_key}}/",
            run_form,
        ),
        # Tenancy: the review, asked for through another organisation (the rival's own
        # client), is a 404 for everyone.
        "another organisation's review": (
            "get",
            "/o/{rival_client}/reviews/{review}/",
            expect(404, **login),
        ),
        "another organisation's evidence file": (
            "get",
            "/o/{rival_client}/reviews/{review}/evidence/{document}/file",
            expect(404, **login),
        ),
    }
    rows.writes = {
        "review created": ({"title": "Autumn review", "rounds": "{assessment}"}, "reviews"),
        "review edited": ({"title": "Spring review, renamed", "rounds": "{assessment}"}, "reviews"),
        "orgs:review_status": ({"status": "fieldwork"}, "reviews"),
        "evidence added": (NOTE, "evidence"),
        "orgs:review_evidence_delete": ({}, "evidence"),
        "enabler moderated": ({"result": "managed", "reason": "Roles are written."}, "moderations"),
        "statement moderated": ({"result": "partly", "reason": "Two teams do."}, "moderations"),
    }
    rows.statuses = dict.fromkeys(
        (
            "review created",
            "review edited",
            "orgs:review_status",
            "evidence added",
            "enabler moderated",
            "statement moderated",
        ),
        run_post,
    )
    rows.states = {"reviews": _reviews, "evidence": _evidence, "moderations": _moderations}
    return rows
