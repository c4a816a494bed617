"""Refreshing what changed: a submit rescoring its team and the figures above it.

A refresh reads the whole round (the round's figures pool everyone's answers), but need not
score every team again: a team whose people said exactly what they said when its row was
stored would be stored the same. The stored rows tell which teams those are: the release
row holds each person's team, role and a digest of what they said (answers, activities and
comments), and the summary row each team's participation. A team whose people, roles,
digests and participation are as stored keeps its stored row, byte for byte (its comments'
names live in ``ResultComment`` rows, written afresh by every refresh); every other team,
every department (a department's teams are the round's record, ``round_team_departments``,
which no answer says) and the round are scored afresh.

The stored rows are read in one query, so they are one refresh's rows, and what is kept is
checked against the answers this refresh read: whatever refresh stored them, and whatever
ran meanwhile, the rows stored are those a full refresh of these answers would store.

Anything unsure scores everything (``kept_rows`` returns None): an anonymous round released
in batches (each release is checked against the whole round), rows stored by such a release
(a round made named since: its history is as new as its rows), no stored rows, rows of
another scoring method or shape, a stored release holding answers back, or a row that does
not read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessments.reports import batches, releases
from assessments.reports.methods import METHOD
from assessments.reports.models import ReleaseHistory, StoredResult
from assessments.reports.selectors import RoundAnswers
from assessments.reports.stored import (
    SCHEMA_VERSION,
    Key,
    Packed,
    RoleSummaries,
    ScopeSummary,
    UnreadableRow,
    decode_release,
    decode_roles,
    decode_summaries,
)
from assessments.rounds.models import Assessment

logger = logging.getLogger(__name__)

TEAM = "team"
_ROUND_ROWS = (releases.RELEASE_KEY[0], releases.SUMMARY_KIND, "roles")


@dataclass(frozen=True)
class Kept:
    """The stored rows of the teams whose answers have not changed, and what the summary
    and roles rows hold of them."""

    rows: dict[Key, tuple[int, str]]  # team → (respondents, data), as stored
    summaries: dict[Key, ScopeSummary]
    roles: dict[Key, dict[str, dict[str, Packed]]]


def kept_rows(
    assessment: Assessment,
    scopes: Mapping[Key, frozenset[int]],
    answers: RoundAnswers,
    people: Mapping[int, batches.Person],
) -> Kept | None:
    """The stored team rows this round's answers (``answers``, read now; ``people``, as a
    release holds them) would store again; None when everything is to be scored."""
    if releases.batched(assessment):
        return None
    stored: dict[Key, tuple[int, str]] = {}
    made = None
    for kind, pk, method, schema, respondents, data, at in StoredResult.objects.filter(
        assessment=assessment, scope_kind__in=[TEAM, *_ROUND_ROWS]
    ).values_list(
        "scope_kind", "scope_pk", "method", "schema", "respondents", "data", "computed_at"
    ):
        if method != METHOD or schema != SCHEMA_VERSION:
            return None  # another method's or shape's rows: scored afresh, all of them
        stored[(kind, pk)] = (respondents, data)
        made = at if made is None else min(made, at)
    released = ReleaseHistory.objects.filter(assessment=assessment).values_list("updated_at")
    if made is None or any(at >= made for (at,) in released):
        return None  # rows of a release (scored under the round's anonymity then)
    try:
        return _kept(scopes, answers, people, stored)
    except UnreadableRow as error:
        logger.warning("Round %s: a row is unreadable, scoring all: %s", assessment.pk, error)
        return None


def _kept(
    scopes: Mapping[Key, frozenset[int]],
    answers: RoundAnswers,
    people: Mapping[int, batches.Person],
    stored: Mapping[Key, tuple[int, str]],
) -> Kept | None:
    release_row, summary_row, roles_row = (stored.get((kind, 0)) for kind in _ROUND_ROWS)
    if release_row is None or summary_row is None or roles_row is None:
        return None
    release = decode_release(release_row[1])
    if release.held:
        return None
    summaries = decode_summaries(summary_row[1])
    roles = decode_roles(roles_row[1]).nested()
    before = _by_team(
        zip(release.respondents, release.teams, release.roles, release.digests, strict=True)
    )
    now = _by_team((pk, p.team, p.role, p.digest) for pk, p in people.items())
    kept = {}
    for key in scopes:
        kind, team = key
        if (
            kind == TEAM
            and key in stored
            and key in summaries
            and key in roles
            and before.get(team, {}) == now.get(team, {})
            and summaries[key].participation == _participation(answers, team)
        ):
            kept[key] = stored[key]
    return Kept(kept, {key: summaries[key] for key in kept}, {key: roles[key] for key in kept})


def _by_team(rows: Iterable[tuple[int, int, str, str]]) -> dict[int, dict[int, tuple[str, str]]]:
    """Each team's people: respondent → (role, digest)."""
    found: dict[int, dict[int, tuple[str, str]]] = {}
    for pk, team, role, digest in rows:
        found.setdefault(team, {})[pk] = (role, digest)
    return found


def _participation(answers: RoundAnswers, team: int) -> dict[str, int]:
    """A team's participation as a refresh stores it."""
    counts = {"invited": 0, "started": 0, "submitted": 0}
    for what, n in answers.participation.get(team, {}).items():
        counts[what] = counts.get(what, 0) + n
    return counts


def with_kept(
    kept: Kept | None,
    scopes: Mapping[Key, frozenset[int]],
    summaries: Mapping[Key, ScopeSummary],
    roles: Mapping[Key, Mapping[str, Mapping[str, Packed]]],
) -> tuple[dict[Key, ScopeSummary], RoleSummaries]:
    """The summary and roles rows' entries of every scope, in the round's order: those
    scored now, and those kept."""
    if kept is None:
        return dict(summaries), dict(roles)
    return (
        {key: summaries[key] if key in summaries else kept.summaries[key] for key in scopes},
        {key: roles[key] if key in roles else kept.roles[key] for key in scopes},
    )
