"""Comments as the stored results show them: counted per statement in each scope's row,
kept one row each (``ResultComment``), and read a page at a time.

A round of thousands has thousands of comments. A report lists how many there are on each
statement and opens them on demand; its cost never grows with them. The comments are
written by the refresh that stores the results, in the same transaction, so they are always
those of the answers scored (in an anonymous round, those of its last release).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet

from assessments.reports.models import ResultComment
from assessments.reports.selectors import Comment, Framework, RoundAnswers
from assessments.reports.stored import CommentCount
from assessments.rounds.models import Assessment, Respondent

# Comments a page shows at once; the report shows the first page of its scope.
PAGE_SIZE = 25
# Below the statement's place, 48 bits order the comments on it.
_LOW_BITS = 48
_LOW = (1 << _LOW_BITS) - 1
# Activities come after every statement in the questionnaire's order.
_ACTIVITIES_FROM = 10_000

Said = tuple[int, int, str, str, str, int]  # kind, respondent, text, about, name, its id


def orders(framework: Framework) -> dict[tuple[int, int], int]:
    """(0 for a statement, 1 for an activity; its id) → its place in the questionnaire."""
    found = {(0, s.pk): i for i, s in enumerate(framework.statements)}
    found |= {(1, a.pk): _ACTIVITIES_FROM + i for i, a in enumerate(framework.activities)}
    return found


def counted(
    places: Mapping[tuple[int, int], int], said: Iterable[Said]
) -> tuple[CommentCount, ...]:
    """How many comments on each statement and activity, in questionnaire order."""
    counts: Counter[tuple[int, str]] = Counter()
    for kind, _, _, about, _, about_id in said:
        counts[(places.get((kind, about_id), _LOW), about)] += 1
    return tuple(CommentCount(order, about, n) for (order, about), n in sorted(counts.items()))


def _rank(place: int, respondent: int, text: str, *, anonymous: bool) -> int:
    if anonymous:
        low = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=6).digest(), "big")
    else:
        low = respondent & _LOW
    return (place << _LOW_BITS) | low


# What a stored comment row holds, in the order ``rows_for`` gives the values.
COLUMNS = ("assessment", "team", "rank", "about", "text", "writer")
Row = tuple[int, int, int, str, str, int]


def rows_for(
    assessment: Assessment, framework: Framework, answers: RoundAnswers, teams: Iterable[int]
) -> list[Row]:
    """The comments of these teams' scored answers, as rows to store (``COLUMNS``)."""
    places = orders(framework)
    anonymous = assessment.is_anonymous
    return [
        (
            assessment.pk,
            team,
            _rank(places.get((kind, about_id), _LOW), rid, text, anonymous=anonymous),
            about,
            text,
            rid,
        )
        for team in teams
        for kind, rid, text, about, _, about_id in answers.comments.get(team, [])
    ]


def replace(assessment: Assessment, rows: list[Row], *, kept: Iterable[int] = ()) -> None:
    """The round's stored comments replaced by these rows, but for those of the ``kept``
    teams (whose answers did not change), inside the refresh's transaction."""
    ResultComment.objects.filter(assessment=assessment).exclude(team_id__in=list(kept)).delete()
    _insert(rows)


def _insert(rows: list[Row]) -> None:
    """Plain rows written as they are: a round of thousands has ten thousand comments or more,
    and making a model instance of each, only to write it, took most of a refresh's writing.
    The statement is built from the model's own table and column names."""
    if not rows:
        return
    meta = ResultComment._meta
    quote = connection.ops.quote_name
    by_name = {f.name: str(f.column) for f in meta.concrete_fields}
    columns = ", ".join(quote(by_name[name]) for name in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from meta
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])


@dataclass(frozen=True)
class CommentPage:
    comments: tuple[Comment, ...]
    page: Page
    about: CommentCount | None  # the statement they are on; None: every statement


def _in_scope(assessment: Assessment, team_ids: frozenset[int] | None) -> QuerySet[ResultComment]:
    found = ResultComment.objects.filter(assessment=assessment)
    return found if team_ids is None else found.filter(team_id__in=sorted(team_ids))


def comments_page(
    assessment: Assessment,
    team_ids: frozenset[int] | None,
    counts: tuple[CommentCount, ...],
    *,
    about: int | None = None,
    number: str | int | None = 1,
) -> CommentPage:
    """One page of a scope's comments, all or on one statement (``about``: its place), in
    order. One query for the page (none to count them: the counts are stored), and in a named
    round one for the names of who wrote them; a page number out of range gives the last."""
    on = next((c for c in counts if c.order == about), None) if about is not None else None
    found = _in_scope(assessment, team_ids)
    total = sum(c.count for c in counts)
    if on is not None:
        found = found.filter(rank__gte=on.order << _LOW_BITS, rank__lt=(on.order + 1) << _LOW_BITS)
        total = on.count
    counted: Any = _Counted(found.order_by("rank", "pk"), total)  # sized and sliced, as asked
    paginator: Paginator[ResultComment] = Paginator(counted, PAGE_SIZE)
    page = paginator.get_page(number)
    on_page = list(page.object_list)
    names: dict[int, str] = {}
    if not assessment.is_anonymous:
        writers = {c.writer for c in on_page}
        names = dict(Respondent.objects.filter(pk__in=writers).values_list("pk", "name"))
    shown = tuple(Comment(c.text, c.about, names.get(c.writer, "")) for c in on_page)
    return CommentPage(shown, page, on)


class _Counted:
    """A query whose length is known already (stored with the results): no COUNT query."""

    def __init__(self, query: QuerySet[ResultComment], count: int) -> None:
        self.query = query
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, cut: slice) -> list[ResultComment]:
        return list(self.query.only("text", "about", "writer")[cut])
