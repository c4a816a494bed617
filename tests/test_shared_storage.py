"""Files in a private S3-compatible bucket (STORAGE_URL), shared by every machine.

Against a real S3 server on loopback (moto's, in a process of its own, one for the module):
the app's own client talks HTTP to it, nothing is mocked. Evidence, logos and exports go in
through the real views and the worker, come out only through the views that check who asks,
and the bucket never hands an object to an unsigned request.
"""

from __future__ import annotations

import importlib.util
import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.exports.models import ExportJob
from assessments.firms.models import Firm
from assessments.firms.selectors import logo_data_uri
from assessments.organisations.models import Team
from assessments.reviews.models import Evidence
from assessments.rounds.models import Assessment
from pmmaturity.env import storage_from_url
from pmmaturity.models import WorkerHeartbeat
from tests.background import run_tasks
from tests.conftest import IN_CI
from tests.factories import answer_all
from tests.firms.images import png_bytes
from tests.reviews.world import PDF_BYTES

BUCKET = "pm-files"
PREFIX = "app"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """``python -m moto.server`` on a free loopback port, with the bucket made, for the module."""
    if importlib.util.find_spec("moto") is None:
        message = "moto is not installed: pip install -e '.[dev]'"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto's S3 server did not start on port {port}")
                time.sleep(0.1)
        with pytest.MonkeyPatch.context() as env:
            # Keys as a deployment gives them: in the environment, read by boto3 itself.
            env.setenv("AWS_ACCESS_KEY_ID", "pmmaturity-test")
            env.setenv("AWS_SECRET_ACCESS_KEY", "pmmaturity-test-secret")
            bucket_client(endpoint).create_bucket(Bucket=BUCKET)
            yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def bucket_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def storage_url(endpoint: str, bucket: str = BUCKET) -> str:
    return f"s3://{bucket}/{PREFIX}?endpoint_url={endpoint}&region=us-east-1&addressing_style=path"


@pytest.fixture
def in_bucket(settings, s3_endpoint):
    """The app's files in the bucket, configured as STORAGE_URL configures them."""
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(storage_url(s3_endpoint))}
    return bucket_client(s3_endpoint)


def stored(client, name: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=f"{PREFIX}/{name}")["Body"].read()


def unsigned_get(endpoint: str, name: str) -> int:
    try:
        with urllib.request.urlopen(f"{endpoint}/{BUCKET}/{PREFIX}/{name}", timeout=5) as answer:  # noqa: S310 - a loopback http:// address of our own
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_evidence_is_uploaded_to_the_bucket_and_downloaded_only_by_who_may_see_the_review(
    client, world, in_bucket, s3_endpoint
):
    # Over Django's in-memory limit: the upload arrives in a temporary file and goes on to
    # the bucket in parts, never read whole; read back, it spills to disk the same way.
    content = PDF_BYTES + b"%" * (3 * 2**20)
    client.force_login(world["users"]["consultant"])
    review = f"/o/{world['org']}/reviews/{world['review']}/"
    upload = io.BytesIO(content)
    upload.name = "interviews.pdf"
    response = client.post(
        f"{review}evidence/new/",
        {"kind": "document", "enabler": world["enabler_key"], "title": "Big", "document": upload},
    )
    assert response.status_code == 302, response.content[:500]
    evidence = Evidence.objects.get(title="Big")
    assert stored(in_bucket, evidence.document.name) == content

    url = f"{review}evidence/{evidence.pk}/file"
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    for other in (world["users"]["rival"], world["users"]["outsider"]):
        client.force_login(other)
        assert client.get(url).status_code == 404
    # The bucket gives nothing to a request without a signature; an address the app signs
    # (it sends none to a page) would be good for a minute only.
    assert unsigned_get(s3_endpoint, evidence.document.name) == 403
    assert "X-Amz-Expires=60" in evidence.document.storage.url(evidence.document.name)


def test_a_logo_in_the_bucket_shows_in_pages_and_prints_in_pdfs(client, world, in_bucket):
    client.force_login(world["users"]["consultant"])
    logo = io.BytesIO(png_bytes(4, 4))
    logo.name = "logo.png"
    response = client.post(reverse("orgs:firm_edit"), {"name": "Laine Partners", "logo": logo})
    assert response.status_code == 302
    firm = Firm.objects.get(slug=world["firm"])
    assert stored(in_bucket, firm.logo.name) == png_bytes(4, 4)
    shown = client.get(reverse("orgs:firm_logo", args=[firm.slug]))
    assert shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == png_bytes(4, 4)
    assert logo_data_uri(firm).startswith("data:image/png;base64,")  # what a PDF carries
    client.force_login(world["users"]["rival"])
    assert client.get(reverse("orgs:firm_logo", args=[firm.slug])).status_code == 404


def test_an_export_made_by_the_worker_lands_in_the_bucket_and_downloads(
    client, world, settings, in_bucket, s3_endpoint
):
    assessment = Assessment.objects.get(pk=world["assessment"])
    answer_all(assessment, Team.objects.get(pk=world["team"]), 3)
    settings.EXPORT_INLINE_MAX_RESPONSES = 2  # raw answers made in the background
    client.force_login(world["users"]["owner"])
    ask = reverse(
        "orgs:report_team_export", args=[world["org"], world["assessment"], world["team"], "csv"]
    )
    client.post(f"{ask}?what=answers")
    assert run_tasks() == 1
    job = ExportJob.objects.get(kind=ExportJob.Kind.REPORT_ANSWERS)
    assert job.status == ExportJob.Status.READY, job.problem
    made = stored(in_bucket, job.file.name)
    assert len(made.splitlines()) > 3
    download = client.get(reverse("orgs:export_download", args=[job.organisation.slug, job.pk]))
    assert b"".join(download.streaming_content) == made
    assert unsigned_get(s3_endpoint, job.file.name) == 403


def test_health_reports_the_bucket_unreachable_or_refusing(client, db, settings, s3_endpoint):
    now = timezone.now() - timedelta(seconds=1)
    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1, started_at=now, beat_at=now)
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(storage_url(s3_endpoint))}
    healthy = client.get("/healthz/")
    assert (healthy.status_code, healthy.json()["storage"]) == (200, "ok")

    nobody_listens = f"http://127.0.0.1:{free_port()}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_from_url(storage_url(nobody_listens)),
    }
    down = client.get("/healthz/")
    assert down.status_code == 503
    assert down.json()["storage"] == "unreachable"
    assert down.json()["reason"] == "file storage unreachable"

    missing = storage_from_url(storage_url(s3_endpoint, bucket="pm-no-such-bucket"))
    settings.STORAGES = {**settings.STORAGES, "default": missing}
    refused = client.get("/healthz/")
    assert refused.status_code == 503
    assert refused.json()["reason"] == "file storage refused: its bucket answered 404"
