"""`python -m tests.scheduled_probe worker ...`: `manage.py worker` with one more scheduled job,
``probe``, every second, that records each run (its slot, start, end and process) in the
file SCHEDULE_PROBE_LOG names, and a claim that comes a moment after the look that found the
job due. tests/test_schedule_workers.py starts two of these."""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta
from typing import Any

import django

NAME = "probe"
EVERY = timedelta(seconds=1)
WORK_SECONDS = 0.3  # long enough that two runs at once would overlap
CLAIM_DELAY = 0.04


def probe() -> str:
    from pmmaturity.models import ScheduledJob

    started = time.time()
    # The slot this run holds: the row's next slot stays put until the run finishes.
    slot = ScheduledJob.objects.get(name=NAME).next_run_at
    time.sleep(WORK_SECONDS)
    line = f"{slot.isoformat()} {started:.6f} {time.time():.6f} {os.getpid()}\n"
    with open(os.environ["SCHEDULE_PROBE_LOG"], "a") as log:
        log.write(line)
    return "probed"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")
    django.setup()
    from django.core.management import execute_from_command_line

    from pmmaturity import schedule

    schedule.add(schedule.Job(NAME, probe, EVERY, lease=timedelta(seconds=10)))
    # A slow link between looking at the row and claiming it (a database across the network):
    # both workers, polling every 50 ms, mostly see a slot due before either claims it, so
    # only the claim's own condition keeps the second one out.
    take = schedule.take

    def slow_take(*args: Any, **kwargs: Any) -> schedule.Claim | None:
        time.sleep(CLAIM_DELAY)
        return take(*args, **kwargs)

    schedule.take = slow_take  # type: ignore[assignment]
    execute_from_command_line(["manage.py", *sys.argv[1:]])


if __name__ == "__main__":
    main()
