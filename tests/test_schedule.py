"""Scheduled jobs: one runner at a time claims a due job, a dead runner's claim runs out, and
each run is recorded for the admin and `manage.py schedule`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from pmmaturity import schedule
from pmmaturity.management.commands import worker as worker_command
from pmmaturity.models import ScheduledJob
from pmmaturity.workers import ScheduleLoop

EVERY = timedelta(minutes=5)
LEASE = timedelta(minutes=2)


@pytest.fixture
def jobs(monkeypatch):
    """A registry of this test's own jobs only; what each run did, in order."""
    monkeypatch.setattr(schedule, "_JOBS", {})
    done: list[str] = []

    def tidy() -> str:
        done.append("tidy")
        return "3 tidied"

    def broken() -> None:
        done.append("broken")
        raise ValueError("the disk is full")

    schedule.add(schedule.Job("tidy", tidy, EVERY, LEASE))
    schedule.add(schedule.Job("broken", broken, EVERY, LEASE))
    return done


def tidy_job() -> schedule.Job:
    return schedule.jobs()[1]


def row(name: str = "tidy") -> ScheduledJob:
    return ScheduledJob.objects.get(name=name)


def test_of_two_runners_that_look_at_the_same_moment_only_one_claims_the_job(db, jobs):
    now = timezone.now()
    job = tidy_job()
    # Both read the row before either writes, as two workers on two machines would.
    seen_by_a = schedule.rows([job.name], now)[job.name]
    seen_by_b = schedule.rows([job.name], now)[job.name]
    first = schedule.take(job, seen_by_a, runner="a:1", now=now)
    second = schedule.take(job, seen_by_b, runner="b:2", now=now)
    assert first is not None
    assert second is None
    assert schedule.claim(job, runner="b:2", now=now + timedelta(seconds=1)) is None, "held"
    held = row()
    assert (held.claimed_by, held.last_outcome) == ("a:1", ScheduledJob.Outcome.RUNNING)


def test_a_runner_that_dies_mid_run_lets_its_claim_run_out_and_another_runs_the_same_slot(db, jobs):
    start = timezone.now()
    job = tidy_job()
    dead = schedule.claim(job, runner="a:1", now=start)
    assert dead is not None
    almost = start + LEASE - timedelta(seconds=1)
    assert schedule.claim(job, runner="b:2", now=almost) is None, "the claim still holds"
    later = start + LEASE + timedelta(seconds=1)
    taken = schedule.claim(job, runner="b:2", now=later)
    assert taken is not None
    assert taken.slot == dead.slot, "the same slot, run again"
    assert row().failures == 1, "the abandoned run counts as failed"
    # The first runner was only slow, not dead: its late finish changes nothing.
    assert not schedule.renew(dead)
    assert not schedule.finish(dead, ok=True, now=later)
    assert row().claimed_by == "b:2"
    assert schedule.finish(taken, ok=True, message="done", now=later + timedelta(seconds=2))
    finished = row()
    assert (finished.claimed_by, finished.claimed_until, finished.runs) == ("", None, 1)
    assert finished.next_run_at == dead.slot + EVERY


def test_a_renewed_claim_outlives_its_first_lease(db, jobs):
    start = timezone.now()
    job = tidy_job()
    held = schedule.claim(job, runner="a:1", now=start)
    assert schedule.renew(held, now=start + LEASE - timedelta(seconds=1))
    assert schedule.claim(job, runner="b:2", now=start + LEASE + timedelta(seconds=1)) is None


def test_a_due_job_runs_once_and_its_run_is_recorded_with_the_next_slot(db, jobs):
    first_look = timezone.now()
    assert schedule.run_due(runner="a:1", now=first_look) == {"tidy": True, "broken": False}
    tidied = row()
    assert tidied.last_outcome == ScheduledJob.Outcome.OK
    assert tidied.last_message == "3 tidied"
    assert tidied.last_duration is not None
    assert tidied.last_started_at == first_look
    assert (tidied.runs, tidied.failures, tidied.claim_token) == (1, 0, "")
    assert tidied.next_run_at == first_look + EVERY
    # Another worker looking a moment later finds nothing due.
    assert schedule.run_due(runner="b:2", now=first_look + timedelta(seconds=1)) == {}
    assert jobs == ["broken", "tidy"]


