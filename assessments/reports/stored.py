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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assessments.reports import scoring
from assessments.reports.scoring.method import DecidedLevel
from assessments.reports.scoring.pairs import PairTable
from frameworks.levels import MaturityLevel

# The shape of what is stored: raise it whenever SHAPE changes (tests/reports/test_stored.py).
# 2: the release row (batches of an anonymous round); 3: maturity score, pairs rows;
# 4: comments counted per statement (the comments themselves are rows of ResultComment).
SCHEMA_VERSION = 4

Key = tuple[str, int]  # (scope kind, team or department id; 0 for the round)


@dataclass(frozen=True)
class CommentCount:
    """How many comments a scope has on one statement or activity. The comments themselves
    are read a page at a time (``reports.comments``): a scope's row never grows with them."""

    order: int  # the statement's or activity's place in the questionnaire
    about: str
    count: int


@dataclass(frozen=True)
class ScopeResults:
    """What one scope's answers come to, before a report names anything."""

    respondents: int
    participation: Mapping[str, int]  # invited, started, submitted
    scores: scoring.Scores
    roles: Mapping[str, Mapping[str, scoring.EnablerResult]]  # every role, however small
    role_sizes: Mapping[str, int]
    comments: tuple[CommentCount, ...]  # in questionnaire order

    @property
    def comments_total(self) -> int:
        return sum(c.count for c in self.comments)


# The order of the values in a packed enabler result: part of the stored shape.
PACKED = "score,level,decided,raters,confidence,spread,person_spread,people,position;sample-sd"

# An enabler's result packed as plain values (score, level, decided, raters, confidence,
# spread, person spread, people, position): thousands of them load in a millisecond or two,
# where as objects (and enum members) they took tens.
Packed = tuple[float | None, int, bool, int, str, float | None, float | None, int, int | None]


@dataclass(frozen=True)
class EnablerSummary(DecidedLevel):
    """An enabler's result without the evidence behind it: what comparisons read of many
    scopes at once."""

    key: str
    score: float | None  # mean agreement, 0–100
    level: MaturityLevel
    decided: bool
    raters: int
    confidence: str
    spread: float | None
    person_spread: float | None
    people: int
    position: int | None  # the maturity score: the level's band, and the way along it

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
            result.position,
        )

    @classmethod
    def unpack(cls, key: str, packed: Packed) -> EnablerSummary:
        score, level, decided, raters, confidence, spread, person_spread, people, position = packed
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
            position,
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


# Every scope's enablers per role, as computed: scope → role → enabler key → packed result.
RoleSummaries = Mapping[Key, Mapping[str, Mapping[str, Packed]]]


def summaries_of(
    results: Mapping[Key, ScopeResults],
) -> tuple[dict[Key, ScopeSummary], RoleSummaries]:
    """Each scope's summary (the summary row's entries) and its enablers per role (the roles
    row's)."""
    summaries = {
        key: ScopeSummary(
            r.respondents,
            r.participation,
            {k: EnablerSummary.pack(e) for k, e in r.scores.enablers.items()},
            r.role_sizes,
        )
        for key, r in results.items()
    }
    roles = {
        key: {
            role: {k: EnablerSummary.pack(e) for k, e in by_enabler.items()}
            for role, by_enabler in r.roles.items()
        }
        for key, r in results.items()
    }
    return summaries, roles


class UnreadableRow(ValueError):
    """A stored row that does not fit the shape: computed afresh, never trusted."""


def _key_text(key: Key) -> str:
    return f"{key[0]}:{key[1]}"


def _key_of(text: str) -> Key:
    kind, _, pk = text.partition(":")
    if not kind or not (pk.isascii() and pk.isdigit()):
        raise UnreadableRow(f"not a scope: {text!r}")
    return (kind, int(pk))


NO_ROLE = ""  # a scope's own results, not a role's (respondents' roles are never empty)


