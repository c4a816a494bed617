"""Our template of principles: written by us, linked to statements that really exist."""

from __future__ import annotations

from pathlib import Path

import yaml

from assessments.charters.rules import ABSENT
from assessments.charters.template import charter_template

CONTENT = Path(__file__).resolve().parents[2] / "frameworks" / "content"


def _statements(label: str) -> dict[str, bool]:
    """Statement key → is it a warning sign, in one shipped content file."""
    data = yaml.safe_load((CONTENT / f"pm-maturity-{label}.yaml").read_text(encoding="utf-8"))
    return {
        s["key"]: bool(s.get("reverse", False))
        for enabler in data["enablers"]
        for s in enabler["statements"]
    }


def _newest() -> str:
    def number(path: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in path.stem.removeprefix("pm-maturity-").split("."))

    return max(CONTENT.glob("pm-maturity-*.yaml"), key=number).stem.removeprefix("pm-maturity-")


def test_the_template_has_seven_to_nine_principles_with_stable_keys_and_plain_words():
    template = charter_template()
    keys = [p.key for p in template.principles]
    assert 7 <= len(keys) <= 9
    assert len(set(keys)) == len(keys)
    for p in template.principles:
        assert 0 < len(p.title) <= 160
        assert 0 < len(p.text) <= 600
        assert p.text.count(".") <= 2, f"{p.key}: one or two sentences"


def test_every_linked_statement_exists_in_the_newest_content_the_right_way_round():
    newest = _statements(_newest())
    for p in charter_template().principles:
        assert p.links, p.key
        for link in p.links:
            assert link.statement in newest, f"{p.key}: {link.statement}"
            assert (link.expect == ABSENT) == newest[link.statement], f"{p.key}: {link.statement}"


def test_linked_statements_also_exist_in_the_older_content_so_older_rounds_are_checked():
    older = _statements("1.0.1")
    for p in charter_template().principles:
        for link in p.links:
            assert older.get(link.statement) == (link.expect == ABSENT), link.statement
