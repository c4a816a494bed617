"""The release row of a round's stored results: the people an anonymous round's last
release holds (``reports.batches``), and every release before it (``reports.history``),
read and written for ``reports.store``."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence

from django.utils import timezone

from assessments.reports import batches, history
from assessments.reports.models import ReleaseHistory, StoredResult
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
from assessments.rounds import anonymity, product_statements
from assessments.rounds.models import Assessment, Respondent

logger = logging.getLogger(__name__)

# Only for digests stored in the old form, which said whether the person was in a product role.
PRODUCT_ROLES = frozenset(str(role) for role in Respondent.PRODUCT_ROLES)
RELEASE_KEY = ("release", 0)  # one row: the people the stored results hold
SUMMARY_KIND = "summary"


def batched(assessment: Assessment) -> bool:
    """Released in batches: an anonymous round (any group under the threshold is hidden)."""
    return assessment.group_threshold > 1


def people_of_answers(answers: RoundAnswers) -> dict[int, batches.Person]:
    """Each submitted respondent as a release holds them: team, role, a digest of what they
    said (answers, activities, comments), and that digest's old form (role included)."""
    comments: dict[int, list[tuple[int, str, str]]] = {}
    for rows in answers.comments.values():
        for kind, rid, text, about, *_ in rows:
            comments.setdefault(rid, []).append((kind, text, about))
    found = {}
    for team, responses in answers.by_team.items():
        for r in responses:
            said = (
                sorted(r.answers.items()),
                sorted(
                    (k, a.leader, a.leader_kind, a.performance) for k, a in r.activities.items()
                ),
                comments.get(r.respondent_id, []),
            )
            digest, legacy = batches.both_digests(r.role, r.role in PRODUCT_ROLES, *said)
            found[r.respondent_id] = batches.Person(team, r.role or "other", digest, legacy)
    return found


def upgraded(
    people: Mapping[int, batches.Person], now: Mapping[int, batches.Person] | None
) -> dict[int, batches.Person]:
    """Released people as this version compares them. A digest stored in the old form (role
    included) is the person's digest now when their old-form digest now is the same (nothing
    of theirs changed); otherwise it stays as stored, answers unknown: it equals no digest of
    the new form, so every check takes its person as changed, as it did before."""
    return {pk: _upgraded(pk, person, now) for pk, person in people.items()}


def as_released(released: batches.Person | None, pk: int, now: batches.Person) -> bool:
    """``now`` is as the last release holds them (digest in either form)."""
    return released is not None and _upgraded(pk, released, {pk: now}) == now


def _upgraded(
    pk: int, person: batches.Person, now: Mapping[int, batches.Person] | None
) -> batches.Person:
    current = (now or {}).get(pk)
    if (
        current is not None
        and not person.digest.startswith(batches.DIGEST_FORM)
        and current.legacy == person.digest
    ):
        return batches.Person(person.team, person.role, current.digest)
    return person


Audiences = Sequence[frozenset[str]]  # the roles of each audience's statements (scoring's)


def _cells(
    answers: RoundAnswers, team_departments: Mapping[int, int | None]
) -> Counter[anonymity.Cell]:
    cells: Counter[anonymity.Cell] = Counter()
    for team, responses in answers.by_team.items():
        if team in team_departments:
            cells.update((team, r.role or "other") for r in responses)
    return cells


def audience_thresholds(
    answers: RoundAnswers,
    scopes: Mapping[Key, frozenset[int]],
    threshold: int,
    audiences: Audiences,
) -> dict[Key, dict[frozenset[str], int]]:
    """Per scope of the round's tree, the ``min_group`` each audience's statements are scored
    with (``product_statements.product_thresholds``, for that audience's roles): a scope whose
    people of an audience could be worked out by subtraction shows none of that audience's
    statements. Other scopes (a review's chosen teams) are not in it, nor is anything unless
    the scopes are the whole tree."""
    whole = scopes.get(("round", 0))
    if not audiences or whole is None or any(("team", t) not in scopes for t in whole):
        return {}
    team_departments: dict[int, int | None] = {
        t: None for key, ids in scopes.items() if key[0] == "team" for t in ids
    }
    for (kind, pk), ids in scopes.items():
        if kind == "department":
            team_departments.update(dict.fromkeys(ids, pk))
    cells = _cells(answers, team_departments)
    found: dict[Key, dict[frozenset[str], int]] = {}
    for roles in audiences:
        by_scope = product_statements.product_thresholds(team_departments, cells, threshold, roles)
        for key, min_group in by_scope.items():
            found.setdefault(key, {})[roles] = min_group
    return found


