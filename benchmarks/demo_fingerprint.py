"""The demo's fingerprint: one digest of every answer, stored result and roadmap action.

Loads the frameworks and the demo into a throw-away SQLite database and prints a SHA-256 per
kind of data and one over them all. A refactoring that must change no behaviour leaves every
line the same. Times, secrets (digests, nonces) and file names are left out: they differ
from one load to the next by design.
Usage: .venv/bin/python benchmarks/demo_fingerprint.py [--json out.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET_OR_TIME = ("hash", "nonce", "digest", "token", "secret", "file", "logo", "password")


def plain(value: Any) -> Any:
    """Dataclasses, enums, mappings and sequences as JSON-able values, keys sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr}
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, dict) or hasattr(value, "items"):
        return {
            str(plain(k)): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [plain(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, float):
        return round(value, 9)
    return value


def digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def rows_of(model: Any) -> list[dict[str, Any]]:
    from django.db import models

    keep = [
        f.attname
        for f in model._meta.concrete_fields
        if not isinstance(
            f, (models.DateTimeField, models.DateField, models.BinaryField, models.JSONField)
        )
        and not any(word in f.name for word in SECRET_OR_TIME)
        and not (model.__name__ == "StoredResult" and f.name in ("data", "method", "schema"))
    ]
    return [plain(dict(row)) for row in model.objects.order_by("pk").values(*keep)]


def stored_results() -> dict[str, Any]:
    from assessments.reports import store
    from assessments.rounds.models import Assessment

    found = {}
    for assessment in Assessment.objects.order_by("pk"):
        scopes = store.round_scopes(assessment)
        results = store.results_for(assessment, scopes)
        whole = store.rounds_results({assessment: store.Wanted(roles=True)})[assessment.pk]
        found[str(assessment.pk)] = {
            "scopes": {f"{k}:{pk}": plain(v) for (k, pk), v in sorted(results.scopes.items())},
            "summaries": {f"{k}:{pk}": plain(v) for (k, pk), v in sorted(whole.summaries.items())},
            "roles": {f"{k}:{pk}": plain(v) for (k, pk), v in sorted(whole.roles.nested().items())},
        }
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="pmm-fingerprint-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/db.sqlite3"
    os.environ["PMMATURITY_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)
    parts: dict[str, str] = {}
    for model in sorted(apps.get_app_config("assessments").get_models(), key=lambda m: m.__name__):
        parts[model.__name__] = digest(rows_of(model))
    parts["stored results (decoded)"] = digest(stored_results())
    parts["ALL"] = digest(parts)
    for name, value in parts.items():
        print(f"{name:32} {value}")
    if args.json:
        args.json.write_text(json.dumps(parts, indent=2))


if __name__ == "__main__":
    main()
