"""URLs of the review's deliverable: its report (screen and PDF), the benchmark, the handover."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
