"""URLs of the webhooks room: an organisation's endpoints and their delivery logs.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.webhooks import views

HOOKS = "o/<slug:slug>/webhooks/"
HOOK = f"{HOOKS}<id:endpoint_pk>/"

urlpatterns = [
    path(HOOKS, views.webhooks, name="webhooks"),
    path(f"{HOOKS}new/", views.webhook_create, name="webhook_create"),
    path(HOOK, views.webhook, name="webhook"),
    path(f"{HOOK}edit/", views.webhook_edit, name="webhook_edit"),
    path(f"{HOOK}delete/", views.webhook_delete, name="webhook_delete"),
    path(f"{HOOK}roll-secret/", views.webhook_roll_secret, name="webhook_roll_secret"),
    path(f"{HOOK}test/", views.webhook_test, name="webhook_test"),
    path(
        f"{HOOK}deliveries/<id:delivery_pk>/retry/",
        views.webhook_delivery_retry,
        name="webhook_delivery_retry",
    ),
]
