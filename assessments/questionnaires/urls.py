"""URLs of the questionnaires room: adapting the questionnaire for an organisation or a firm.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import URLPattern, path

from assessments.questionnaires import edit_views, views

ROOM = "o/<slug:slug>/questionnaires/"
ONE = f"{ROOM}<id:version_pk>/"

urlpatterns: list[URLPattern] = [
    path(ROOM, views.questionnaires, name="questionnaires"),
    path(f"{ROOM}fork/", views.fork, name="questionnaire_fork"),
    path(ONE, views.questionnaire, name="questionnaire"),
    path(f"{ONE}preview/", views.preview, name="questionnaire_preview"),
    path(f"{ONE}publish/", views.publish, name="questionnaire_publish"),
    path(f"{ONE}statements/new/", edit_views.statement_add, name="questionnaire_statement_add"),
    path(
        f"{ONE}statements/<id:statement_pk>/",
        edit_views.statement_edit,
        name="questionnaire_statement_edit",
    ),
    path(
        f"{ONE}statements/<id:statement_pk>/remove/",
        edit_views.statement_remove,
        name="questionnaire_statement_remove",
    ),
    path(
        f"{ONE}statements/<id:statement_pk>/move/",
        edit_views.statement_move,
        name="questionnaire_statement_move",
    ),
    path(
        f"{ONE}descriptors/<id:descriptor_pk>/",
        edit_views.descriptor_edit,
        name="questionnaire_descriptor_edit",
    ),
    path(
        f"{ONE}recommendations/new/",
        edit_views.recommendation_add,
        name="questionnaire_recommendation_add",
    ),
    path(
        f"{ONE}recommendations/<id:recommendation_pk>/",
        edit_views.recommendation_edit,
        name="questionnaire_recommendation_edit",
    ),
    path(
        f"{ONE}recommendations/<id:recommendation_pk>/remove/",
        edit_views.recommendation_remove,
        name="questionnaire_recommendation_remove",
    ),
]
