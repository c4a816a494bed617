"""The layout shows the architecture: rooms with the same parts, and no reaching into another's.

See the layout table in the README.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "assessments"
ROOMS = [
    "organisations",
    "rounds",
    "reports",
    "comparisons",
    "roadmaps",
    "exports",
    "charters",
    "personas",
    "firms",
    "reviews",
    "questionnaires",
]
EVERY_ROOM_HAS = ["urls", "views", "services", "selectors", "access"]
MAX_MODULE_LINES = 500


def python_modules() -> list[Path]:
    skip = {".venv", "node_modules", "migrations", "staticfiles"}
    return [p for p in ROOT.rglob("*.py") if not skip.intersection(p.relative_to(ROOT).parts)]


def room_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    if len(parts) >= 3 and parts[0] == "assessments" and parts[1] in ROOMS:
        return parts[1]
    return None


@pytest.mark.parametrize("room", ROOMS)
def test_every_room_has_its_own_urls_views_services_selectors_and_access(room):
    missing = [m for m in EVERY_ROOM_HAS if not (APP / room / f"{m}.py").is_file()]
    assert not missing, f"assessments/{room}/ lacks {missing}"
    assert (ROOT / "templates" / room).is_dir(), f"templates/{room}/ mirrors the room"
    assert (ROOT / "tests" / room).is_dir(), f"tests/{room}/ mirrors the room"


def test_each_room_has_one_access_module():
    for room in ROOMS:
        access = [p.name for p in (APP / room).glob("*.py") if "access" in p.stem]
        assert access == ["access.py"], f"assessments/{room}: {access}"


def _imported_names(tree: ast.AST) -> list[tuple[str, str]]:
    """(module, name) for every ``from module import name`` in the file."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
    return found


def _module_aliases(tree: ast.AST) -> dict[str, str]:
    """Local name → module, for ``from package import module`` and ``import a.b as c``."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def _room_of_module(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[0] == "assessments" and parts[1] in ROOMS else None


def private_reaches(source: str, here: str | None) -> list[str]:
    """Private names of another room that code in room ``here`` uses."""
    tree = ast.parse(source)
    bad = [
        f"{module}.{name}"
        for module, name in _imported_names(tree)
        if name.startswith("_") and _room_of_module(module) not in (None, here)
    ]
    aliases = _module_aliases(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            module = aliases[node.value.id]
            if _room_of_module(module) not in (None, here):
                bad.append(f"{module}.{node.attr}")
    return bad


def test_no_module_uses_another_rooms_private_names():
    offenders = {
        str(p.relative_to(ROOT)): private_reaches(p.read_text(encoding="utf-8"), room_of(p))
        for p in python_modules()
        if p.is_relative_to(APP) or p.is_relative_to(ROOT / "pmmaturity")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_private_name_check_catches_a_reach():
    code = "from assessments.rounds.views import _org_context\n"
    code += "from assessments.roadmaps import services as s\nx = s._plan\n"
    assert private_reaches(code, "reports") == [
        "assessments.rounds.views._org_context",
        "assessments.roadmaps.services._plan",
    ]
    assert private_reaches(code, None) == private_reaches(code, "reports")
    assert private_reaches("from assessments.reports.views import _charts\n", "reports") == []


def test_no_module_is_over_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in python_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
