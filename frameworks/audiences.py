"""Who can judge a statement: the respondent roles and the named groups of them, defined once.

A statement's audience is written in a content file (and stored on ``Statement.audience``) as
names: ``everyone``, a group (``product``, ``leadership``), a role key (``engineer``), or a
list of them. It always means a set of roles; ``canonical`` writes any set the one way it is
stored, so two spellings of the same people compare equal, and ``label`` says it in words.
Respondents pick one of these roles (``Respondent.Role`` is ``Role``); the stored values are
the keys below and must not change.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.db.models.enums import TextChoices


class Role(TextChoices):
    PRODUCT_MANAGER = "product_manager", "Product manager"
    PRODUCT_OWNER = "product_owner", "Product owner"
    DESIGNER = "designer", "Designer"
    ENGINEER = "engineer", "Engineer"
    PRODUCT_MARKETING = "product_marketing", "Product marketing"
    LEADERSHIP = "leadership", "Leadership"
    OTHER = "other", "Other"


ROLE_KEYS: tuple[str, ...] = tuple(str(r) for r in Role)
EVERYONE = "everyone"
PRODUCT = "product"
LEADERSHIP = "leadership"

# Named groups of roles, in the order they are written. A group stands where its first role
# stands in ``ROLE_KEYS``; "leadership" is a group of one role with the same key.
GROUPS: dict[str, frozenset[str]] = {
    PRODUCT: frozenset({Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER, Role.PRODUCT_MARKETING}),
    LEADERSHIP: frozenset({Role.LEADERSHIP}),
}
ALL_ROLES: frozenset[str] = frozenset(ROLE_KEYS)
PRODUCT_ROLES: frozenset[str] = GROUPS[PRODUCT]

# How each name reads in a sentence ("asked of engineers and product people").
_WORDS: dict[str, str] = {
    EVERYONE: "everyone",
    PRODUCT: "product people",
    Role.PRODUCT_MANAGER: "product managers",
    Role.PRODUCT_OWNER: "product owners",
    Role.DESIGNER: "designers",
    Role.ENGINEER: "engineers",
    Role.PRODUCT_MARKETING: "product marketing",
    Role.LEADERSHIP: "leadership",
    Role.OTHER: "other roles",
}
NAMES: tuple[str, ...] = (EVERYONE, *GROUPS, *(k for k in ROLE_KEYS if k not in GROUPS))


class UnknownAudience(ValueError):
    """An audience names someone we do not know, or no one at all."""


def roles_named(value: str | Iterable[str]) -> frozenset[str]:
    """The roles a written audience asks: a name, a comma-separated list or a list of names.
    Raises ``UnknownAudience`` with a message an editor can act on."""
    names = value.split(",") if isinstance(value, str) else list(value)
    if not all(isinstance(n, str) for n in names):
        raise UnknownAudience(f"an audience is a list of names; use {_vocabulary()}")
    names = [n.strip() for n in names if n.strip()]
    if not names:
        raise UnknownAudience(f"an audience must name someone; use {_vocabulary()}")
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        listed = ", ".join(repr(n) for n in unknown)
        raise UnknownAudience(f"unknown audience {listed}; use {_vocabulary()}")
    roles: set[str] = set()
    for name in names:
        roles |= ALL_ROLES if name == EVERYONE else GROUPS.get(name, frozenset({name}))
    return frozenset(roles)


def _vocabulary() -> str:
    groups, roles = ", ".join(GROUPS), ", ".join(ROLE_KEYS)
    return f"everyone, a group ({groups}) or a list of groups and roles ({roles})"


def names_of(roles: Iterable[str]) -> tuple[str, ...]:
    """The fewest names for a set of roles, in a fixed order: whole groups by their name."""
    roles = frozenset(roles)
    if roles >= ALL_ROLES:
        return (EVERYONE,)
    names: list[str] = []
    for key in ROLE_KEYS:
        if key not in roles:
            continue
        group = next((g for g, members in GROUPS.items() if key in members), None)
        if group is not None and GROUPS[group] <= roles:
            if group not in names:
                names.append(group)
        else:
            names.append(key)
    return tuple(names)


def canonical(value: str | Iterable[str]) -> str:
    """How an audience is stored: ``everyone``, ``product``, ``product,leadership``."""
    return ",".join(names_of(roles_named(value)))


@functools.lru_cache(maxsize=256)
def roles_asked(audience: str) -> frozenset[str]:
    """The roles a stored audience asks (every role for ``everyone``)."""
    return roles_named(audience)


def asks(audience: str, role: str | None) -> bool:
    """Whether a statement with this audience is put to someone in ``role``: ``None`` sees
    everything (a preview); no role yet (``""``), or a role we do not know, is asked only
    what is for everyone."""
    return role is None or audience == EVERYONE or role in roles_asked(audience)


@functools.lru_cache(maxsize=256)
def label(audience: str) -> str:
    """In plain words: "everyone", "product people and leadership",
    "product people, designers and engineers"."""
    words = [_WORDS[n] for n in names_of(roles_asked(audience))]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def is_everyone(audience: str) -> bool:
    return roles_asked(audience) >= ALL_ROLES
