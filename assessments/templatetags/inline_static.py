"""Static files in a page, linked or inlined.

A page the server sends links its styles and scripts (our Content-Security-Policy refuses
inline ones). A page printed to PDF is loaded into a Chromium with no network and no address
(``exports/pdf.py``), so it carries the same files' text inline instead: no policy applies
there, as no response carries one. Either way the CSS and JS live in ``static/``, never
written into a template.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def inline_static(path: str) -> SafeString:
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"Static file not found: {path}")
    source = Path(str(found))
    return _inlined(source, source.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _inlined(source: Path, _version: int) -> SafeString:
    """Read once per version of the file: the charting library alone is 3.5 MB."""
    text = source.read_text(encoding="utf-8")
    # Our own and vendored files only; "</script" cannot appear in them unescaped.
    return mark_safe(text.replace("</script", "<\\/script"))  # noqa: S308


@register.simple_tag
def stylesheet(path: str, *, inline: bool = False) -> SafeString:
    """``<link rel="stylesheet">`` to a static file, or its text in a ``<style>`` for a PDF."""
    if inline:
        return format_html("<style>{}</style>", inline_static(path))
    return format_html('<link rel="stylesheet" href="{}">', static(path))


@register.simple_tag
def script(path: str, *, inline: bool = False) -> SafeString:
    """``<script src>`` for a static file, or its text in a ``<script>`` for a PDF."""
    if inline:
        return format_html("<script>{}</script>", inline_static(path))
    return format_html('<script src="{}"></script>', static(path))


@register.simple_tag
def favicon(*, inline: bool = False) -> SafeString:
    """The site's icon: linked, or as a data URI where there is no server to ask (a PDF).
    Declared on every page, so no browser falls back to asking for /favicon.ico."""
    if not inline:
        return format_html(
            '<link rel="icon" href="{}" type="image/svg+xml">', static("favicon.svg")
        )
    svg = str(inline_static("favicon.svg")).encode()
    data = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return format_html('<link rel="icon" href="{}" type="image/svg+xml">', data)
