"""Rows of one framework version made to match a content file: an upsert by key that counts
real changes, inserts what is new in one go per kind of row, and deletes what is gone."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.db import models

from frameworks.models import FrameworkVersion

M = TypeVar("M", bound=models.Model)


class Sync:
    """Upserts the content of one version, counting real changes."""

    def __init__(self, version: FrameworkVersion) -> None:
        self.version = version
        self.changes = 0
        self._stale: list[tuple[type[models.Model], list[int]]] = []
        self._created: set[tuple[type[models.Model], int]] = set()
        self._links: dict[type[models.Model], list[models.Model]] = {}

    def rows(
        self,
        model: type[M],
        rows: Iterable[tuple[Hashable, dict[str, Any]]],
        key_of: Callable[[M], Hashable],
    ) -> dict[Hashable, M]:
        """Create or update rows by key (in file order); remember the rest for deleting.

        New rows go in with one insert per model, so a new version (a fork) costs a query
        per kind of row, not one per statement."""
        existing = {key_of(obj): obj for obj in model._default_manager.filter(version=self.version)}
        synced: dict[Hashable, M] = {}
        new: list[M] = []
        for order, (key, values) in enumerate(rows):
            values = {**values, "order": order}
            obj = existing.pop(key, None)
            if obj is None:
                obj = model(version=self.version, **values)
                new.append(obj)
            else:
                changed = [name for name, value in values.items() if getattr(obj, name) != value]
                if changed:
                    for name in changed:
                        setattr(obj, name, values[name])
                    obj.save(update_fields=changed)
                    self.changes += 1
            synced[key] = obj
        if new:
            new[0]._refuse_if_frozen()  # type: ignore[attr-defined]  # save()'s check, once
            # Every backend we run on (PostgreSQL, SQLite 3.35+) hands back the new ids.
            model._default_manager.bulk_create(new, batch_size=500)
            self.changes += len(new)
            self._created.update((model, obj.pk) for obj in new)
        self._stale.append((model, [obj.pk for obj in existing.values()]))
        return synced

    def relation(self, manager: Any, wanted: set[int]) -> None:
        """Set a many-to-many relation, only if it differs (so a reload writes nothing). A row
        created by this sync has none yet: its links wait for one insert per relation."""
        owner = manager.instance
        if (type(owner), owner.pk) in self._created:
            through = manager.through
            source, target = f"{manager.source_field_name}_id", f"{manager.target_field_name}_id"
            links = self._links.setdefault(through, [])
            links.extend(through(**{source: owner.pk, target: pk}) for pk in sorted(wanted))
            self.changes += bool(wanted)
            return
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            self.changes += 1

    def link_created(self) -> None:
        """Insert the links of the rows this sync created, one insert per relation."""
        for through, links in self._links.items():
            through._default_manager.bulk_create(links, batch_size=500)
        self._links.clear()

    def delete_stale(self) -> None:
        # Children were synced after their parents, so delete in reverse.
        for model, pks in reversed(self._stale):
            if pks:
                deleted, _ = model._default_manager.filter(pk__in=pks).delete()
                self.changes += deleted
