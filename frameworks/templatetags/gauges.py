"""``{% dial_gauge %}``: a dial drawn as inline SVG (see frameworks/gauges.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from frameworks.gauges import gauge_svg

register = template.Library()


@register.simple_tag
def dial_gauge(
    red_below: float, green_from: float, value: float | None = None, missing: str = ""
) -> SafeString:
    return gauge_svg(red_below=red_below, green_from=green_from, value=value, missing=missing)
