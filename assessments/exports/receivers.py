"""Every live background worker's heartbeat takes back the render slots and jobs of workers
that died mid-render, so a killed worker's export is made again within a minute even when no
other export is asked for."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from assessments.exports.tasks import recover_stalled
from pmmaturity.workers import worker_beat


@receiver(worker_beat, dispatch_uid="exports-recover-stalled")
def recover_on_heartbeat(**kwargs: Any) -> None:
    recover_stalled()
