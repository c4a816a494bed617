"""What an autosave reads: the respondent behind a link and what they have answered, in one
query.

An autosave runs on every change a respondent makes, so its read is written out once and
kept: the ORM took longer to compile the respondent's four-table join (about 1 ms) than the
database took to run it, and a second query for what they answered cost one more round trip
to the database. The access check stays in ``access`` (``check_respondent_link``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model

from assessments.rounds.models import ActivityAnswer, Answer, Assessment, Invitation, Respondent
from assessments.rounds.selectors import Answered
from frameworks.models import FrameworkVersion

# What a save needs of each row: the respondent (whose are the answers, have they submitted,
# when they last saved), their link (withdrawn?), its round (open? what it asks) and the
# round's version (frozen? its questionnaire is kept per frozen version).
LOADED: dict[type[Model], tuple[str, ...]] = {
    Respondent: (
        "id",
        "assessment_id",
        "invitation_id",
        "token_hash",
        "role",
        "last_saved_at",
        "submitted_at",
    ),
    Invitation: ("id", "revoked_at"),
    Assessment: (
        "id",
        "framework_version_id",
        "include_maturity",
        "include_activities",
        "opens_at",
        "closes_at",
        "closed_early_at",
    ),
    FrameworkVersion: ("id", "frozen_at"),
}
# Every row starts (kind, item, leader, rated): 0 a statement rated, 1 an activity answered
# (leader may be NULL), 2 a statement of the round's subset, 3 the respondent's own row,
# whose columns follow (NULL in the other rows).
RESPONDENT_ROW = 3
LOADED_COLUMNS = [(model, name) for model, names in LOADED.items() for name in names]

Converter = Callable[[Any, Any, Any], Any]


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    """A column of the model, by its field's name or attribute name (``team`` or ``team_id``)."""
    return next(f for f in model._meta.concrete_fields if name in (f.name, f.attname))


def _in_model_order(model: type[Model]) -> list[str]:
    """The loaded columns in the model's field order, as ``Model.from_db`` takes them."""
    return [f.attname for f in model._meta.concrete_fields if f.attname in LOADED[model]]


@cache
def _sql(digest: str = "%s") -> str:
    """The read, with ``digest`` where the link's digest goes (four times)."""
    quote = connection.ops.quote_name

    def col(model: type[Model], name: str, alias: str) -> str:
        return f"{alias}.{quote(str(_field(model, name).column))}"

    def table(model: type[Model], alias: str) -> str:
        return f"{quote(model._meta.db_table)} {alias}"

    aliases = {Respondent: "r", Invitation: "i", Assessment: "a", FrameworkVersion: "v"}
    loaded = ", ".join(col(m, name, aliases[m]) for m in LOADED for name in _in_model_order(m))
    blanks = ", NULL" * len(LOADED_COLUMNS)
    respondent = table(Respondent, "r")
    by_token = f"{col(Respondent, 'token_hash', 'r')} = {digest}"
    subset = Assessment.only_statements.through
    performance = col(ActivityAnswer, "performance", "x")
    return (
        f"SELECT {RESPONDENT_ROW}, NULL, NULL, NULL, {loaded} FROM {respondent} "  # noqa: S608 - names from meta
        f"JOIN {table(Invitation, 'i')} "
        f"ON {col(Invitation, 'id', 'i')} = {col(Respondent, 'invitation', 'r')} "
        f"JOIN {table(Assessment, 'a')} "
        f"ON {col(Assessment, 'id', 'a')} = {col(Respondent, 'assessment', 'r')} "
        f"JOIN {table(FrameworkVersion, 'v')} "
        f"ON {col(FrameworkVersion, 'id', 'v')} = {col(Assessment, 'framework_version', 'a')} "
        f"WHERE {by_token} "
        f"UNION ALL SELECT 0, {col(Answer, 'statement', 'x')}, 0, 1{blanks} "
        f"FROM {table(Answer, 'x')} JOIN {respondent} "
        f"ON {col(Respondent, 'id', 'r')} = {col(Answer, 'respondent', 'x')} "
        f"WHERE {by_token} AND {col(Answer, 'option', 'x')} IS NOT NULL "
        f"UNION ALL SELECT 1, {col(ActivityAnswer, 'activity', 'x')}, "
        f"{col(ActivityAnswer, 'leader', 'x')}, "
        f"CASE WHEN {performance} IS NULL THEN 0 ELSE 1 END{blanks} "
        f"FROM {table(ActivityAnswer, 'x')} JOIN {respondent} "
        f"ON {col(Respondent, 'id', 'r')} = {col(ActivityAnswer, 'respondent', 'x')} "
        f"WHERE {by_token} "
        f"UNION ALL SELECT 2, {col(subset, 'statement', 'x')}, 0, 0{blanks} "
        f"FROM {table(subset, 'x')} JOIN {respondent} "
        f"ON {col(Respondent, 'assessment', 'r')} = {col(subset, 'assessment', 'x')} "
        f"WHERE {by_token}"
    )


