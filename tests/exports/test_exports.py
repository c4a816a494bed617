"""Exports made in the background: asked for, queued with their task, made by a worker, downloaded.

Each test runs the worker in-process (tests.background.run_tasks) and checks the database:
the job, its task row, the render slots and the file.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from assessments.exports import making, scheduled
from assessments.exports.models import ExportJob, RenderSlot
from assessments.organisations.models import Membership
from assessments.reports import exporters as report_exporters
from tests.background import run_tasks
from tests.factories import MembershipFactory, answer_all


def pdf_url(assessment, team, fmt="pdf"):
    return reverse(
        "orgs:report_team_export", args=[assessment.organisation.slug, assessment.pk, team.pk, fmt]
    )


def job_url(job, name="orgs:export"):
    return reverse(name, args=[job.organisation.slug, job.pk])


@pytest.fixture
def answered(assessment, team):
    answer_all(assessment, team, 3)
    return assessment


def test_a_pdf_is_asked_for_queued_made_by_a_worker_and_downloaded(client, owner, answered, team):
    client.force_login(owner)
    ask = client.get(pdf_url(answered, team))
    assert ask.status_code == 200
    assert b"Make the file" in ask.content
    assert ExportJob.objects.count() == 0, "a link alone never starts work"

    response = client.post(pdf_url(answered, team))
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert job.status == ExportJob.Status.QUEUED
    assert job.requested_by == owner
    assert (job.kind, job.scope_kind, job.scope_pk) == ("report-pdf", "team", team.pk)
    assert DBTaskResult.objects.filter(queue_name="exports", status="READY").count() == 1

    page = client.get(job_url(job)).content.decode()
    assert "Waiting" in page
    assert "yours is next" in page
    assert client.get(job_url(job, "orgs:export_status")).json()["status"] == "queued"
    assert client.get(job_url(job, "orgs:export_download")).status_code == 404

    assert run_tasks() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.started_at <= job.finished_at
    state = client.get(job_url(job, "orgs:export_status")).json()
    assert state["finished"] is True
    assert state["download"] == job_url(job, "orgs:export_download")
    download = client.get(state["download"])
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith('.pdf"')
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF-")
    assert len(data) > 20_000  # text plus drawn charts, not an empty page
    assert RenderSlot.objects.filter(job__isnull=False).count() == 0, "the slot is given back"
    listing = client.get(reverse("orgs:exports", args=[answered.organisation.slug]))
    assert job.title in listing.content.decode()


def test_asking_twice_while_the_first_is_unfinished_makes_one_file(client, owner, answered, team):
    client.force_login(owner)
    first = client.post(pdf_url(answered, team))
    second = client.post(pdf_url(answered, team))
    assert first["Location"] == second["Location"]
    assert ExportJob.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="make_export").count() == 1


def test_only_the_person_who_asked_can_see_or_download_an_export(
    client, owner, answered, team, outsider
):
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    job = ExportJob.objects.get()
    colleague = MembershipFactory(
        organisation=answered.organisation, role=Membership.Role.ADMIN
    ).user
    for other in (colleague, outsider):
        client.force_login(other)
        for name in ("orgs:export", "orgs:export_status", "orgs:export_download"):
            assert client.get(job_url(job, name)).status_code == 404
        assert client.post(job_url(job, "orgs:export_retry")).status_code == 404
    assert ExportJob.objects.count() == 1


def test_one_person_has_a_limit_on_unfinished_and_recent_exports(
    client, owner, answered, team, settings
):
    settings.EXPORT_USER_UNFINISHED = 1
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    refused = client.post(pdf_url(answered, team, "xlsx"))  # small: would be immediate as GET
    assert ExportJob.objects.count() == 1
    # An XLSX of a small scope is not a background job at all: POST is not how it is asked.
    assert refused.status_code == 405
    settings.EXPORT_INLINE_MAX_RESPONSES = 1
    refused = client.post(pdf_url(answered, team, "xlsx"))
    assert refused.status_code == 429
    assert "exports being made" in refused.content.decode()
    assert ExportJob.objects.count() == 1

    settings.EXPORT_USER_UNFINISHED = 10
    settings.EXPORT_USER_LIMIT = 2
    run_tasks()
    assert client.post(pdf_url(answered, team, "xlsx")).status_code == 302
    run_tasks()
    refused = client.post(pdf_url(answered, team))
    assert refused.status_code == 429
    assert "in the last ten minutes" in refused.content.decode()
    assert ExportJob.objects.count() == 2


def test_a_full_queue_refuses_new_exports_for_everyone(client, owner, answered, team, settings):
    settings.EXPORT_QUEUE_MAX = 1
    colleague = MembershipFactory(
        organisation=answered.organisation, role=Membership.Role.ADMIN
    ).user
    client.force_login(colleague)
    client.post(pdf_url(answered, team))
    client.force_login(owner)
    refused = client.post(pdf_url(answered, team))
    assert refused.status_code == 503
    assert "busy" in refused.content.decode()
    assert ExportJob.objects.count() == 1


def test_render_slots_cap_how_many_render_at_once_across_workers(owner, answered, settings):
    settings.EXPORT_CONCURRENCY = 2
    jobs = [
        ExportJob.objects.create(
            organisation=answered.organisation,
            assessment=answered,
            requested_by=owner,
            kind="report-pdf",
            scope_kind="round",
            title=f"job {n}",
        )
        for n in range(3)
    ]
    assert making.take_slot(jobs[0]) is True
    assert making.take_slot(jobs[1]) is True
    assert making.take_slot(jobs[2]) is False, "both slots are held"
    making.release_slot(jobs[0])
    assert making.take_slot(jobs[2]) is True
    # A worker killed mid-render leaves its slot: once its lease runs out it is taken over.
    RenderSlot.objects.filter(job=jobs[1]).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert making.take_slot(jobs[0]) is True
    assert set(RenderSlot.objects.values_list("job_id", flat=True)) == {jobs[0].pk, jobs[2].pk}


def test_while_every_slot_is_busy_the_task_waits_and_tries_again(client, owner, answered, team):
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    job = ExportJob.objects.get()
    other = ExportJob.objects.create(
        organisation=answered.organisation,
        assessment=answered,
        requested_by=owner,
        kind="report-pdf",
        scope_kind="round",
        title="someone else's",
    )
    assert making.take_slot(other)
    run_tasks()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    again = DBTaskResult.objects.filter(status="READY").get()
    assert again.run_after > timezone.now(), "put back with a short delay"
    making.release_slot(other)
    DBTaskResult.objects.filter(pk=again.pk).update(run_after=timezone.now())
    run_tasks()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY


def test_without_chromium_the_export_fails_with_what_to_do_and_can_be_tried_again(
    client, owner, answered, team, settings
):
    settings.PDF_CHROMIUM = "/nonexistent/chromium"
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    run_tasks()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert "PDF export is not set up on this server" in job.problem
    page = client.get(job_url(job)).content.decode()
    assert "Save as PDF" in page
    assert "Try again" in page
    again = client.post(job_url(job, "orgs:export_retry"))
    assert again.status_code == 302
    assert ExportJob.objects.count() == 2
    assert ExportJob.objects.filter(status="queued", kind="report-pdf").count() == 1


def test_what_the_person_may_see_is_checked_again_when_the_file_is_made(
    client, owner, answered, team
):
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    Membership.objects.filter(user=owner).delete()
    run_tasks()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert "no longer see" in job.problem
    assert not job.file


def test_large_scopes_make_spreadsheets_and_raw_answers_in_the_background(
    client, owner, answered, team, settings
):
    client.force_login(owner)
    small = client.get(pdf_url(answered, team, "xlsx"))
    assert small["Content-Type"].startswith("application/vnd.openxmlformats")
    settings.EXPORT_INLINE_MAX_RESPONSES = 2
    ask = client.get(pdf_url(answered, team, "xlsx"))
    assert b"Make the file" in ask.content
    client.post(pdf_url(answered, team, "xlsx"))
    client.post(pdf_url(answered, team, "csv") + "?what=answers")
    run_tasks()
    xlsx, answers = ExportJob.objects.order_by("pk")
    assert (xlsx.kind, answers.kind) == ("report-xlsx", "report-answers")
    assert xlsx.status == answers.status == ExportJob.Status.READY
    book = load_workbook(io.BytesIO(xlsx.file.read()))
    assert book.sheetnames == ["Scores", "Answers", "Comments", "Questions"]
    text = answers.file.open("rb").read().decode()
    assert text.startswith("respondent") or "statement" in text.splitlines()[0]
    assert len(text.splitlines()) > 3
    # The scores CSV is always small: it comes at once.
    scores = client.get(pdf_url(answered, team, "csv"))
    assert scores["Content-Type"].startswith("text/csv")


def test_old_files_are_deleted(client, owner, answered, team, settings):
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    run_tasks()
    done = ExportJob.objects.get()
    path = done.file.path
    ExportJob.objects.filter(pk=done.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert scheduled.prune_exports() == "1 old export deleted"  # hourly, by one worker
    assert not ExportJob.objects.filter(pk=done.pk).exists()
    from pathlib import Path

    assert not Path(path).exists()


def test_the_list_of_exports_costs_the_same_queries_for_one_or_twenty(
    client, owner, answered, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            ExportJob.objects.create(
                organisation=answered.organisation,
                assessment=answered,
                requested_by=owner,
                kind="report-pdf",
                scope_kind="round",
                title=f"job {i}",
                status=ExportJob.Status.READY if i % 2 else ExportJob.Status.QUEUED,
            )

    client.force_login(owner)
    path = reverse("orgs:exports", args=[answered.organisation.slug])
    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(path)
    add(19)
    with django_assert_max_num_queries(len(one)):
        page = client.get(path)
    assert page.content.decode().count("Download</a>") == 9  # the ready ones: odd of 0..18


def test_the_worker_rests_in_proportion_after_each_export(
    client, owner, answered, team, settings, monkeypatch
):
    from assessments.exports import tasks

    rests: list[float] = []
    monkeypatch.setattr(tasks.time, "sleep", rests.append)
    settings.EXPORT_RENDER_REST = 2
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    run_tasks()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY
    [rest] = rests
    assert job.finished_at is not None
    assert job.started_at is not None
    worked = (job.finished_at - job.started_at).total_seconds()
    assert 2 * worked <= rest <= 2 * worked + 1  # twice the time it worked (timed a little wider)


def _rows_without_who(text):
    """The CSV's rows less the pseudonym, which is shuffled anew for every file."""
    import csv

    header, *rows = csv.reader(io.StringIO(text))
    return header, sorted(row[1:] for row in rows)


