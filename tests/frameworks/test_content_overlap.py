"""`manage.py content_overlap`: runs of words a content file shares with reference texts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

CONTENT = """\
enablers:
  - key: purpose
    statements:
      - key: s-one
        text: We keep our own words here.
        help: Agree if The Roadmap Is Reshuffled, whenever a big customer asks nicely.
"""
REFERENCE = "In many firms the roadmap is reshuffled whenever a big customer asks for it."


def _check(tmp_path, out: StringIO, *extra: str) -> None:
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "source.txt").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(CONTENT, encoding="utf-8")
    reference, content = str(tmp_path / "ref"), str(tmp_path / "c.yaml")
    call_command("content_overlap", reference, "--content", content, *extra, stdout=out)


def test_a_shared_run_is_reported_where_it_is_ignoring_case_and_punctuation(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 run\(s\) of 6 or more words") as failed:
        _check(tmp_path, out)
    assert failed.value.returncode == 1  # the exit status of manage.py
    assert out.getvalue() == (
        'c.yaml: enablers[purpose].statements[s-one].help: "the roadmap is reshuffled '
        'whenever a big customer asks" (also in source.txt)\n'
    )


def test_nothing_is_reported_below_the_length_asked_for(tmp_path):
    out = StringIO()
    _check(tmp_path, out, "--words", "10")  # the shared run is nine words long
    assert out.getvalue().startswith("No run of 10 or more words in c.yaml is shared")


def test_a_missing_reference_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a directory of reference texts"):
        call_command("content_overlap", str(tmp_path / "nowhere"), stdout=StringIO())
