"""The API's data endpoints (results, comparisons, roadmaps, firms' clients and reviews),
kept apart from the foundation's URLs in urls.py, which includes these."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
