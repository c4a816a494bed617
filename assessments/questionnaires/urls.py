"""URLs of the questionnaires room."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
