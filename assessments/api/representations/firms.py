"""A consulting firm's clients and reviews as its workspace page shows them.

Read from the page's own ``Workspace`` (``home.selectors.firm_workspace``): the firm's clients
only, each round's counts as the page gives them (rounded to an anonymous open round's
batches), never another firm's client.
"""

from __future__ import annotations

from typing import Any

from assessments.api.representations import words
from assessments.firms.selectors import ClientRow, Workspace
from assessments.reviews.models import Review
from assessments.rounds.models import Assessment

STATES = {"open": "Open", "closed": "Closed", "not_open": "Not open yet"}


def _round(a: Assessment) -> dict[str, Any]:
    state = getattr(a, "state", "")
    return {
        "id": a.pk,
        "name": a.name,
        "state": state,
        "state_name": STATES.get(state, state),
        "opens_at": words.when(a.opens_at),
        "closes_at": words.when(a.closes_at),
        "started": getattr(a, "started", None),
        "submitted": getattr(a, "submitted", None),
        "explanation": (
            "People who started and submitted; while an anonymous round is open, counted in "
            "whole batches so no one person's answer can be spotted arriving."
        ),
    }


def review_data(review: Review, organisation: Any) -> dict[str, Any]:
    return {
        "id": review.pk,
        "title": review.title,
        "client": {"slug": organisation.slug, "name": organisation.name},
        "status": review.status,
        "status_name": review.get_status_display(),
        "starts_on": words.when(review.starts_on),
        "due_on": words.when(review.due_on),
        "delivered_at": words.when(review.delivered_at),
        "created_at": words.when(review.created_at),
    }


def client_data(row: ClientRow) -> dict[str, Any]:
    org = row.organisation
    return {
        "slug": org.slug,
        "name": org.name,
        "admins": [words.person(m.user) for m in row.admins],
        "admins_invited": [invitation.email for invitation in row.invited],
        "rounds": [_round(a) for a in getattr(row, "rounds", [])],
        "reviews": [
            {"id": r.pk, "title": r.title, "status": r.status, "due_on": words.when(r.due_on)}
            for r in getattr(row, "reviews", [])
        ],
    }


def clients_data(workspace: Workspace) -> list[dict[str, Any]]:
    return [client_data(row) for row in workspace.clients]


def reviews_data(workspace: Workspace) -> list[dict[str, Any]]:
    """Every review of every client, newest first, as the workspace lists them."""
    found = [
        (review, row.organisation)
        for row in workspace.clients
        for review in getattr(row, "reviews", [])
    ]
    found.sort(key=lambda pair: (pair[0].created_at, pair[0].pk), reverse=True)
    return [review_data(review, org) for review, org in found]
