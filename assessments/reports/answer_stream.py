"""The raw answers of a scope, read in chunks and given out one respondent at a time.

A round of a few thousand people holds hundreds of thousands of answers, so this never
builds a ``Report`` and never holds them all: in memory are only the version's names
(statements, options, activities, leaders), the people in scope, and the answers of one
batch of respondents while their rows are put in order.

Anonymity, as in every export: in an anonymous round respondents appear only as shuffled
pseudonyms and in that shuffled order (the order of rows says nothing about who answered
first). A team is named only where the round shows it, with the groups beside it
(``anonymity.round_groups``: the unnamed rows are nobody or a threshold's worth), and a role
only within a named team where its people, and everyone else in the team, are a threshold's
worth (``anonymity.answer_labels``). A scope the round does not show (too small, or beside a
hidden group it would give away) gives no rows at all. An anonymous round gives only the rows
its last release holds (``reports.batches``): someone who just submitted, or changed an
answer, waits for the next batch here as in every other figure.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

from assessments.reports import releases, scoring, store
from assessments.reports.selectors import answers_in_batches
from assessments.rounds import anonymity
from assessments.rounds.models import ActivityAnswer, Answer, Assessment, Respondent
from assessments.rounds.selectors import round_team_departments
from frameworks import audiences
from frameworks.models import Activity, ActivityLeader, ScaleOption, Statement

# Respondents whose answers are read together: two queries a batch, and at most this many
# people's rows held while they are sorted (about 90 rows each with the shipped framework).
BATCH = 100
# Rows fetched from the database at a time.
CHUNK = 2000


@dataclass(frozen=True)
class Person:
    """How one respondent appears in the export: the first three columns, and their role kind."""

    label: str
    team: str
    role: str
    # The role their answers count in ("other" when they chose none): they count on a
    # statement for an audience (product people, leadership...) only when it is one of its.
    counts_as: str


@dataclass(frozen=True)
class Names:
    """The version's content, by id: each row looks its words up here instead of joining."""

    # text, key, reversed, the roles asked it (None: everyone)
    statements: dict[int, tuple[str, str, bool, frozenset[str] | None]]
    options: dict[int, tuple[str, int | None]]  # label, score (None: "don't know")
    activities: dict[int, tuple[str, str]]  # name, key
    leaders: dict[int, str]


def people_in(assessment: Assessment, team_ids: Set[int] | None) -> dict[int, Person]:
    """Submitted respondents in scope, keyed by id, in the order their rows are given out.

    Nobody when the scope may not be shown (``_scope_shown``): too small, or beside a hidden
    group it would give away.
    """
    team_departments = round_team_departments(assessment)
    everyone: list[Row] = [
        (pk, team, team_departments.get(team), team_name, role, name)
        for pk, team, team_name, role, name in Respondent.objects.filter(
            assessment=assessment, submitted_at__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "team_id", "team__name", "role", "name")
    ]
    released = released_people(assessment)
    if released is not None:  # an anonymous round: only answers as its last release holds them
        everyone = [p for p in everyone if p[0] in released]
    threshold = assessment.group_threshold
    sizes = Counter(team for _, team, _, _, _, _ in everyone)
    shown = anonymity.round_groups(team_departments, sizes, threshold)
    people = [p for p in everyone if team_ids is None or p[1] in team_ids]
    if not _scope_shown(assessment, shown, team_departments, team_ids, len(people)):
        return {}
    labels = anonymity.answer_labels(
        {pk: (team, department, role) for pk, team, department, _, role, _ in everyone},
        frozenset(pk for kind, pk in shown if kind == "team"),
        threshold,
    )
    anonymous = assessment.is_anonymous
    roles = dict(Respondent.Role.choices)
    if anonymous:
        random.SystemRandom().shuffle(people)
    found: dict[int, Person] = {}
    for i, (pk, _, _, team, role, name) in enumerate(people):
        named_team, named_role = labels[pk]
        found[pk] = Person(
            label=f"R{i + 1:03d}" if anonymous else (name or f"Respondent {pk}"),
            team=team if named_team else "",
            role=roles.get(role, role) if named_role else "",
            counts_as=role or "other",
        )
    return found


Row = tuple[int, int, int | None, str, str, str]  # respondent, team, department, team name, role


def _scope_shown(
    assessment: Assessment,
    shown: frozenset[anonymity.Group],
    team_departments: Mapping[int, int | None],
    team_ids: Set[int] | None,
    people: int,
) -> bool:
    """The round's own scopes as the round's tree of groups shows them; any other set of
    teams (a review's) when large enough."""
    if team_ids is None:
        return anonymity.ROUND in shown
    if len(team_ids) == 1:
        return ("team", next(iter(team_ids))) in shown
    departments = {team_departments.get(t) for t in team_ids}
    whole = {t for t, d in team_departments.items() if d in departments}
    if len(departments) == 1 and None not in departments and whole == set(team_ids):
        return ("department", departments.pop() or 0) in shown
    return assessment.shows_group(people)


def _asked_of(audience: str) -> frozenset[str] | None:
    return None if audiences.is_everyone(audience) else audiences.roles_asked(audience)


