"""The production profile (DEBUG=false) for the servers of tests/test_several_machines.py,
with one change: static files are named as the development profile names them, so no
collectstatic has to run first (hashing and compressing them takes most of a minute, and
no request of that test fetches a static file)."""

from pmmaturity.settings import *  # noqa: F403
from pmmaturity.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
