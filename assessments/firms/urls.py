"""URLs of the firms room."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
