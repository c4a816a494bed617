"""The personas section's URL, in the ``respond`` namespace beside the questionnaire's."""

from django.urls import path

from assessments.personas import views

urlpatterns = [
    path("r/<str:token>/personas/", views.choose, name="personas"),
]
