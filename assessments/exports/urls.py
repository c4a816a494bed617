"""URLs for a person's exports: the list, one export's progress, its download."""

from __future__ import annotations

from django.urls import path

from assessments.exports import views

urlpatterns = [
    path("o/<slug:slug>/exports/", views.jobs, name="exports"),
    path("o/<slug:slug>/exports/<id:pk>/", views.job, name="export"),
    path("o/<slug:slug>/exports/<id:pk>/status.json", views.job_status, name="export_status"),
    path("o/<slug:slug>/exports/<id:pk>/download", views.download, name="export_download"),
    path("o/<slug:slug>/exports/<id:pk>/again", views.retry, name="export_retry"),
]
