"""The release row of a round's stored results: the people an anonymous round's last
release holds (``reports.batches``), read and written for ``reports.store``."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from assessments.reports import batches
from assessments.reports.models import StoredResult
from assessments.reports.selectors import RoundAnswers
from assessments.reports.stored import (
    SCHEMA_VERSION,
    Key,
    Release,
    ScopeSummary,
    UnreadableRow,
    decode_release,
    decode_summaries,
    encode_release,
)
from assessments.rounds import anonymity
from assessments.rounds.models import Assessment

logger = logging.getLogger(__name__)

RELEASE_KEY = ("release", 0)  # one row: the people the stored results hold
SUMMARY_KIND = "summary"


def batched(assessment: Assessment) -> bool:
    """Released in batches: an anonymous round (any group under the threshold is hidden)."""
    return assessment.group_threshold > 1


def people_of_answers(answers: RoundAnswers) -> dict[int, batches.Person]:
    """Each submitted respondent as a release holds them: team, role, digest of what counts."""
    comments: dict[int, list[tuple[int, str, str]]] = {}
    for rows in answers.comments.values():
        for kind, rid, text, about, _ in rows:
            comments.setdefault(rid, []).append((kind, text, about))
    return {
        r.respondent_id: batches.Person(
            team,
            r.role or "other",
            batches.digest(
                r.role,
                r.product,
                sorted(r.answers.items()),
                sorted(
                    (k, a.leader, a.leader_kind, a.performance) for k, a in r.activities.items()
                ),
                comments.get(r.respondent_id, []),
            ),
        )
        for team, responses in answers.by_team.items()
        for r in responses
    }


def last_release(
    assessment: Assessment, readable: str
) -> tuple[dict[int, batches.Person], dict[Key, ScopeSummary], bool] | None:
    """The last release's people, its summaries and whether answers wait; None if none.

    ``readable`` ends the method of every row this version can read: a release made under an
    older scoring method is still the last release, and the next is checked against it."""
    rows = dict(
        StoredResult.objects.filter(
            assessment=assessment,
            method__endswith=readable,
            schema=SCHEMA_VERSION,
            scope_kind__in=[RELEASE_KEY[0], SUMMARY_KIND],
        ).values_list("scope_kind", "data")
    )
    if RELEASE_KEY[0] not in rows or SUMMARY_KIND not in rows:
        return None
    try:
        release = decode_release(rows[RELEASE_KEY[0]])
        summaries = decode_summaries(rows[SUMMARY_KIND])
    except UnreadableRow as error:
        logger.warning("Release of round %s unreadable: %s", assessment.pk, error)
        return None
    people = batches.people_of(
        zip(release.respondents, release.teams, release.roles, release.digests, strict=True)
    )
    return people, summaries, release.held


def shown_in(
    team_departments: Mapping[int, int | None],
    summaries: Mapping[Key, ScopeSummary],
    threshold: int,
) -> anonymity.Shown:
    team_sizes = {pk: s.respondents for (kind, pk), s in summaries.items() if kind == "team"}
    role_sizes = {
        key: s.role_sizes
        for key, s in summaries.items()
        if key[0] in ("round", "department", "team")
    }
    return batches.shown(team_departments, team_sizes, role_sizes, threshold)


def encode(people: Mapping[int, batches.Person], *, held: bool) -> str:
    ordered = sorted(people.items())
    return encode_release(
        Release(
            tuple(pk for pk, _ in ordered),
            tuple(p.team for _, p in ordered),
            tuple(p.role for _, p in ordered),
            tuple(p.digest for _, p in ordered),
            held,
        )
    )
