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


# The principles of the template's first version: rounds on content 1.0.1 are checked on them.
FIRST_NINE = {
    "pm-decides-roadmap",
    "strategy-first",
    "close-to-customers",
    "test-before-building",
    "one-person-answers",
    "few-clear-measures",
    "lead-not-firefight",
    "roles-written-down",
    "people-grow",
}


def _shipped() -> dict[str, dict[str, bool]]:
    return {
        path.stem.removeprefix("pm-maturity-"): _statements(path.stem.removeprefix("pm-maturity-"))
        for path in CONTENT.glob("pm-maturity-*.yaml")
    }


def test_the_template_has_seven_to_eleven_principles_with_stable_keys_and_plain_words():
    template = charter_template()
    keys = [p.key for p in template.principles]
    assert 7 <= len(keys) <= 11
    assert len(set(keys)) == len(keys)
    assert set(keys) >= FIRST_NINE  # a principle keeps its key: charters refer to it
    for p in template.principles:
        assert 0 < len(p.title) <= 160
        assert 0 < len(p.text) <= 600
        assert p.text.count(".") <= 2, f"{p.key}: one or two sentences"


def test_every_principle_links_a_statement_of_the_newest_content_the_right_way_round():
    newest = _statements(_newest())
    for p in charter_template().principles:
        linked = [link for link in p.links if link.statement in newest]
        assert linked, p.key
        for link in linked:
            assert (link.expect == ABSENT) == newest[link.statement], f"{p.key}: {link.statement}"


def test_every_link_is_a_statement_some_shipped_version_has_the_right_way_round_in_each():
    # A link to a statement a later version dropped stays, so rounds on the versions that
    # have it are checked as before.
    shipped = _shipped()
    for p in charter_template().principles:
        for link in p.links:
            found = [version for version in shipped.values() if link.statement in version]
            assert found, f"{p.key}: {link.statement}"
            for version in found:
                assert version[link.statement] == (link.expect == ABSENT), link.statement


def test_the_first_nine_principles_also_check_rounds_on_the_older_content():
    older = _statements("1.0.1")
    for p in charter_template().principles:
        if p.key in FIRST_NINE:
            assert any(link.statement in older for link in p.links), p.key
