"""The exports room's scheduled job (``pmmaturity.schedule``): old files go, hourly, by one
worker, whether or not anyone asks for an export."""

from __future__ import annotations

from datetime import timedelta

from assessments.exports import making
from pmmaturity import schedule


@schedule.job("prune-exports", every=timedelta(hours=1))
def prune_exports() -> str:
    deleted = making.prune_old_exports()
    return f"{deleted} old export{'s' if deleted != 1 else ''} deleted"
