"""The webhook event of reviews: ``review.handed_over``, raised in the handover's transaction
(``reviews.handover``), again when a reopened review is delivered again."""

from __future__ import annotations

from typing import Any

from assessments.reviews.models import Review
from assessments.webhooks import events
from assessments.webhooks.payloads import link, organisation_data
from assessments.webhooks.services import event_publish


def review_data(review: Review, *, again: bool) -> dict[str, Any]:
    slug = review.organisation.slug
    return {
        "organisation": organisation_data(review.organisation),
        "review": {
            "id": review.pk,
            "title": review.title,
            "firm": {"id": review.firm_id, "name": review.firm.name},
            "delivered_at": review.delivered_at,
            "handed_over_at": review.handed_over_at,
            "delivered_again": again,
            "url": link("orgs:review", slug, review.pk),
        },
        "rounds": [
            {"id": pk, "name": name, "url": link("orgs:assessment", slug, pk)}
            for pk, name in review.rounds.order_by("pk").values_list("pk", "name")
        ],
    }


def review_handed_over(review: Review, *, again: bool) -> None:
    event_publish(
        organisation=review.organisation_id,
        event=events.REVIEW_HANDED_OVER,
        data=lambda: review_data(review, again=again),
    )
