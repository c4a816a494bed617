"""The layout shows the architecture: rooms with the same parts, and no reaching into another's.

See the layout table in the README.
"""

from __future__ import annotations

import ast
import re
import tomllib
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
    "imports",
    "firms",
    "reviews",
    "questionnaires",
    "webhooks",
    "home",
    "api",
    "calendars",
]
EVERY_ROOM_HAS = ["urls", "views", "services", "selectors", "access"]
# The top room only gathers what other rooms own: no writes and no objects of its own, so
# no services and no access module; it reads through the other rooms' access modules.
READ_ONLY_ROOMS = {"home": ["urls", "views", "selectors"]}
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
    parts = READ_ONLY_ROOMS.get(room, EVERY_ROOM_HAS)
    missing = [m for m in parts if not (APP / room / f"{m}.py").is_file()]
    assert not missing, f"assessments/{room}/ lacks {missing}"
    assert (ROOT / "templates" / room).is_dir(), f"templates/{room}/ mirrors the room"
    assert (ROOT / "tests" / room).is_dir(), f"tests/{room}/ mirrors the room"


def test_each_room_has_one_access_module():
    for room in set(ROOMS) - set(READ_ONLY_ROOMS):
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


# --- the rooms' written order (pyproject.toml, kept by import-linter in `make lint`) ---------


def _contract(contract_id: str) -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == contract_id)


def _layered_modules() -> list[list[str]]:
    """The layers, top first, each as the modules it names."""
    return [
        [m.strip().strip("()") for m in re.split(r"[|:]", layer)]
        for layer in _contract("rooms")["layers"]
    ]


def test_every_room_has_a_place_in_the_written_order():
    named = {m for layer in _layered_modules() for m in layer}
    packages = {
        f"assessments.{p.name}"
        for p in APP.iterdir()
        if p.is_dir() and (p / "__init__.py").is_file() and p.name != "migrations"
    }
    modules = {f"assessments.{p.stem}" for p in APP.glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= named, "a room or module of assessments/ has no layer"
    assert {f"assessments.{room}" for room in ROOMS} <= named


def test_every_project_module_has_a_place_in_the_written_order():
    named = {m for layer in _layered_modules() for m in layer}
    project = {f"pmmaturity.{p.stem}" for p in (ROOT / "pmmaturity").glob("*.py")}
    assert project - {"pmmaturity.__init__"} <= named


def test_the_readme_shows_the_rooms_in_their_written_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rooms = [
        " | ".join(
            f"`{m.removeprefix('assessments.')}`"
            for m in layer
            if m.removeprefix("assessments.") in ROOMS
        )
        for layer in _layered_modules()
    ]
    written = "Rooms, top first: " + " → ".join(r for r in rooms if r) + "."
    assert written in readme.replace("\n", " ")


PICKLE_USE = re.compile(r"^\s*(import|from)\s+(c?pickle|shelve|marshal|dill)\b", re.MULTILINE)


def test_no_module_of_the_app_imports_pickle():
    """Nothing the app stores or receives is ever run as code: stored results are JSON."""
    app = [p for p in python_modules() if p.relative_to(ROOT).parts[0] != "tests"]
    offenders = [str(p) for p in app if PICKLE_USE.search(p.read_text())]
    assert len(app) > 100  # the app's own modules were read, not an empty list

    assert offenders == []


def test_the_pickle_check_catches_an_import():
    assert PICKLE_USE.search("import json\nimport pickle\n")
    assert PICKLE_USE.search("    from pickle import loads\n")
    assert not PICKLE_USE.search("# we used to pickle results\n")
