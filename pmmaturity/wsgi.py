"""WSGI entry point, used by gunicorn in production (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")

application = get_wsgi_application()