def names_for(version_id: int) -> Names:
    return Names(
        statements={
            pk: (text, key, reversed_, _asked_of(audience))
            for pk, text, key, reversed_, audience in Statement.objects.filter(
                version_id=version_id
            ).values_list("pk", "text", "key", "reverse_scored", "audience")
        },
        options={
            pk: (label, score)
            for pk, label, score in ScaleOption.objects.filter(version_id=version_id).values_list(
                "pk", "label", "score"
            )
        },
        activities={
            pk: (name, key)
            for pk, name, key in Activity.objects.filter(version_id=version_id).values_list(
                "pk", "name", "key"
            )
        },
        leaders=dict(
            ActivityLeader.objects.filter(version_id=version_id).values_list("pk", "name")
        ),
    )


def answer_rows(assessment: Assessment, team_ids: Set[int] | None) -> Iterator[list[Any]]:
    """Rows of ``exports.ANSWER_HEADER``, grouped per respondent, each sorted by item."""
    people = people_in(assessment, team_ids)
    if not people:
        return
    names = names_for(assessment.framework_version_id)
    order = list(people)
    for start in range(0, len(order), BATCH):
        batch = order[start : start + BATCH]
        rows = _batch_rows(batch, people, names)
        for pk in batch:
            mine = rows.pop(pk, [])
            mine.sort(key=lambda row: (row[4], row[3]))  # by item key, then item
            yield from mine


def _batch_rows(
    batch: list[int], people: dict[int, Person], names: Names
) -> dict[int, list[list[Any]]]:
    """The rows of these respondents, keyed by respondent: two queries, read in chunks."""
    rows: dict[int, list[list[Any]]] = defaultdict(list)
    # A row with nothing given in this round (an answer carried over from the round it follows
    # and never confirmed, say: ``rounds.carry``) says nothing, so it gives no row.
    statements = (
        Answer.objects.filter(respondent_id__in=batch)
        .exclude(option__isnull=True, comment="")
        .values_list("respondent_id", "statement_id", "option_id", "comment")
        .iterator(chunk_size=CHUNK)
    )
    for rid, sid, oid, comment in statements:
        rows[rid].append(_statement_row(people[rid], names, sid, oid, comment))
    activities = (
        ActivityAnswer.objects.filter(respondent_id__in=batch)
        .exclude(leader__isnull=True, performance__isnull=True, comment="")
        .values_list("respondent_id", "activity_id", "leader_id", "performance_id", "comment")
        .iterator(chunk_size=CHUNK)
    )
    for rid, aid, lid, pid, comment in activities:
        rows[rid] += _activity_rows(people[rid], names, aid, lid, pid, comment)
    return rows


def _statement_row(who: Person, names: Names, sid: int, oid: int | None, comment: str) -> list[Any]:
    text, key, reversed_, asked_of = names.statements[sid]
    label, score = names.options[oid] if oid is not None else ("", None)
    evidence: float | str = ""
    # Scoring counts a statement for an audience only from the roles in it, and never a
    # "don't know" (no score).
    if score is not None and (asked_of is None or who.counts_as in asked_of):
        evidence = scoring.as_evidence(score, reverse=reversed_)
    return [
        who.label,
        who.team,
        who.role,
        text,
        key,
        label,
        "" if score is None else score,
        "yes" if reversed_ else "no",
        evidence,
        comment,
    ]


def _activity_rows(
    who: Person, names: Names, aid: int, lid: int | None, pid: int | None, comment: str
) -> list[list[Any]]:
    name, key = names.activities[aid]
    leader = names.leaders[lid] if lid is not None else ""
    leads = f"{name}: who leads it"
    rows: list[list[Any]] = [
        [who.label, who.team, who.role, leads, key, leader, "", "", "", comment]
    ]
    if pid is not None:
        label, score = names.options[pid]
        cell: int | str = "" if score is None else score
        done_well = f"{name}: how well it is done"
        rows.append([who.label, who.team, who.role, done_well, key, label, cell, "no", cell, ""])
    return rows


# --- the workbook's layout: one row per person, one column per question ----------------------

DONT_KNOW = "don't know"


@dataclass(frozen=True)
class Column:
    """One question's column in the workbook: its heading and what it asks, for the key."""

    heading: str
    kind: str  # statement, who leads, how well
    asks: str
    note: str


def wide_columns(assessment: Assessment) -> list[Column]:
    """The questions of the round, in questionnaire order: statements, then activities."""
    version = assessment.framework_version_id
    columns = [
        Column(
            key,
            "statement",
            text,
            "; ".join(
                note
                for note, on in (
                    ("a warning sign: scoring counts 100 minus the answer", reversed_),
                    (f"asked of {audiences.label(audience)} only", audience != audiences.EVERYONE),
                )
                if on
            ),
        )
        for key, text, reversed_, audience in Statement.objects.filter(version_id=version)
        .order_by("enabler__order", "order", "pk")
        .values_list("key", "text", "reverse_scored", "audience")
    ]
    for key, name in (
        Activity.objects.filter(version_id=version)
        .order_by("area__order", "group__order", "order", "pk")
        .values_list("key", "name")
    ):
        columns.append(Column(f"{key}: who leads", "who leads", name, ""))
        columns.append(Column(f"{key}: how well", "how well", name, "0 to 100"))
    return columns


