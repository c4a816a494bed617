"""Inline a static file's text into a page: used for the self-contained PDF rendering."""

from __future__ import annotations

import functools
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
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
