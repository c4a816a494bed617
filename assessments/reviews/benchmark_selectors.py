"""What the anonymised benchmark reads: a client's scores and the firm's other clients'.

Each organisation contributes its latest round's whole-round enabler scores from the results
store, compared by enabler key (keys are stable across versions and forks). The other
clients are read in a fixed number of queries whatever their number: one for the clients,
one for their latest rounds and one for the stored results. Names never leave this module:
the pure rule (``benchmark``) gets numbers, an opaque source per organisation and when it
became the firm's client (who joins the benchmark in the next batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from assessments.firms.models import FirmClient
from assessments.organisations.models import Organisation
from assessments.reports import store
from assessments.reviews.benchmark import (
    BAND,
    MIN_OTHER_ORGANISATIONS,
    Contribution,
    EnablerBenchmark,
    benchmark,
)
from assessments.rounds.models import Assessment
from frameworks.models import Enabler

NOT_CLIENT = "not-client"
OPTED_OUT = "opted-out"
NO_ROUND = "no-round"
SHOWN = "shown"


@dataclass(frozen=True)
class BenchmarkRow:
    name: str
    result: EnablerBenchmark


@dataclass(frozen=True)
class BenchmarkView:
    """The benchmark of one client, or why there is none."""

    state: str
    client: FirmClient | None = None
    assessment: Assessment | None = None  # the client's round it compares
    rows: tuple[BenchmarkRow, ...] = ()

    @property
    def shown(self) -> bool:
        return self.state == SHOWN

    @property
    def minimum(self) -> int:
        return MIN_OTHER_ORGANISATIONS

    @property
    def band(self) -> int:
        return BAND

    @property
    def any_compared(self) -> bool:
        return any(row.result.shown for row in self.rows)


def client_of(organisation: Organisation) -> FirmClient | None:
    """The organisation as a firm's client (with the firm), or None."""
    return FirmClient.objects.select_related("firm").filter(organisation=organisation).first()


def latest_rounds(
    organisation_ids: list[int], *, closed_by: datetime | None = None
) -> list[Assessment]:
    """Each organisation's latest round that has opened and asks the maturity questions, in
    one query; with ``closed_by``, its latest round that had closed by then (a delivered
    review's benchmark rests on finished rounds only, never on one that opened later)."""
    now = timezone.now()
    opened = Assessment.objects.filter(opens_at__lte=now, include_maturity=True)
    if closed_by is not None:
        opened = opened.filter(Q(closes_at__lte=closed_by) | Q(closed_early_at__lte=closed_by))
    newest = opened.filter(organisation=OuterRef("organisation")).order_by("-opens_at", "-pk")
    return list(
        opened.filter(organisation_id__in=organisation_ids).filter(
            pk=Subquery(newest.values("pk")[:1])
        )
    )


def _scores(assessment: Assessment, results: store.RoundResults) -> dict[str, float | None]:
    """The round's maturity scores (decided enablers only), if enough people answered for it
    to be shown: the number a report shows beside each level."""
    summary = results.summaries.get(store.ROUND_KEY)
    if summary is None or not assessment.shows_group(summary.respondents):
        return {}
    return {
        key: float(e.position)
        for key, e in summary.enablers.items()
        if e.decided and e.position is not None
    }


def benchmark_view(
    organisation: Organisation,
    *,
    assessment: Assessment | None = None,
    client: FirmClient | None = None,
    closed_by: datetime | None = None,
) -> BenchmarkView:
    """Where this organisation sits among the firm's other clients, per enabler.

    ``assessment``: the client's round to compare (a review's surveyed round); by default its
    latest. Other clients contribute their latest round, or with ``closed_by`` their latest
    round that had closed by then.
    """
    client = client or client_of(organisation)
    if client is None:
        return BenchmarkView(NOT_CLIENT)
    if client.benchmark_opt_out:
        return BenchmarkView(OPTED_OUT, client)
    joined = {
        org_id: (created_at, pk)
        for org_id, created_at, pk in FirmClient.objects.filter(
            firm_id=client.firm_id, benchmark_opt_out=False
        )
        .exclude(organisation_id=organisation.pk)
        .values_list("organisation_id", "created_at", "pk")
    }
    other_ids = list(joined)
    found = latest_rounds(
        other_ids if assessment is not None else [*other_ids, organisation.pk],
        closed_by=closed_by,
    )
    rounds = [r for r in found if r.organisation_id != organisation.pk]
    mine = assessment or next((r for r in found if r.organisation_id == organisation.pk), None)
    if mine is None:
        return BenchmarkView(NO_ROUND, client)
    results = store.rounds_results({r: store.Wanted() for r in [mine, *rounds]})
    others = [
        Contribution(r.organisation_id, _scores(r, results[r.pk]), joined[r.organisation_id])
        for r in rounds
    ]
    enablers = list(
        Enabler.objects.filter(version_id=mine.framework_version_id)
        .order_by("order", "pk")
        .values_list("key", "name")
    )
    compared = benchmark(
        Contribution(organisation.pk, _scores(mine, results[mine.pk])),
        others,
        [key for key, _ in enablers],
    )
    names = dict(enablers)
    rows = tuple(BenchmarkRow(names[row.key], row) for row in compared)
    return BenchmarkView(SHOWN, client, mine, rows)
