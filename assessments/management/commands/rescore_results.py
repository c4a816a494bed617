"""Score rounds afresh with the current method, on purpose.

A closed round keeps the results the scoring method of its day made (``reports.store``):
a new method never rewrites a report that people have read and handed on. When an
organisation wants its history on the new method (to compare like with like), this says so
round by round, then scores them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.reports import scoring, store
from assessments.reports.models import StoredResult
from assessments.rounds.models import Assessment


class Command(BaseCommand):
    help = "Score rounds afresh with the current scoring method (closed rounds keep theirs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="Only this organisation's rounds (its slug).")
        parser.add_argument("--round", type=int, help="Only this round (its id).")
        parser.add_argument(
            "--all", action="store_true", help="Every round, not only those on an older method."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rounds = Assessment.objects.select_related("organisation").order_by("pk")
        if options["round"] is not None:
            rounds = rounds.filter(pk=options["round"])
            if not rounds.exists():
                raise CommandError(f"No round with id {options['round']}.")
        if options["organisation"]:
            rounds = rounds.filter(organisation__slug=options["organisation"])
        done = 0
        for assessment in rounds:
            made_with = set(
                StoredResult.objects.filter(assessment=assessment).values_list("method", flat=True)
            )
            older = sorted({store.method_version(m) for m in made_with if m != store.METHOD})
            if not older and not options["all"]:
                continue
            store.refresh(assessment)
            done += 1
            was = f" (was method {', '.join(older)})" if older else ""
            self.stdout.write(
                f"{assessment.organisation.slug}: {assessment.name}: {scoring.METHOD_LABEL}{was}"
            )
        self.stdout.write(f"{done} round{'s' if done != 1 else ''} scored afresh.")
