"""What an event's body is made of: the envelope, absolute links and the organisation.

Rooms that raise events build their ``data`` from ids, names, dates and links with these
helpers. A payload never carries answers, nor any respondent's name or email address.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from assessments.organisations.models import Organisation


def link(name: str, *args: Any) -> str:
    """The page's full address on the site (SITE_URL); only its path while that is unset."""
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def organisation_data(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "slug": organisation.slug,
        "url": link("orgs:organisation", organisation.slug),
    }


def body_of(*, event: str, data: Mapping[str, Any], at: datetime) -> str:
    """The JSON body Standard Webhooks describes: the event's type, when, and its data."""
    return json.dumps(
        {"type": event, "timestamp": at, "data": data},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def example_body(organisation: Organisation) -> str:
    """What a round.closed event for one of the organisation's rounds looks like."""
    now = timezone.now().replace(microsecond=0)
    data = {
        "organisation": organisation_data(organisation),
        "round": {
            "id": 42,
            "name": "Spring check-in",
            "opens_at": now - timedelta(days=14),
            "closes_at": now,
            "closed_at": now,
            "url": link("orgs:assessment", organisation.slug, 42),
            "report_url": link("orgs:report", organisation.slug, 42),
        },
    }
    return body_of(event="round.closed", data=data, at=now)
