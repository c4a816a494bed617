"""The project's own records in Django's admin: the scheduled jobs, read-only (the schedule
is code, ``pmmaturity.schedule``; its rows say how each job last ran)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pmmaturity.models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "every",
        "last_outcome",
        "last_started_at",
        "last_duration",
        "next_run_at",
        "claimed_by",
        "runs",
        "failures",
        "missed_slots",
    )
    list_filter = ("last_outcome",)
    readonly_fields = [f.name for f in ScheduledJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
