"""The groups of a comparison side by side: the dials, who does what, and who disagrees.

Read from the groups' full stored results (departments, or one department's teams).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments.comparisons import scoring
from assessments.reports import store
from assessments.reports.builder import zone_words
from assessments.reports.scoring import splits as find_splits
from assessments.reports.selectors import Framework
from assessments.rounds.models import Respondent
from frameworks.models import Activity, Dial, GapAction

ROLE_LABELS = dict(Respondent.Role.choices)
GAP_LABELS = dict(GapAction.Gap.choices)
TOP_SPLITS = 3


@dataclass(frozen=True)
class Column:
    """A group compared in the dials, activities and disagreement views."""

    name: str
    people: int
    shown: bool
    url: str
    key: store.Key = ("", 0)  # the group's scope in the results store


@dataclass(frozen=True)
class DialCell:
    value: float | None
    zone: str
    words: str


@dataclass(frozen=True)
class DialRow:
    dial: Dial
    cells: tuple[DialCell | None, ...]  # None: the group is not shown


@dataclass(frozen=True)
class ActivityCell:
    share: float | None  # share of answers naming product management as the leader
    gaps: tuple[str, ...]  # in words


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    product_should_lead: bool
    cells: tuple[ActivityCell | None, ...]
    gap_count: int


@dataclass(frozen=True)
class Disagreement:
    column: Column
    gap: scoring.RoleGap | None
    gap_text: str
    split_count: int
    top_splits: tuple[str, ...]


def dials(framework: Framework, found: Sequence[store.ScopeResults | None]) -> tuple[DialRow, ...]:
    """Each dial across the groups compared (None where a group is not shown)."""
    rows = []
    for dial in framework.dials:
        cells: list[DialCell | None] = []
        for r in found:
            if r is None:
                cells.append(None)
                continue
            result = r.scores.dials.get(dial.key)
            zone = result.zone if result else "none"
            cells.append(
                DialCell(
                    result.value if result else None,
                    zone,
                    zone_words(zone, dial.red_below, dial.green_from),
                )
            )
        rows.append(DialRow(dial, tuple(cells)))
    return tuple(rows)


PRODUCT_SHOULD_LEAD = {"owns", "owns-high-level"}


def activities(
    framework: Framework, found: Sequence[store.ScopeResults | None]
) -> tuple[ActivityRow, ...]:
    """For each activity, the share naming product management as its leader, and the gaps."""
    rows = []
    kinds = framework.leader_kinds
    for activity in framework.activities:
        cells: list[ActivityCell | None] = []
        for r in found:
            result = r.scores.activities.get(activity.pk) if r is not None else None
            if result is None:
                cells.append(None)
                continue
            cells.append(
                ActivityCell(
                    scoring.product_share(result.leaders, kinds),
                    tuple(str(GAP_LABELS.get(g, g)) for g in result.gaps),
                )
            )
        rows.append(
            ActivityRow(
                activity,
                activity.ownership.key in PRODUCT_SHOULD_LEAD,
                tuple(cells),
                sum(1 for c in cells if c is not None and c.gaps),
            )
        )
    return tuple(rows)


def disagreements(
    framework: Framework,
    threshold: int,
    columns: Sequence[Column],
    found: Sequence[store.ScopeResults | None],
    role_sizes: Sequence[Mapping[str, int]] | None = None,
) -> tuple[Disagreement, ...]:
    """Per group: the widest gap between roles large enough to show, and its split statements.

    ``role_sizes`` (per group) names the roles that may be shown in it, when a disclosure
    decides more than their size alone."""
    names = {e.key: e.name for e in framework.enablers}
    texts = {s.pk: s.text for s in framework.statements}
    out = []
    for i, (column, r) in enumerate(zip(columns, found, strict=True)):
        if r is None:
            out.append(Disagreement(column, None, "", 0, ()))
            continue
        sizes = r.role_sizes if role_sizes is None else role_sizes[i]
        gap = scoring.widest_role_gap(r.roles, sizes, threshold)
        text = ""
        if gap is not None:
            text = (
                f"{names.get(gap.enabler, gap.enabler)}: "
                f"{ROLE_LABELS.get(gap.high_role, gap.high_role)} {gap.high:.0f}, "
                f"{ROLE_LABELS.get(gap.low_role, gap.low_role)} {gap.low:.0f} "
                f"({gap.gap:.0f} points apart)"
            )
        split = find_splits(framework.specs, r.scores.statements)
        count = sum(1 for s in r.scores.statements.values() if s.split)
        out.append(
            Disagreement(
                column, gap, text, count, tuple(texts[p.spec.id] for p in split[:TOP_SPLITS])
            )
        )
    return tuple(out)