Sheet = tuple[str, list[str], Iterable[Sequence[Any]]]
COMMENT_HEADER = ["respondent", "team", "role", "about", "comment"]
QUESTION_HEADER = ["column", "kind", "asks", "note"]


def workbook_sheets(assessment: Assessment, team_ids: Set[int] | None) -> list[Sheet]:
    """The workbook's Answers, Comments and Questions sheets, rows made as they are written.

    Answers has one row per respondent: statements give the answer on the 0–100 scale as
    given ("don't know" in words), activities who leads them and how well they are done.
    That is the layout a pivot table or chart wants, and a tenth of the cells of one row
    per answer, which keeps a workbook of a thousand people quick to write. The people
    (and their pseudonyms) are the same on every sheet.
    """
    columns = wide_columns(assessment)
    people = people_in(assessment, team_ids)
    shown = bool(people)
    names = names_for(assessment.framework_version_id)
    return [
        (
            "Answers",
            ["respondent", "team", "role", *(c.heading for c in columns)],
            _wide_rows(people, names, columns) if shown else [],
        ),
        ("Comments", COMMENT_HEADER, _comment_rows(people, names) if shown else []),
        ("Questions", QUESTION_HEADER, [[c.heading, c.kind, c.asks, c.note] for c in columns]),
    ]


def _batches(people: dict[int, Person]) -> Iterator[list[int]]:
    order = list(people)
    for start in range(0, len(order), BATCH):
        yield order[start : start + BATCH]


def _wide_rows(
    people: dict[int, Person], names: Names, columns: list[Column]
) -> Iterator[list[Any]]:
    place = {c.heading: i for i, c in enumerate(columns)}
    statement_at = {sid: place[key] for sid, (_, key, _, _) in names.statements.items()}
    activity_at = {aid: place[f"{key}: who leads"] for aid, (_, key) in names.activities.items()}
    for batch in _batches(people):
        cells: dict[int, list[Any]] = {pk: [""] * len(columns) for pk in batch}
        for rid, sid, oid in (
            Answer.objects.filter(respondent_id__in=batch)
            .values_list("respondent_id", "statement_id", "option_id")
            .iterator(chunk_size=CHUNK)
        ):
            cells[rid][statement_at[sid]] = _option_value(names, oid)
        for rid, aid, lid, pid in (
            ActivityAnswer.objects.filter(respondent_id__in=batch)
            .values_list("respondent_id", "activity_id", "leader_id", "performance_id")
            .iterator(chunk_size=CHUNK)
        ):
            at = activity_at[aid]
            cells[rid][at] = names.leaders[lid] if lid is not None else ""
            cells[rid][at + 1] = _option_value(names, pid)
        for pk in batch:
            who = people[pk]
            yield [who.label, who.team, who.role, *cells[pk]]


def _option_value(names: Names, option_id: int | None) -> int | str:
    if option_id is None:
        return ""
    score = names.options[option_id][1]
    return DONT_KNOW if score is None else score


def _comment_rows(people: dict[int, Person], names: Names) -> Iterator[list[Any]]:
    """Every comment in scope, grouped per respondent in the order of the Answers sheet."""
    for batch in _batches(people):
        said: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for rid, sid, comment in (
            Answer.objects.filter(respondent_id__in=batch)
            .exclude(comment="")
            .values_list("respondent_id", "statement_id", "comment")
        ):
            said[rid].append((names.statements[sid][0], comment))
        for rid, aid, comment in (
            ActivityAnswer.objects.filter(respondent_id__in=batch)
            .exclude(comment="")
            .values_list("respondent_id", "activity_id", "comment")
        ):
            said[rid].append((names.activities[aid][0], comment))
        for pk in batch:
            who = people[pk]
            for about, comment in sorted(said.get(pk, [])):
                yield [who.label, who.team, who.role, about, comment]


def released_people(assessment: Assessment) -> frozenset[int] | None:
    """The respondents whose answers, as they are now, are those of the round's last release:
    the only ones whose raw answers an export may give out. None for a round not released
    in batches (everyone submitted counts at once). The answers are read and compared a
    batch of people at a time, so an export's memory does not grow with the round."""
    if not releases.batched(assessment):
        return None
    released = releases.last_release(assessment, store.READABLE)
    if released is None:
        store.refresh(assessment)
        released = releases.last_release(assessment, store.READABLE)
    if released is None:
        return frozenset()
    before = released[0]
    return frozenset(
        pk
        for answers in answers_in_batches(assessment, RELEASE_CHECK_BATCH)
        for pk, person in releases.people_of_answers(answers).items()
        if releases.as_released(before.get(pk), pk, person)
    )


# Respondents whose answers are read at once to compare them with the last release: an export
# of a round of thousands holds a batch of them, never the round (a few MB at this size).
RELEASE_CHECK_BATCH = 100
