"""WSGI entry point, used by gunicorn in production (see pmmaturity/gunicorn_conf.py)."""

import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")

application = get_wsgi_application()

# gunicorn runs no system checks: the production profile's refusals that need the apps
# loaded (pmmaturity/checks.py: files kept on one machine of several) stop it here too.
if refusals := [m for m in checks.run_checks(tags=[checks.Tags.files]) if m.is_serious()]:
    raise ImproperlyConfigured("\n".join(f"{m}\n\tHINT: {m.hint}" for m in refusals))

# What Django would otherwise do on the first visitor's page (pmmaturity/warmup.py).
from pmmaturity.warmup import warm_up  # noqa: E402  (needs the app set up above)

warm_up()
