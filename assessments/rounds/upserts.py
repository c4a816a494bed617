"""The SQL that saves a respondent's answers: one upsert per kind of answer, written out.

Kept apart from ``services`` (which calls ``upserts``) because it is about the database, not
about what saving means.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from django.db import connection, models

from assessments.rounds.models import ActivityAnswer, Answer, Respondent

# The choices of each kind of answer. A choice is never cleared (the form has no way to),
# so in an upsert NULL means "not given: keep what is stored".
_CHOICES = {Answer: ("option",), ActivityAnswer: ("leader", "performance")}


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A model's own field (a column, never a reverse relation)."""
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


@lru_cache(maxsize=512)
def _upsert_sql(
    model: type[Answer] | type[ActivityAnswer], item: str, rows: int, with_comment: bool
) -> str:
    """INSERT ... ON CONFLICT DO UPDATE for ``rows`` answers: the item, its choices (NULL:
    not given, keep what is stored), its comment if ``with_comment``, the time.

    Written out because ``bulk_create(update_conflicts=True)`` opens a transaction of its
    own (BEGIN and COMMIT: two more round trips) and can only overwrite a column, so it
    would take a statement per set of fields given. SQLite and PostgreSQL both run it.
    """
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(str(_field(model, name).column))

    table = quote(model._meta.db_table)
    choices = [column(name) for name in _CHOICES[model]]
    key = [column("respondent"), column(item)]
    comment, stamp = column("comment"), column("updated_at")
    changed = [f"{c} = COALESCE(EXCLUDED.{c}, {table}.{c})" for c in choices]
    changed += [f"{c} = EXCLUDED.{c}" for c in ([comment] if with_comment else []) + [stamp]]
    row = "(" + ", ".join(["%s"] * (len(key) + len(choices) + 2)) + ")"
    return (
        f"INSERT INTO {table} ({', '.join([*key, *choices, comment, stamp])}) "  # noqa: S608 - names from meta, values are parameters
        f"VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(changed)}"
    )


def upserts(
    model: type[Answer] | type[ActivityAnswer],
    item: str,
    respondent: Respondent,
    rows: dict[int, dict[str, object]],
    now: datetime,
) -> list[tuple[str, list[Any]]]:
    """The statements that save ``rows`` (item id -> the fields given), changing only those
    fields: one for every item, or two when some carry a comment. Each is atomic: two tabs
    racing on the same row both succeed. Rows go in item order, so two saves of several
    rows never wait on each other in a circle."""
    choices = [_field(model, name).attname for name in _CHOICES[model]]
    now_value = _field(model, "updated_at").get_db_prep_save(now, connection)
    statements = []
    for with_comment in (False, True):
        group = [(i, v) for i, v in sorted(rows.items()) if ("comment" in v) == with_comment]
        if not group:
            continue
        params: list[Any] = []
        for item_id, values in group:
            given = [values.get(name) for name in choices]
            params += [respondent.pk, item_id, *given, values.get("comment", ""), now_value]
        statements.append((_upsert_sql(model, item, len(group), with_comment), params))
    return statements
