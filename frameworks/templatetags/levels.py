"""``{% not_enough_evidence %}`` and ``{% maturity_levels %}``: words from ``frameworks.levels``.

Inside a sentence: ``{% not_enough_evidence as undecided %}…{{ undecided|lower }}``.
"""

from __future__ import annotations

from django import template

from frameworks.levels import NOT_ENOUGH_EVIDENCE, MaturityLevel

register = template.Library()


@register.simple_tag
def not_enough_evidence() -> str:
    return NOT_ENOUGH_EVIDENCE


@register.simple_tag
def maturity_levels() -> list[MaturityLevel]:
    """The levels in order, each with its ``key`` and ``label``.

    ``{% maturity_levels as levels %}``, then ``levels.0.label`` or a loop over them.
    """
    return list(MaturityLevel)
