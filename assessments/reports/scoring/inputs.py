"""What scoring takes in: the statements (with who is asked each), and each person's answers.
Plain data, no ORM (``method`` turns them into results).

A statement is asked of everyone, or of an *audience*: the respondent roles that can judge
it (product people, leadership, any list of roles; ``frameworks.audiences`` names them). Its
ratings count only from those roles, and in an anonymous round only where the audience's
people in a group reach that group's smallest group for it (``MinGroup``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from frameworks.levels import MaturityLevel

Audience = frozenset[str]  # the respondent roles a statement is asked of
# The smallest group of an audience whose answers count: one number for every audience, or
# one per audience (an audience not named is never shown: ``NEVER_SHOWN``).
MinGroup = int | Mapping[Audience, int]
NEVER_SHOWN = 1 << 30  # a smallest group no group reaches


@dataclass(frozen=True)
class StatementSpec:
    id: int
    enabler: str
    level: MaturityLevel
    reverse: bool = False
    asked_of: Audience | None = None  # the roles asked it; None: everyone

    def asks(self, role: str) -> bool:
        """Whether someone in ``role`` is asked it."""
        return self.asked_of is None or role in self.asked_of


def min_group_of(min_group: MinGroup, audience: Audience) -> int:
    """The smallest group of ``audience`` whose answers to its statements count."""
    if isinstance(min_group, int):
        return min_group
    return min_group.get(audience, NEVER_SHOWN)


def audiences_of(statements: Iterable[StatementSpec]) -> tuple[Audience, ...]:
    """The audiences of statements not for everyone, each once, in a stable order."""
    return tuple(sorted({s.asked_of for s in statements if s.asked_of is not None}, key=sorted))


@dataclass(frozen=True)
class ActivityAnswerIn:
    leader: str  # leader key
    leader_kind: str  # product, other, nobody, unknown
    performance: float | None = None


@dataclass(frozen=True)
class ResponseIn:
    """One respondent's answers: statement id → score 0–100, or None for "don't know"."""

    respondent_id: int
    role: str
    answers: dict[int, float | None] = field(default_factory=dict)
    activities: dict[int, ActivityAnswerIn] = field(default_factory=dict)
