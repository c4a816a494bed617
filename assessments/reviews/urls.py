"""URLs of reviews: the engagement, its evidence and moderation (here), and its deliverable
(report_urls)."""

from django.urls import URLPattern, path

from assessments.reviews import evidence_views, report_urls, views

REVIEWS = "o/<slug:slug>/reviews/"
REVIEW = f"{REVIEWS}<id:pk>/"

urlpatterns: list[URLPattern] = [
    path("firm/calibration/", views.firm_calibration, name="firm_calibration"),
    path(REVIEWS, views.reviews, name="reviews"),
    path(f"{REVIEWS}new/", views.review_create, name="review_create"),
    path(f"{REVIEWS}calibration/", views.review_calibration, name="review_calibration"),
    path(REVIEW, views.review, name="review"),
    path(f"{REVIEW}edit/", views.review_edit, name="review_edit"),
    path(f"{REVIEW}status/", views.review_status, name="review_status"),
    path(f"{REVIEW}history/", views.history, name="review_history"),
    path(f"{REVIEW}evidence/new/", evidence_views.evidence_add, name="review_evidence_add"),
    path(
        f"{REVIEW}evidence/<id:evidence_pk>/file",
        evidence_views.evidence_file,
        name="review_evidence_file",
    ),
    path(
        f"{REVIEW}evidence/<id:evidence_pk>/delete/",
        evidence_views.evidence_delete,
        name="review_evidence_delete",
    ),
    path(f"{REVIEW}moderate/<slug:enabler_key>/", evidence_views.moderate, name="review_moderate"),
    path(
        f"{REVIEW}moderate/<slug:enabler_key>/<slug:statement_key>/",
        evidence_views.moderate,
        name="review_moderate_statement",
    ),
    *report_urls.urlpatterns,
]
