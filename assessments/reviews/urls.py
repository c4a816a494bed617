"""URLs of the reviews room."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
