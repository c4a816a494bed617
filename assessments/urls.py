"""The signed-in pages of every room, under one ``orgs`` URL namespace.

Each room lists its own URLs; they share a namespace because every page sits under
its organisation (``/o/<slug>/…``), and names stay stable as rooms are added.
"""

from assessments.api import page_urls as api_pages
from assessments.calendars import urls as calendars
from assessments.charters import urls as charters
from assessments.comparisons import urls as comparisons
from assessments.exports import urls as exports
from assessments.firms import urls as firms
from assessments.home import urls as home
from assessments.imports import urls as imports
from assessments.organisations import urls as organisations
from assessments.questionnaires import urls as questionnaires
from assessments.reports import urls as reports
from assessments.reviews import urls as reviews
from assessments.roadmaps import urls as roadmaps
from assessments.rounds import urls as rounds
from assessments.webhooks import urls as webhooks

app_name = "orgs"

urlpatterns = [
    *home.urlpatterns,
    *organisations.urlpatterns,
    *rounds.urlpatterns,
    *reports.urlpatterns,
    *comparisons.urlpatterns,
    *roadmaps.urlpatterns,
    *exports.urlpatterns,
    *charters.urlpatterns,
    *firms.urlpatterns,
    *reviews.urlpatterns,
    *questionnaires.urlpatterns,
    *api_pages.urlpatterns,
    *imports.urlpatterns,
    *calendars.urlpatterns,
    *webhooks.urlpatterns,
]
