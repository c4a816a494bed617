"""The words for a level, and for no level, are defined once in frameworks/levels.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.template import Context, Template

from frameworks.levels import NOT_ENOUGH_EVIDENCE

ROOT = Path(__file__).resolve().parents[2]


def test_pages_say_not_enough_evidence_in_the_words_defined_once():
    page = Template(
        "{% load levels %}<b>{% not_enough_evidence %}</b> "
        "{% not_enough_evidence as undecided %}{{ undecided|lower }} for a level"
    ).render(Context())
    assert page == f"<b>{NOT_ENOUGH_EVIDENCE}</b> {NOT_ENOUGH_EVIDENCE.lower()} for a level"


def _written(path: Path) -> str:
    """What a page shows, or the strings a module holds (its docstrings explain, not show)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return text
    tree = ast.parse(text)
    prose = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    return "\n".join(
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in prose
    )


def test_no_page_or_module_writes_the_words_itself():
    words = re.compile(r"not\s+enough\s+evidence", re.IGNORECASE)
    found = [
        str(path.relative_to(ROOT))
        for folder in ("assessments", "frameworks", "pmmaturity", "templates")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".html", ".txt"}
        and "migrations" not in path.parts
        and words.search(_written(path))
    ]
    assert found == ["frameworks/levels.py"]
