"""URLs of the top room's pages in the ``orgs`` namespace (the home page is the site's root,
named in pmmaturity/urls.py)."""

from django.urls import path

from assessments.home import views

urlpatterns = [
    path("o/<slug:slug>/", views.organisation, name="organisation"),
    path("firm/", views.workspace, name="firm_workspace"),
    path("firm/colleagues/add/", views.colleague_add, name="firm_colleague_add"),
    path("firm/clients/<slug:slug>/invite/", views.client_invite, name="firm_client_invite"),
]
