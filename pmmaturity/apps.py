from __future__ import annotations

from django.apps import AppConfig


class PmmaturityConfig(AppConfig):
    name = "pmmaturity"

    def ready(self) -> None:
        from pmmaturity import checks  # noqa: F401 - registers the production checks
