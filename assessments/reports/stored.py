"""What a stored result holds, and how it is written as JSON and read back.

``refresh`` stores one row per scope of a round (the round, each department, each team) and
two rows about all of them (every scope summarised; every scope's enablers per role). Each
row is JSON written from these dataclasses and validated against them on the way back in:
a row that does not fit (another shape, a hand-edited value) is never trusted, it is
computed afresh. Nothing stored is ever run as code, unlike the pickles it replaces.

``SCHEMA_VERSION`` names the shape. ``SHAPE`` is a digest of the JSON Schema of every stored
type, field names, types and nesting included; a test pins it to the version, so a change
of shape fails until the version goes up. Rows of another version are not read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assessments.reports import scoring
from assessments.reports.scoring.method import DecidedLevel
from frameworks.levels import MaturityLevel

# The shape of what is stored: raise it whenever SHAPE changes (tests/reports/test_stored.py).
SCHEMA_VERSION = 1

Key = tuple[str, int]  # (scope kind, team or department id; 0 for the round)


@dataclass(frozen=True)
class StoredComment:
    text: str
    about: str
    name: str  # shown only in named rounds; the report decides


@dataclass(frozen=True)
class ScopeResults:
    """What one scope's answers come to, before a report names anything."""

    respondents: int
    participation: Mapping[str, int]  # invited, started, submitted
    scores: scoring.Scores
    roles: Mapping[str, Mapping[str, scoring.EnablerResult]]  # every role, however small
    role_sizes: Mapping[str, int]
    comments: tuple[StoredComment, ...]


# The order of the values in a packed enabler result: part of the stored shape.
PACKED = "score,level,decided,raters,confidence,spread,person_spread,people;sample-sd"

# An enabler's result packed as plain values (score, level, decided, raters, confidence,
# spread, person spread, people): thousands of them load in a millisecond or two, where as
# objects (and enum members) they took tens.
Packed = tuple[float | None, int, bool, int, str, float | None, float | None, int]


@dataclass(frozen=True)
class EnablerSummary(DecidedLevel):
    """An enabler's result without the evidence behind it: what comparisons read of many
    scopes at once."""

    key: str
    score: float | None
    level: MaturityLevel
    decided: bool
    raters: int
    confidence: str
    spread: float | None
    person_spread: float | None
    people: int

    @staticmethod
    def pack(result: scoring.EnablerResult) -> Packed:
        """In the order PACKED names."""
        return (
            result.score,
            int(result.level),
            result.decided,
            result.raters,
            result.confidence,
            result.spread,
            result.person_spread,
            result.people,
        )

    @classmethod
    def unpack(cls, key: str, packed: Packed) -> EnablerSummary:
        score, level, decided, raters, confidence, spread, person_spread, people = packed
        return cls(
            key,
            score,
            MaturityLevel(level),
            decided,
            raters,
            confidence,
            spread,
            person_spread,
            people,
        )


@dataclass(frozen=True)
class ScopeSummary:
    respondents: int
    participation: Mapping[str, int]
    packed: Mapping[str, Packed]  # enabler key → its result, packed
    role_sizes: Mapping[str, int]

    @cached_property
    def enablers(self) -> dict[str, EnablerSummary]:
        """Unpacked on first use (kept in the instance, never stored)."""
        return {key: EnablerSummary.unpack(key, p) for key, p in self.packed.items()}


# Every scope's enablers per role: scope → role → enabler key → packed result.
RoleSummaries = Mapping[Key, Mapping[str, Mapping[str, Packed]]]


class UnreadableRow(ValueError):
    """A stored row that does not fit the shape: computed afresh, never trusted."""


def _key_text(key: Key) -> str:
    return f"{key[0]}:{key[1]}"


def _key_of(text: str) -> Key:
    kind, _, pk = text.partition(":")
    if not kind or not pk.isdigit():
        raise UnreadableRow(f"not a scope: {text!r}")
    return (kind, int(pk))


_SCOPE = TypeAdapter(ScopeResults)
# JSON objects are keyed by text: a scope's key is written "team:12".
_SUMMARIES = TypeAdapter(dict[str, ScopeSummary])
_ROLES = TypeAdapter(dict[str, dict[str, dict[str, Packed]]])


def encode_scope(results: ScopeResults) -> str:
    return _SCOPE.dump_json(results).decode()


def encode_summaries(summaries: Mapping[Key, ScopeSummary]) -> str:
    return _SUMMARIES.dump_json({_key_text(k): v for k, v in summaries.items()}).decode()


def encode_roles(roles: RoleSummaries) -> str:
    plain = {
        _key_text(k): {role: dict(by_enabler) for role, by_enabler in by_role.items()}
        for k, by_role in roles.items()
    }
    return _ROLES.dump_json(plain).decode()


def _validated(adapter: TypeAdapter[Any], text: str) -> Any:
    try:
        return adapter.validate_json(text, strict=True)
    except ValidationError as error:
        raise UnreadableRow(str(error)) from error


def decode_scope(text: str) -> ScopeResults:
    found: ScopeResults = _validated(_SCOPE, text)
    return found


def decode_summaries(text: str) -> dict[Key, ScopeSummary]:
    found: dict[str, ScopeSummary] = _validated(_SUMMARIES, text)
    return {_key_of(k): v for k, v in found.items()}


def decode_roles(text: str) -> RoleSummaries:
    found: dict[str, dict[str, dict[str, Packed]]] = _validated(_ROLES, text)
    return {_key_of(k): v for k, v in found.items()}


def _shape() -> str:
    """A digest of every stored type's JSON Schema: names, types and nesting."""
    schemas = [adapter.json_schema() for adapter in (_SCOPE, _SUMMARIES, _ROLES)]
    text = json.dumps([PACKED, schemas], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


SHAPE = _shape()