def test_a_failing_job_records_its_error_and_still_moves_to_its_next_slot(db, jobs):
    now = timezone.now()
    schedule.run_due(runner="a:1", now=now)
    broken = row("broken")
    assert broken.last_outcome == ScheduledJob.Outcome.FAILED
    assert broken.last_message == "ValueError: the disk is full"
    assert (broken.runs, broken.failures, broken.claimed_until) == (1, 1, None)
    assert broken.next_run_at == now + EVERY


def test_slots_that_passed_while_no_worker_ran_make_one_run_and_are_counted(db, jobs):
    start = timezone.now()
    schedule.run_due(runner="a:1", now=start)
    jobs.clear()
    back = start + EVERY * 4 + timedelta(seconds=30)  # workers were away for four slots
    schedule.run_due(runner="a:1", now=back)
    assert jobs == ["broken", "tidy"], "one run each, not four"
    tidied = row()
    assert tidied.missed_slots == 3
    assert tidied.next_run_at == start + EVERY * 5, "on the same beat"


def test_the_next_slot_keeps_the_beat():
    slot = timezone.now()
    assert schedule.next_slot(slot, EVERY, slot + timedelta(seconds=1)) == (slot + EVERY, 0)
    assert schedule.next_slot(slot, EVERY, slot + EVERY) == (slot + 2 * EVERY, 1)
    assert schedule.next_slot(slot, EVERY, slot - timedelta(seconds=1)) == (slot, 0)


def test_a_job_is_registered_once_with_a_positive_interval(jobs):
    with pytest.raises(ValueError, match="Two scheduled jobs"):
        schedule.add(schedule.Job("tidy", print, EVERY))
    with pytest.raises(ValueError, match="positive"):
        schedule.add(schedule.Job("never", print, timedelta(0)))


def test_the_rooms_jobs_are_registered():
    names = {job.name for job in schedule.jobs()}
    assert {"prune-exports", "refresh-forgotten-results", "round-reminders"} <= names


def test_the_command_lists_each_job_and_runs_one_now_unless_a_worker_has_it(db, jobs, capsys):
    call_command("schedule", "--list")
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "broken (every 5 min): not run yet; due now; 0 runs, 0 failed, 0 slots missed",
        "tidy (every 5 min): not run yet; due now; 0 runs, 0 failed, 0 slots missed",
    ]
    call_command("schedule", "--run", "tidy")
    assert capsys.readouterr().out.startswith("tidy ran in 0.0 s: 3 tidied")
    call_command("schedule")
    tidy_line = capsys.readouterr().out.splitlines()[1]
    assert tidy_line.startswith("tidy (every 5 min): last run ")
    assert "succeeded in 0.0 s (3 tidied); next " in tidy_line
    assert tidy_line.endswith("1 run, 0 failed, 0 slots missed")
    schedule.claim(tidy_job(), runner="worker:9", force=True)
    with pytest.raises(CommandError, match="tidy is running now"):
        call_command("schedule", "--run", "tidy")
    with pytest.raises(CommandError, match="the disk is full"):
        call_command("schedule", "--run", "broken")
    with pytest.raises(CommandError, match="No scheduled job is called 'nope'"):
        call_command("schedule", "--run", "nope")
    ScheduledJob.objects.create(name="retired", every=EVERY, next_run_at=timezone.now())
    call_command("schedule", "--list")
    assert capsys.readouterr().out.splitlines()[-1] == (
        "retired: no longer in the code's schedule (last run kept)"
    )


def test_a_worker_runs_the_scheduler_unless_told_not_to():
    options = {
        "queue_names": ["*"],
        "interval": 1,
        "batch": False,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "w",
        "excluded_queue_names": [],
    }
    assert isinstance(worker_command._steady(scheduling=True, **options).scheduler, ScheduleLoop)
    assert worker_command._steady(scheduling=False, **options).scheduler is None


def test_staff_see_each_job_and_its_last_run_in_the_admin_and_cannot_edit_it(
    client, db, jobs, django_user_model
):
    schedule.run_due(runner="a:1")
    staff = django_user_model.objects.create_user(
        "ops", "ops@example.com", "pw", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    page = client.get(reverse("admin:pmmaturity_scheduledjob_changelist"))
    assert page.status_code == 200
    assert b"tidy" in page.content
    assert b"broken" in page.content
    assert client.get(reverse("admin:pmmaturity_scheduledjob_add")).status_code == 403
    edit = reverse("admin:pmmaturity_scheduledjob_change", args=[row().pk])
    client.post(edit, {"name": "renamed"})
    assert row().name == "tidy"