def test_background_files_hold_what_the_downloads_hold(client, owner, answered, team, settings):
    client.force_login(owner)
    inline_csv = client.get(pdf_url(answered, team, "csv"), {"what": "answers"}).getvalue()
    settings.EXPORT_INLINE_MAX_RESPONSES = 2
    client.post(pdf_url(answered, team, "csv") + "?what=answers")
    client.post(pdf_url(answered, team, "xlsx"))
    run_tasks()
    answers, xlsx = ExportJob.objects.order_by("pk")
    assert answers.status == xlsx.status == ExportJob.Status.READY
    assert answers.filename.endswith("-answers.csv")
    assert answers.content_type == "text/csv; charset=utf-8"
    with answers.file.open("rb") as made:
        made_csv = made.read().decode()
    assert _rows_without_who(made_csv) == _rows_without_who(inline_csv.decode())
    with xlsx.file.open("rb") as made:
        book = load_workbook(io.BytesIO(made.read()), read_only=True)
    assert book.sheetnames == ["Scores", "Answers", "Comments", "Questions"]
    people = {line.split(",")[0] for line in made_csv.splitlines()[1:]}
    assert len(list(book["Answers"].values)) == len(people) + 1  # one row per person
    download = client.get(job_url(xlsx, "orgs:export_download"))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content).startswith(b"PK")  # a zip, as every xlsx


def test_the_raw_answers_job_builds_no_report(client, owner, answered, team, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the raw answers need no report")

    monkeypatch.setattr(report_exporters, "build_report", refuse)
    settings.EXPORT_INLINE_MAX_RESPONSES = 2
    client.force_login(owner)
    client.post(pdf_url(answered, team, "csv") + "?what=answers")
    run_tasks()
    assert ExportJob.objects.get().status == ExportJob.Status.READY


def test_a_file_that_fails_while_it_is_written_is_reported_and_not_kept(
    client, owner, answered, team, settings, monkeypatch
):
    from assessments.reports import services as report_files

    def breaks_halfway(assessment, scope):
        def chunks():
            yield b"respondent,team\n"
            raise RuntimeError("the database went away")

        return report_files.StreamedFile("half.csv", "text/csv", chunks())

    monkeypatch.setattr(report_files, "answers_csv", breaks_halfway)
    settings.EXPORT_INLINE_MAX_RESPONSES = 2
    client.force_login(owner)
    client.post(pdf_url(answered, team, "csv") + "?what=answers")
    run_tasks()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert "Something went wrong" in job.problem
    assert not job.file
