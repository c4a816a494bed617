"""Reports is a lower room than comparisons: it never imports it (the noise rule lives here)."""

from __future__ import annotations

import ast
from pathlib import Path

from assessments.comparisons import scoring as comparisons_scoring
from assessments.reports.scoring import noise

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return found


def test_no_module_under_reports_imports_comparisons():
    reaching = {
        str(path.relative_to(ROOT)): name
        for path in (ROOT / "assessments" / "reports").rglob("*.py")
        for name in _imports(path)
        if name == "assessments.comparisons" or name.startswith("assessments.comparisons.")
    }
    assert reaching == {}


def test_comparisons_judge_noise_by_the_numbers_reports_own():
    assert comparisons_scoring.FAMILY_ERROR is noise.FAMILY_ERROR
    assert comparisons_scoring.MIN_MARGIN is noise.MIN_MARGIN
    assert (noise.FAMILY_ERROR, noise.MIN_MARGIN) == (0.05, 5.0)
