"""Work a server process does once, done as it starts rather than on its first visitor's page.

Django imports most of the app lazily: the URLconf (and with it every view module), each
template as it is first rendered (compiling it and importing its tag libraries), the context
processors, the message storage and the locale's formats. On a big round's report that was
~0.5 s of its first visit after a start (issue 26). gunicorn loads the WSGI module in every
worker before the worker takes requests (or once, before forking, with --preload), so doing it
there moves that cost to the start. Nothing here touches the database: a connection opened
before a fork would be shared by the workers.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.urls import get_resolver
from django.utils import formats, translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def warm_up() -> int:
    """Import the views, compile our templates, load the rest Django imports on first use;
    returns how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018 (imports every URLconf and view module)
    get_resolver().reverse_dict  # noqa: B018 (the reverse lookups every page's links use)
    import_string(settings.MESSAGE_STORAGE)
    import_string(settings.SESSION_SERIALIZER)
    with translation.override(settings.LANGUAGE_CODE):
        formats.get_format("DATE_FORMAT")
    compiled = 0
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            engine.engine.template_context_processors  # noqa: B018
            # Our own templates (the project's folder), not every installed app's.
            for folder in engine.engine.dirs:
                compiled += _compile(engine, Path(folder))
    return compiled


def _compile(engine: DjangoTemplates, folder: Path) -> int:
    """Compile every template under ``folder`` into ``engine``'s cache (and import the tag
    libraries they load); one that does not compile is logged, and left to fail as before."""
    compiled = 0
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        try:
            engine.get_template(name)
        except TemplateSyntaxError:
            logger.warning("Template %s does not compile", name, exc_info=True)
            continue
        compiled += 1
    return compiled