@cache
def _converters() -> list[tuple[type[Model], list[str], list[list[Converter]]]]:
    """Per model: its loaded columns and what turns each value as the database gives it into
    the field's Python value (SQLite hands back datetimes as text, booleans as 0 and 1)."""
    found = []
    for model in LOADED:
        names = _in_model_order(model)
        each = []
        for name in names:
            column = _field(model, name).get_col(model._meta.db_table)
            each.append(
                connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            )
        found.append((model, names, each))
    return found


def _instances(row: Sequence[Any]) -> dict[type[Model], Model]:
    values = iter(row[4:])
    made: dict[type[Model], Model] = {}
    for model, names, converters in _converters():
        given = []
        for convert in converters:
            value = next(values)
            for converter in convert:
                value = converter(value, None, connection)
            given.append(value)
        made[model] = model.from_db(connection.alias, names, given)
    return made


# On PostgreSQL the read is prepared once per connection: planning its four joined parts took
# the server four times as long as running them (0.8 ms of 1 ms a save).
PREPARED = "pm_autosave_read"
_prepared_on: weakref.WeakSet[Any] = weakref.WeakSet()  # the connections that have it


def _prepare_once(raw: Any) -> None:
    """PREPARE the read on this database connection (psycopg's) unless done already.

    Part of setting a connection up, like Django's own SET TIME ZONE, so it goes straight to
    the connection and is not counted as a query of the request. A prepared statement lasts
    as long as its connection, whatever becomes of the transaction it was made in; a new
    connection (after a restart of the database, say) is a new object, prepared again. (As
    with Django's own prepared statements, a pooler that hands one client's statements to
    other server connections, PgBouncer in transaction mode, would need this switched off.)
    """
    if raw in _prepared_on:
        return
    raw.execute(f"PREPARE {PREPARED}(text) AS {_sql('$1')}")
    _prepared_on.add(raw)


def respondent_and_answered(token_digest: str) -> tuple[Respondent, Answered] | None:
    """The respondent whose link has this digest, with their link, round and version loaded
    (only what a save reads), and what they have answered; None if no respondent has it.
    One query (an EXECUTE of the prepared read on PostgreSQL).

    The link is not checked here: see ``access.check_respondent_link``.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _prepare_once(connection.connection)
            cursor.execute(f"EXECUTE {PREPARED}(%s)", [token_digest])
        else:
            cursor.execute(_sql(), [token_digest] * 4)
        rows = cursor.fetchall()
    found = next((row for row in rows if row[0] == RESPONDENT_ROW), None)
    if found is None:
        return None
    made = _instances(found)
    respondent = cast("Respondent", made[Respondent])
    invitation = cast("Invitation", made[Invitation])
    assessment = cast("Assessment", made[Assessment])
    assessment.framework_version = cast("FrameworkVersion", made[FrameworkVersion])
    invitation.assessment = assessment
    respondent.invitation = invitation
    respondent.assessment = assessment
    answered = Answered(
        statements=frozenset(row[1] for row in rows if row[0] == 0),
        activities={row[1]: (row[2], bool(row[3])) for row in rows if row[0] == 1},
        subset=tuple(sorted(row[1] for row in rows if row[0] == 2)),
    )
    return respondent, answered