def chosen_audience_thresholds(
    answers: RoundAnswers,
    team_departments: Mapping[int, int | None],
    chosen: Mapping[Key, frozenset[int]],
    threshold: int,
    audiences: Audiences,
) -> dict[Key, dict[frozenset[str], int]]:
    """For scopes of chosen teams (a review's), the ``min_group`` of each audience's
    statements: the threshold when the chosen teams' people of that audience, read beside
    every group and role of the round that shows its statements, give no smaller group
    away; otherwise never (``product_statements.NEVER_SHOWN``)."""
    if threshold <= 1 or not chosen or not audiences:
        return {}
    cells = _cells(answers, team_departments)
    tree = anonymity.round_tree(team_departments)
    every = {*tree, *(c for children in tree.values() for c in children)}
    role_sizes: dict[anonymity.Group, dict[str, int]] = {}
    for group in every:
        under = anonymity.teams_under(tree, group)
        sizes: Counter[str] = Counter()
        for (team, role), n in cells.items():
            if team in under:
                sizes[role] += n
        role_sizes[group] = dict(sizes)
    team_sizes = Counter({t: n for (t, _), n in cells.items()})
    shown = batches.shown(team_departments, dict(team_sizes), role_sizes, threshold)
    found: dict[Key, dict[frozenset[str], int]] = {key: {} for key in chosen}
    for roles in audiences:
        groups, shown_roles = batches.product_shown(
            team_departments, cells, shown, threshold, roles
        )
        theirs = Counter({c: n for c, n in cells.items() if c[1] in roles})
        for key, teams in chosen.items():
            people = sum(n for (t, _), n in theirs.items() if t in teams)
            hidden = not anonymity.shows_group(
                people, threshold
            ) or anonymity.chosen_teams_give_away(
                team_departments, theirs, groups, shown_roles, teams, threshold
            )
            found[key][roles] = product_statements.NEVER_SHOWN if hidden else threshold
    return found


def last_release(
    assessment: Assessment,
    readable: str,
    now: Mapping[int, batches.Person] | None = None,
) -> tuple[dict[int, batches.Person], dict[Key, ScopeSummary], bool] | None:
    """The last release's people, its summaries and whether answers wait; None if none.

    ``readable`` ends the method of every row this version can read: a release made under an
    older scoring method is still the last release, and the next is checked against it.
    ``now``: the people as they are, to read digests stored in the old form (``upgraded``);
    without it such a digest is left as stored (``as_released`` compares it)."""
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
    return upgraded(people, now), summaries, release.held


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


Released = tuple[dict[int, batches.Person], dict[Key, ScopeSummary], bool]


def history_of(
    assessment: Assessment,
    team_departments: Mapping[int, int | None],
    released: Released | None,
    threshold: int,
    now: Mapping[int, batches.Person] | None = None,
) -> history.History:
    """The round's releases. A round released before they were kept (or whose history is
    unreadable) starts from its last release. Digests stored in the old form are read as
    ``upgraded`` says."""
    row = ReleaseHistory.objects.filter(assessment=assessment).values_list("schema", "data")
    for schema, text in row:
        if schema == history.SCHEMA:
            try:
                return history.upgraded(
                    history.decode(text), lambda pk, person: _upgraded(pk, person, now)
                )
            except history.UnreadableHistory as error:
                logger.warning("Release history of round %s unreadable: %s", assessment.pk, error)
    if released is None:
        return history.EMPTY
    people, summaries, _ = released
    return history.appended(history.EMPTY, people, shown_in(team_departments, summaries, threshold))


def may_release(
    team_departments: Mapping[int, int | None],
    released: Released | None,
    past: history.History,
    people: Mapping[int, batches.Person],
    shown: anonymity.Shown,
    threshold: int,
    audiences: Audiences = (),
) -> bool:
    """These people's results, showing ``shown``, may replace the last release: beside it
    (something changed, and nobody is given away) and beside every release before it,
    over everyone's figures and over each audience's statements' (``audiences``)."""
    if released is not None and not batches.may_release(
        team_departments,
        released[0],
        people,
        shown_in(team_departments, released[1], threshold),
        shown,
        threshold,
        audiences,
    ):
        return False
    return history.may_release_beside(past, team_departments, people, shown, threshold, audiences)


def as_last_released(answers: RoundAnswers, past: history.History) -> RoundAnswers:
    """The answers of the last release's people, if each is as they were then; else nobody's.
    For a round whose stored results are gone (a new scoring method) while answers wait: its
    figures are the last release's again, never a release nobody checked."""
    last = past.people(past.releases - 1) if past.releases else {}
    kept = {pk for pk, person in people_of_answers(answers).items() if last.get(pk) == person}
    if kept != last.keys():
        return RoundAnswers({}, {}, {})
    return RoundAnswers(
        {t: [r for r in rs if r.respondent_id in kept] for t, rs in answers.by_team.items()},
        {t: [c for c in cs if c[1] in kept] for t, cs in answers.comments.items()},
        answers.participation,
    )


def history_row(
    assessment: Assessment,
    past: history.History,
    people: Mapping[int, batches.Person],
    shown: anonymity.Shown,
) -> ReleaseHistory | None:
    """The history with this release added; None when it holds the same people as the last."""
    if past.releases and past.people(past.releases - 1) == people:
        return None
    return ReleaseHistory(
        assessment=assessment,
        schema=history.SCHEMA,
        updated_at=timezone.now(),
        data=history.encode(history.appended(past, people, shown)),
    )
