"""URLs of reviews: the engagement, its evidence and moderation (here), and its deliverable
(report_urls)."""

from django.urls import URLPattern, path

from assessments.reviews import report_urls, views

urlpatterns: list[URLPattern] = [
    path("firm/calibration/", views.firm_calibration, name="firm_calibration"),
    *report_urls.urlpatterns,
]
