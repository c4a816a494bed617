"""URLs of the review's deliverable: its report (screen and PDF), the benchmark, the handover."""

from django.urls import URLPattern, path

from assessments.reviews import deliverable_views as views

urlpatterns: list[URLPattern] = [
    path("o/<slug:slug>/reviews/<id:pk>/report/", views.review_report, name="review_report"),
    path(
        "o/<slug:slug>/reviews/<id:pk>/report/pdf/",
        views.review_report_pdf,
        name="review_report_pdf",
    ),
    path("o/<slug:slug>/reviews/<id:pk>/summary/", views.review_summary, name="review_summary"),
    path("o/<slug:slug>/reviews/<id:pk>/handover/", views.review_handover, name="review_handover"),
    path("o/<slug:slug>/benchmark/", views.benchmark, name="benchmark"),
    path("o/<slug:slug>/benchmark/opt-out/", views.benchmark_opt_out, name="benchmark_opt_out"),
]
