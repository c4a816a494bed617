"""The account page for API tokens, named in the ``orgs`` namespace with the other pages
(assessments/urls.py gathers it)."""

from django.urls import path

from assessments.api import page_views

urlpatterns = [
    path("account/api-tokens/", page_views.tokens, name="api_tokens"),
    path("account/api-tokens/<id:pk>/revoke/", page_views.token_revoke, name="api_token_revoke"),
]