@dataclass(frozen=True)
class PackedTable:
    """Enabler results in groups ((scope, role) → enabler key → packed result), written as a
    few long columns: thousands validate in a millisecond or two, where as nested objects
    they took ten. A scope is written as text ("team:12"); a scope's own results are the
    group with no role ("")."""

    scopes: tuple[str, ...]  # each group's scope
    groups: tuple[str, ...]  # each group's role
    starts: tuple[int, ...]  # where each group's entries begin
    enablers: tuple[str, ...]  # each entry's enabler key, then its packed values:
    score: tuple[float | None, ...]
    level: tuple[int, ...]
    decided: tuple[bool, ...]
    raters: tuple[int, ...]
    confidence: tuple[str, ...]
    spread: tuple[float | None, ...]
    person_spread: tuple[float | None, ...]
    people: tuple[int, ...]
    position: tuple[int | None, ...]

    @classmethod
    def of(cls, grouped: Iterable[tuple[str, str, Mapping[str, Packed]]]) -> PackedTable:
        scopes: list[str] = []
        groups: list[str] = []
        starts: list[int] = []
        keys: list[str] = []
        values: list[Packed] = []
        for scope, group, by_enabler in grouped:
            scopes.append(scope)
            groups.append(group)
            starts.append(len(keys))
            keys.extend(by_enabler)
            values.extend(by_enabler.values())
        columns = tuple(zip(*values, strict=True)) if values else ((),) * 9
        return cls(tuple(scopes), tuple(groups), tuple(starts), tuple(keys), *columns)

    def check(self) -> PackedTable:
        """Refuse columns that do not line up, or a level that is not one."""
        entries = len(self.enablers)
        columns: tuple[tuple[object, ...], ...] = (
            self.score,
            self.level,
            self.decided,
            self.raters,
            self.confidence,
            self.spread,
            self.person_spread,
            self.people,
            self.position,
        )
        if (
            len(self.groups) != len(self.scopes)
            or len(self.starts) != len(self.scopes)
            or any(len(c) != entries for c in columns)
            or list(self.starts) != sorted(self.starts)
            or any(not 0 <= i <= entries for i in self.starts[:1] + self.starts[-1:])
            or not set(self.level) <= {int(level) for level in MaturityLevel}
            or any(p is not None and not 0 <= p <= 100 for p in self.position)
        ):
            raise UnreadableRow("packed enabler results do not line up")
        return self

    @cached_property
    def _index(self) -> dict[tuple[str, str], int]:
        return {pair: i for i, pair in enumerate(zip(self.scopes, self.groups, strict=True))}

    def get(self, scope: str, group: str = NO_ROLE) -> dict[str, Packed]:
        i = self._index.get((scope, group))
        if i is None:
            return {}
        start = self.starts[i]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.enablers)
        cut = slice(start, end)
        values = zip(
            self.score[cut],
            self.level[cut],
            self.decided[cut],
            self.raters[cut],
            self.confidence[cut],
            self.spread[cut],
            self.person_spread[cut],
            self.people[cut],
            self.position[cut],
            strict=True,
        )
        return dict(zip(self.enablers[cut], values, strict=True))


class RoleTable:
    """Every scope's enablers per role, read from a stored row: unpacked only where asked."""

    def __init__(self, table: PackedTable) -> None:
        self.table = table

    @classmethod
    def of(cls, roles: RoleSummaries) -> RoleTable:
        # A scope where nobody has answered keeps its place as one empty group with no role.
        return cls(
            PackedTable.of(
                (_key_text(key), role, by_enabler)
                for key, by_role in roles.items()
                for role, by_enabler in (by_role or {NO_ROLE: {}}).items()
            )
        )

    def get(self, key: Key, role: str) -> dict[str, Packed]:
        return self.table.get(_key_text(key), role)

    def nested(self) -> dict[Key, dict[str, dict[str, Packed]]]:
        """Every group, unpacked (for checks; pages ask for one group at a time)."""
        found: dict[Key, dict[str, dict[str, Packed]]] = {}
        for scope, role in zip(self.table.scopes, self.table.groups, strict=True):
            by_role = found.setdefault(_key_of(scope), {})
            if role != NO_ROLE:
                by_role[role] = self.table.get(scope, role)
        return found


