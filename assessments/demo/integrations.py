"""The demo's ties to other tools: an API token a BI tool uses, and a team lead's calendar
feed of their roadmap, so the account and calendar pages show what they look like in use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from assessments.api.models import ApiToken
from assessments.api.services import token_issue
from assessments.calendars.models import CalendarFeed
from assessments.calendars.services import feed_create
from assessments.organisations.models import Organisation
from assessments.roadmaps.models import Roadmap

BI_TOKEN_NAME = "Power BI: maturity dashboard"  # noqa: S105 (a name, not a secret)


def demo_integrations(org: Organisation, users: dict[str, Any]) -> None:
    hannah, tom = users["hannah"], users["tom"]
    if not ApiToken.objects.filter(user=hannah, name=BI_TOKEN_NAME).exists():
        issued = token_issue(user=hannah, organisation=org, name=BI_TOKEN_NAME, scope="read")
        ApiToken.objects.filter(pk=issued.token.pk).update(
            last_used_at=timezone.now() - timedelta(hours=3)
        )
    road = (
        Roadmap.objects.filter(assessment__organisation=org, team__name="Checkout")
        .order_by("-assessment__opens_at")
        .first()
    )
    if road is not None and not CalendarFeed.objects.filter(user=tom, roadmap=road).exists():
        feed = feed_create(user=tom, organisation=org, roadmap=road).feed
        CalendarFeed.objects.filter(pk=feed.pk).update(
            last_fetched_at=timezone.now() - timedelta(minutes=40)
        )
