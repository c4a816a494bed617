"""``{% not_enough_evidence %}``: the words for an undecided level, from ``frameworks.levels``.

Inside a sentence: ``{% not_enough_evidence as undecided %}…{{ undecided|lower }}``.
"""

from __future__ import annotations

from django import template

from frameworks.levels import NOT_ENOUGH_EVIDENCE

register = template.Library()


@register.simple_tag
def not_enough_evidence() -> str:
    return NOT_ENOUGH_EVIDENCE