@dataclass(frozen=True)
class SummaryRow:
    """Every scope of a round, summarised: one stored row, in columns."""

    scopes: tuple[str, ...]
    respondents: tuple[int, ...]
    participation: tuple[dict[str, int], ...]
    role_sizes: tuple[dict[str, int], ...]
    enablers: PackedTable  # each scope's own results, group ""


@dataclass(frozen=True)
class Release:
    """What a round's stored results hold, person by person (``reports.batches``): each
    submitted respondent's team, role and digest of their counted answers, in columns; and
    whether answers that came after are held back, waiting for a batch."""

    respondents: tuple[int, ...]
    teams: tuple[int, ...]
    roles: tuple[str, ...]
    digests: tuple[str, ...]
    held: bool


_SCOPE = TypeAdapter(ScopeResults)
_SUMMARIES = TypeAdapter(SummaryRow)
_ROLES = TypeAdapter(PackedTable)
_RELEASE = TypeAdapter(Release)
_PAIRS = TypeAdapter(PairTable)  # written and read by reports.pairs


def encode_scope(results: ScopeResults) -> str:
    return _SCOPE.dump_json(results).decode()


def encode_summaries(summaries: Mapping[Key, ScopeSummary]) -> str:
    keys = list(summaries)
    row = SummaryRow(
        scopes=tuple(_key_text(k) for k in keys),
        respondents=tuple(summaries[k].respondents for k in keys),
        participation=tuple(dict(summaries[k].participation) for k in keys),
        role_sizes=tuple(dict(summaries[k].role_sizes) for k in keys),
        enablers=PackedTable.of((_key_text(k), NO_ROLE, summaries[k].packed) for k in keys),
    )
    return _SUMMARIES.dump_json(row).decode()


def encode_roles(roles: RoleSummaries) -> str:
    return _ROLES.dump_json(RoleTable.of(roles).table).decode()


def _validated(adapter: TypeAdapter[Any], text: str) -> Any:
    try:
        return adapter.validate_json(text, strict=True)
    except ValidationError as error:
        raise UnreadableRow(str(error)) from error


def decode_scope(text: str) -> ScopeResults:
    found: ScopeResults = _validated(_SCOPE, text)
    return found


def decode_summaries(text: str) -> dict[Key, ScopeSummary]:
    row: SummaryRow = _validated(_SUMMARIES, text)
    columns = (row.respondents, row.participation, row.role_sizes)
    if any(len(c) != len(row.scopes) for c in columns):
        raise UnreadableRow("summary columns do not line up")
    table = row.enablers.check()
    return {
        _key_of(scope): ScopeSummary(people, participation, table.get(scope), sizes)
        for scope, people, participation, sizes in zip(row.scopes, *columns, strict=True)
    }


def decode_roles(text: str) -> RoleTable:
    table: PackedTable = _validated(_ROLES, text)
    return RoleTable(table.check())


def encode_release(release: Release) -> str:
    return _RELEASE.dump_json(release).decode()


def decode_release(text: str) -> Release:
    release: Release = _validated(_RELEASE, text)
    columns = (release.teams, release.roles, release.digests)
    if any(len(c) != len(release.respondents) for c in columns):
        raise UnreadableRow("release columns do not line up")
    return release


def _shape() -> str:
    """A digest of every stored type's JSON Schema: names, types and nesting."""
    adapters = (_SCOPE, _SUMMARIES, _ROLES, _RELEASE, _PAIRS)
    schemas = [adapter.json_schema() for adapter in adapters]
    text = json.dumps([PACKED, schemas], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


SHAPE = _shape()
