"""WSGI entry point, used by gunicorn in production (see pmmaturity/gunicorn_conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")

application = get_wsgi_application()

# What Django would otherwise do on the first visitor's page (pmmaturity/warmup.py).
from pmmaturity.warmup import warm_up  # noqa: E402  (needs the app set up above)

warm_up()
