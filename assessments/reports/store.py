"""The results store: every scope of a round scored once, then read by its reports.

Scoring a round reads every answer in it; a report page must not. So a refresh (a
background task, scheduled by ``freshness.results_changed`` when answers that count
change) reads the round once, scores the whole round, each department and each team,
and stores what the scoring code made, one row per scope. Report pages, exports and
roadmaps read those rows: their cost no longer grows with the number of people.

A report never waits on a worker that is not there: a scope never stored (a new round, a
new team, a new scoring method), or a round whose refresh is overdue, is computed while
the person waits and stored for the next one.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.reports import (
    announcements,
    batches,
    comments,
    freshness,
    methods,
    pairs,
    reads,
    releases,
    scoring,
)
from assessments.reports import collector as collector
from assessments.reports import incremental as incremental
from assessments.reports.decoded import DecodedRows
from assessments.reports.methods import METHOD as METHOD
from assessments.reports.methods import READABLE as READABLE
from assessments.reports.methods import method_version as method_version
from assessments.reports.models import ReleaseHistory, StoredResult
from assessments.reports.reads import Results as Results
from assessments.reports.reads import RoundResults as RoundResults
from assessments.reports.reads import Wanted as Wanted
from assessments.reports.scoring import pooled
from assessments.reports.scoring.pairs import NO_PAIRS
from assessments.reports.selectors import (
    Framework,
    RoundAnswers,
    framework_for,
    round_answers,
    submitted_count,
)
from assessments.reports.stored import (
    SCHEMA_VERSION,
    Key,
    RoleTable,
    ScopeResults,
    UnreadableRow,
    decode_release,
    decode_roles,
    decode_scope,
    decode_summaries,
    encode_roles,
    encode_scope,
    encode_summaries,
)
from assessments.reports.stored import EnablerSummary as EnablerSummary
from assessments.reports.stored import ScopeSummary as ScopeSummary
from assessments.reports.stored import summaries_of as _summaries
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import round_team_departments

logger = logging.getLogger(__name__)


ROUND_KEY = ("round", 0)
NO_ROLES = RoleTable.of({})
# The kinds of scope refresh() stores for every round; any other is scored when asked.
STORED_KINDS = frozenset({"round", "department", "team", "summary", "roles"})


SUMMARY_KEY = ("summary", 0)  # one row: every scope of the round, summarised
ROLES_KEY = ("roles", 0)  # one row: every scope's enablers per role, summarised


def scope_key(kind: str, obj_pk: int | None) -> Key:
    return (kind, obj_pk or 0)


def round_scopes(assessment: Assessment) -> dict[Key, frozenset[int]]:
    """Every scope a report of this round can show: the round, its departments, its teams."""
    return _scopes_of(round_team_departments(assessment))


def _scope_results(
    answers: RoundAnswers,
    team_ids: frozenset[int] | None,
    scored: pooled.ScopeScores,
    places: Mapping[tuple[int, int], int],
) -> ScopeResults:
    """One scope's results from the round's answers: pooled answers, never group averages."""
    teams = sorted(answers.by_team) if team_ids is None else sorted(team_ids)
    participation: Counter[str] = Counter({"invited": 0, "started": 0, "submitted": 0})
    for t in answers.participation if team_ids is None else teams:
        participation.update(answers.participation.get(t, {}))
    said = (c for t in teams for c in answers.comments.get(t, []))
    return ScopeResults(
        respondents=scored.scores.respondents,
        participation=dict(participation),
        scores=scored.scores,
        roles=scored.roles,
        role_sizes=scored.role_sizes,
        comments=comments.counted(places, said),
    )


def _scopes_of(team_departments: Mapping[int, int | None]) -> dict[Key, frozenset[int]]:
    scopes: dict[Key, frozenset[int]] = {ROUND_KEY: frozenset(team_departments)}
    departments: dict[int, set[int]] = {}
    for pk, department_id in team_departments.items():
        scopes[("team", pk)] = frozenset({pk})
        if department_id is not None:
            departments.setdefault(department_id, set()).add(pk)
    for department_id, ids in departments.items():
        scopes[("department", department_id)] = frozenset(ids)
    return scopes


def _scored(
    assessment: Assessment,
    framework: Framework,
    answers: RoundAnswers,
    scopes: Mapping[Key, frozenset[int]],
    kept: Collection[Key] = (),
) -> dict[Key, ScopeResults]:
    """Every scope but those ``kept`` (their stored rows stay)."""
    threshold = assessment.group_threshold
    audiences = framework.audiences
    # Each scope's smallest group of each audience (product people, leadership...) whose
    # answers to that audience's statements count: the threshold, unless subtraction could
    # work those people out.
    smallest = releases.audience_thresholds(answers, scopes, threshold, audiences)
    if chosen := {k: ids for k, ids in scopes.items() if k[0] not in STORED_KINDS}:  # a review's
        teams = round_team_departments(assessment)
        smallest |= releases.chosen_audience_thresholds(
            answers, teams, chosen, threshold, audiences
        )
    whole = {
        key: None if key == ROUND_KEY else team_ids
        for key, team_ids in scopes.items()
        if key not in kept
    }
    scored = pooled.score_scopes(
        statements=framework.specs,
        dials=framework.dial_specs,
        activities=framework.activity_specs,
        by_team=answers.by_team,
        scopes={
            key: (answers.by_team if ids is None else ids, smallest.get(key, threshold))
            for key, ids in whole.items()
        },
    )
    places = comments.orders(framework)
    return {key: _scope_results(answers, ids, scored[key], places) for key, ids in whole.items()}


def compute(
    assessment: Assessment, scopes: Mapping[Key, frozenset[int]]
) -> dict[Key, ScopeResults]:
    """Score the given scopes of a round from its answers, read once.

    In a round released in batches, only while its answers are those of its last release:
    otherwise every scope is scored as if nobody had answered yet, so a scope never stored
    (a review's chosen teams) shows nothing the release does not.
    """
    framework = framework_for(assessment)
    answers = round_answers(assessment)
    if releases.batched(assessment):
        now = releases.people_of_answers(answers)
        released = releases.last_release(assessment, READABLE, now)
        if released is None or released[0] != now:
            answers = NO_ANSWERS
    return _scored(assessment, framework, answers, scopes)


NO_ANSWERS = RoundAnswers({}, {}, {})


def refresh(assessment: Assessment, *, reuse: bool = False) -> dict[Key, ScopeResults]:
    """Score every scope of the round and store the results, replacing the old ones.

    The stale mark is cleared only in the transaction that stores the results, and only if
    no answers changed meanwhile (``freshness.results_changed`` moves the mark): a refresh
    killed mid-run leaves the round stale, and answers saved while it runs are never
    missed. In an anonymous round the new results replace the last release only when
    ``batches.may_release`` allows; otherwise the last release stays, marked as holding
    answers back, and is what this returns.

    ``reuse``: keep the stored rows of teams whose answers are as stored (``incremental``),
    and return only the scopes scored. The rows stored are the same either way.
    """
    with collector.paused():  # a million short-lived objects, and no cycle among them
        return _refresh(assessment, reuse=reuse)


def _refresh(assessment: Assessment, *, reuse: bool) -> dict[Key, ScopeResults]:
    stale_at = Assessment.objects.filter(pk=assessment.pk).values_list(
        "results_stale_since", flat=True
    )[0]
    now = timezone.now()
    team_departments = round_team_departments(assessment)
    scopes = _scopes_of(team_departments)
    framework = framework_for(assessment)
    answers = round_answers(assessment)
    people = releases.people_of_answers(answers)
    reused = incremental.kept_rows(assessment, scopes, answers, people) if reuse else None
    results = _scored(assessment, framework, answers, scopes, reused.rows if reused else ())
    summaries, roles = incremental.with_kept(reused, scopes, *_summaries(results))
    held, past = False, None
    if releases.batched(assessment):
        threshold = assessment.group_threshold
        released = releases.last_release(assessment, READABLE, people)
        past = releases.history_of(assessment, team_departments, released, threshold, people)
        shown = releases.shown_in(team_departments, summaries, threshold)
        rescoring = released is not None and methods.rescoring(assessment, released[0], people)
        if not rescoring and not releases.may_release(
            team_departments, released, past, people, shown, threshold, framework.audiences
        ):
            kept = None
            if released is not None:
                kept = _hold(assessment, framework, scopes, released[0], held=released[0] != people)
            if kept is not None:
                freshness.mark_fresh(assessment, stale_at)
                return kept
            # No last release to keep (a new scoring method, or an unreadable row): its people
            # again, scored afresh, or nobody.
            answers, held = releases.as_last_released(answers, past), True
            results = _scored(assessment, framework, answers, scopes)
            summaries, roles = _summaries(results)
            people = releases.people_of_answers(answers)
            shown = releases.shown_in(team_departments, summaries, threshold)
    whole = summaries[ROUND_KEY].respondents
    rows = [
        _row(assessment, key, people_count, text, now)
        for key, people_count, text in [
            *((key, r.respondents, encode_scope(r)) for key, r in results.items()),
            *((key, *row) for key, row in (reused.rows.items() if reused else ())),
            (SUMMARY_KEY, whole, encode_summaries(summaries)),
            (ROLES_KEY, whole, encode_roles(roles)),
            (releases.RELEASE_KEY, whole, releases.encode(people, held=held)),
            *pairs.pair_rows(assessment, framework, answers, team_departments),
        ]
    ]
    kept_teams = {pk for kind, pk in (reused.rows if reused else ()) if kind == "team"}
    # Every team whose answers count (the round's figures pool them all), but those kept.
    counted = (set(team_departments) | set(answers.comments)) - kept_teams
    comment_rows = comments.rows_for(assessment, framework, answers, sorted(counted))
    releases_now = None if past is None else releases.history_row(assessment, past, people, shown)
    try:
        with transaction.atomic():
            StoredResult.objects.filter(assessment=assessment).delete()
            StoredResult.objects.bulk_create(rows, batch_size=200)
            comments.replace(assessment, comment_rows, kept=kept_teams)
            freshness.mark_fresh(assessment, stale_at)
            announcements.results_refreshed(assessment, at=now)  # a webhook event
            if releases_now is not None:
                ReleaseHistory.objects.update_or_create(
                    assessment=assessment,
                    defaults={
                        f: getattr(releases_now, f) for f in ("schema", "updated_at", "data")
                    },
                )
    except IntegrityError:
        pass  # a refresh running at the same time stored the same answers' results first
    return results


def _row(
    assessment: Assessment,
    key: Key,
    people: int,
    text: str,
    at: datetime,
    method: str = METHOD,
) -> StoredResult:
    """One stored row of this shape (and this method, unless it joins an older method's)."""
    kind, pk = key
    return StoredResult(
        assessment=assessment,
        scope_kind=kind,
        scope_pk=pk,
        method=method,
        schema=SCHEMA_VERSION,
        computed_at=at,
        respondents=people,
        data=text,
    )


def _hold(
    assessment: Assessment,
    framework: Framework,
    scopes: Mapping[Key, frozenset[int]],
    released: Mapping[int, batches.Person],
    *,
    held: bool,
) -> dict[Key, ScopeResults] | None:
    """Keep the last release; say whether answers wait. A scope it never held (a team added
    to the round since) is stored as nobody's answers, so no report computes it afresh.
    None when a stored row is unreadable: the release is lost, and a new one is made."""
    own = StoredResult.objects.filter(
        assessment=assessment, method__endswith=READABLE, schema=SCHEMA_VERSION
    )
    own.filter(scope_kind=releases.RELEASE_KEY[0]).update(data=releases.encode(released, held=held))
    stored: dict[Key, str] = {}
    made_with = set()
    for kind, pk, text, method in own.filter(
        scope_kind__in=["round", "department", "team"]
    ).values_list("scope_kind", "scope_pk", "data", "method"):
        stored[(kind, pk)] = text
        made_with.add(method)
    kept = min(made_with) if len(made_with) == 1 else METHOD  # the release's, never mixed
    missing = [key for key in scopes if key not in stored]
    if missing:
        empty = _scored(assessment, framework, NO_ANSWERS, {key: scopes[key] for key in missing})
        with transaction.atomic():
            StoredResult.objects.bulk_create(
                [
                    _row(assessment, key, 0, encode_scope(r), timezone.now(), kept)
                    for key, r in empty.items()
                ],
                ignore_conflicts=True,
            )
        stored |= {key: encode_scope(r) for key, r in empty.items()}
    try:
        return {key: decode_scope(stored[key]) for key in scopes}
    except UnreadableRow as error:
        logger.warning("Release of round %s unreadable, releasing afresh: %s", assessment.pk, error)
        return None


def _decoded(key: Key, text: str) -> Any:
    if key == releases.RELEASE_KEY:
        return decode_release(text)
    if key == SUMMARY_KEY:
        return decode_summaries(text)
    if key == ROLES_KEY:
        return decode_roles(text)
    if key[0] == pairs.PAIRS_KIND:
        return pairs.decode_pairs(text)
    return decode_scope(text)


# Rows as decoded, kept while their text is the same: a page decodes only rows refreshed since.
# Decoded, a row takes about four bytes a character: some 16 MB a process at most.
_DECODED = DecodedRows(kept_chars=4_000_000)


def _read(assessment: Assessment, rows: Mapping[Key, str]) -> dict[Key, Any] | None:
    """The stored rows, validated; None (score afresh) if any does not fit its shape."""
    try:
        return {
            key: _DECODED.get((assessment.pk, key), text, partial(_decoded, key))
            for key, text in rows.items()
        }
    except UnreadableRow as error:
        logger.warning(
            "Stored results of round %s unreadable, computing afresh: %s", assessment.pk, error
        )
        return None


def _overdue(assessment: Assessment) -> bool:
    """Its refresh is overdue (no worker ran it), and quick enough to make while the person
    waits. A bigger round shows its last results, marked as updating: a page never waits
    long on a refresh."""
    since = assessment.results_stale_since
    limit = timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS)
    if since is None or timezone.now() - since < limit:
        return False
    return submitted_count(assessment, None) <= settings.RESULTS_INLINE_MAX_PEOPLE


def rounds_results(wanted: Mapping[Assessment, Wanted]) -> dict[int, RoundResults]:
    """What comparisons read of several rounds, in one query. A round never stored, or
    overdue, is refreshed now (a refresh stores every row of a round at once)."""
    asked = Q(pk__in=[])
    for assessment, want in wanted.items():
        asked |= reads.wanted_rows(assessment.pk, want)
    rows: dict[int, dict[Key, tuple[str, datetime]]] = {a.pk: {} for a in wanted}
    made_with: dict[int, set[str]] = {a.pk: set() for a in wanted}
    for pk, kind, obj_pk, data, computed_at, method in StoredResult.objects.filter(
        asked, method__endswith=READABLE, schema=SCHEMA_VERSION
    ).values_list("assessment_id", "scope_kind", "scope_pk", "data", "computed_at", "method"):
        rows[pk][(kind, obj_pk)] = (data, computed_at)
        made_with[pk].add(method)
    results = {}
    for assessment, want in wanted.items():
        found = rows[assessment.pk]
        loaded = None
        version = scoring.METHOD_VERSION
        paired = (pairs.PAIRS_KIND, want.pairs_with or 0)
        if (
            SUMMARY_KEY in found
            and not _overdue(assessment)
            and methods.usable(assessment, made_with[assessment.pk])
        ):
            version = method_version(min(made_with[assessment.pk]))
            loaded = _read(assessment, {key: data for key, (data, _) in found.items()})
        if loaded is not None:
            # An anonymous round's figures change only a batch at a time: "updating" after each
            # answer would say when someone submitted, so it is not said.
            at = min(at for _, at in found.values())
            updating = bool(assessment.results_stale_since) and not releases.batched(assessment)
        else:
            fresh = refresh(assessment)
            summaries, roles = _summaries(fresh)
            loaded = {**fresh, SUMMARY_KEY: summaries, ROLES_KEY: RoleTable.of(roles)}
            at, updating = timezone.now(), False
            version = methods.stored_version(assessment)
            if want.pairs_with is not None:  # stored by the refresh just now
                loaded[paired] = pairs.stored_pairs(assessment, want.pairs_with, READABLE)
        results[assessment.pk] = RoundResults(
            {key: loaded[key] for key in want.scopes if key in loaded},
            loaded[SUMMARY_KEY],
            loaded.get(ROLES_KEY, NO_ROLES) if want.roles else NO_ROLES,
            at,
            updating,
            version,
            loaded.get(paired, NO_PAIRS) if want.pairs_with is not None else NO_PAIRS,
        )
    return results


def results_for(assessment: Assessment, scopes: Mapping[Key, frozenset[int]]) -> Results:
    """The stored results of these scopes, in one query; computed now if never stored.

    A scope that is not one of the round's own (a review's chosen teams, say) is never stored:
    it is scored from the answers each time, without refreshing the round's stored rows.
    """
    own = {key: ids for key, ids in scopes.items() if key[0] in STORED_KINDS}
    batched = releases.batched(assessment)
    wanted = Q(scope_kind=releases.RELEASE_KEY[0]) if batched else Q(pk__in=[])
    for kind, pk in own:
        wanted |= Q(scope_kind=kind, scope_pk=pk)
    rows: dict[Key, tuple[str, datetime]] = {}
    made_with = set()
    for kind, pk, data, computed_at, method in StoredResult.objects.filter(
        wanted, assessment=assessment, method__endswith=READABLE, schema=SCHEMA_VERSION
    ).values_list("scope_kind", "scope_pk", "data", "computed_at", "method"):
        rows[(kind, pk)] = (data, computed_at)
        made_with.add(method)
    release = rows.pop(releases.RELEASE_KEY, None)
    ad_hoc = {key: ids for key, ids in scopes.items() if key not in own}
    found = None
    if (
        len(rows) == len(own)
        and (release or not batched)
        and not _overdue(assessment)
        and methods.usable(assessment, made_with, ad_hoc=bool(ad_hoc))
    ):
        found = _read(assessment, {key: data for key, (data, _) in rows.items()})
    held = False
    if found is not None and release is not None:
        try:
            key = releases.RELEASE_KEY
            held = _DECODED.get((assessment.pk, key), release[0], decode_release).held
        except UnreadableRow:
            found = None
    if found is not None:
        if ad_hoc:
            found |= compute(assessment, ad_hoc)
        return Results(
            found,
            min((at for _, at in rows.values()), default=timezone.now()),
            updating=assessment.results_stale_since is not None,
            batched=batched,
            held=held,
            method=method_version(min(made_with)) if made_with else scoring.METHOD_VERSION,
        )
    fresh = refresh(assessment)
    if ad_hoc:
        fresh |= compute(assessment, ad_hoc)
    if batched:
        released = releases.last_release(assessment, READABLE)
        held = released is not None and released[2]
    return Results(
        {key: fresh[key] for key in scopes},
        timezone.now(),
        updating=False,
        batched=batched,
        held=held,
        method=methods.stored_version(assessment) if not ad_hoc else scoring.METHOD_VERSION,
    )
