"""URLs of reviews: the engagement, its evidence and moderation (here), and its deliverable
(report_urls)."""

from django.urls import URLPattern

from assessments.reviews import report_urls

urlpatterns: list[URLPattern] = [
    *report_urls.urlpatterns,
]
