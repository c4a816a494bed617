"""What the organisations room asks the rooms above it before a team or department goes.

A team's answers, rounds and plans live in higher rooms, which this room never imports.
Before deleting a team (``team_uses``, sent with ``team``) or a department
(``department_uses``, with ``department``), it asks every listening room what rests on it;
each receiver returns a list of ``Use``. Receivers are connected by the rooms that listen
(their ``receivers`` modules, imported by ``AssessmentsConfig.ready``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.dispatch import Signal

team_uses = Signal()
department_uses = Signal()


@dataclass(frozen=True)
class Use:
    """Something that rests on a team or department, in plain words. ``blocks``: it cannot
    be deleted while this stands (``why`` says so); otherwise deleting it does ``text``."""

    text: str
    names: tuple[str, ...] = ()  # what is named (rounds, reviews)
    blocks: bool = False
    why: str = ""


def uses_of(signal: Signal, **about: Any) -> list[Use]:
    """Every listening room's answer, in the order the rooms were connected."""
    found: list[Use] = []
    for _receiver, uses in signal.send(sender=None, **about):
        found.extend(u for u in uses or () if isinstance(u, Use))
    return found
