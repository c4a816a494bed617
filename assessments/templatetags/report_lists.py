"""Long lists of a report page written in Python: the scope links and who leads each activity.

A round of two hundred teams has two hundred scope links, and an activity as many leaders as
people named; written with the template language's loops and conditions they cost more than
anything else the page draws. Every name is escaped on its way in, as in a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def scope_links(links: Iterable[Any]) -> SafeString:
    """One nav item per link (``reports.views.ScopeLink``), the current one marked."""
    items = []
    for link in links:
        active, current = (" active", ' aria-current="page"') if link.current else ("", "")
        items.append(
            f'<li class="nav-item"><a class="nav-link{active}" href="{escape(link.url)}"{current}>'
            f"{escape(link.label)}</a></li>"
        )
    return mark_safe("".join(items))  # noqa: S308  (every value escaped above)


@register.simple_tag
def led_today(row: Any) -> SafeString:
    """Who leads an activity today (``reports.builder.ActivityRow``): the clear leader in bold,
    then everyone named and how many said so; a dash if nobody answered."""
    if not row.leaders:
        return mark_safe("—")
    top = row.result.top_leader
    parts = []
    if not top:
        why = "Too few answers to say" if row.result.agreement is None else "No clear leader"
        parts.append(f'<span class="d-block">{why}:</span>')
    for i, (name, n) in enumerate(row.leaders):
        if i == 0 and top:
            parts.append(f"<strong>{escape(name)}</strong> ({escape(n)})")
        else:
            parts.append(f"{', ' if i else ''}{escape(name)} ({escape(n)})")
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)
