"""Pages travel compressed to browsers that accept it; downloads stay intact."""

from __future__ import annotations

import gzip

import pytest
from django.urls import reverse

from tests.factories import answer_all

pytestmark = pytest.mark.django_db


def test_pages_are_gzipped_for_a_browser_that_accepts_it(client, owner, assessment, team):
    answer_all(assessment, team, 3)
    client.force_login(owner)
    url = reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])

    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert html.startswith("<!doctype html>")
    assert "Dashboard" in html
    assert len(packed.content) < len(plain.content) / 3


def test_a_streamed_download_is_compressed_whole(client, owner, assessment, team):
    answer_all(assessment, team, 3)
    client.force_login(owner)
    url = reverse("orgs:report_export", args=[assessment.organisation.slug, assessment.pk, "csv"])

    plain = client.get(url, {"what": "answers"})
    packed = client.get(url, {"what": "answers"}, headers={"accept-encoding": "gzip"})

    assert packed.streaming
    assert packed["Content-Encoding"] == "gzip"
    unpacked = gzip.decompress(b"".join(packed.streaming_content)).decode()
    # Pseudonyms are shuffled afresh for each file: compare the rows without them.
    assert _rows(unpacked) == _rows(b"".join(plain.streaming_content).decode())
    assert len(unpacked.splitlines()) > 3


def _rows(text):
    return sorted(line.split(",", 1)[1] for line in text.splitlines())
