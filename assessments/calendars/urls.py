"""URLs for calendar feeds: the person's page of feeds, and the secret feed addresses.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.calendars import views

urlpatterns = [
    path("o/<slug:slug>/calendars/", views.feeds, name="calendars"),
    path("o/<slug:slug>/calendars/new/", views.feed_create, name="calendar_create"),
    path(
        "o/<slug:slug>/calendars/<id:feed_pk>/revoke/",
        views.feed_revoke,
        name="calendar_revoke",
    ),
    # No login: calendar apps cannot log in. The token is the key (assessments.tokens).
    path("calendar/<str:token>.ics", views.feed_ics, name="calendar_feed"),
]
