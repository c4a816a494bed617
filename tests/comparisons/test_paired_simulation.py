"""The same people answer twice, and the page follows them (pure code, seeded): with nothing
changed it still rarely calls anything real, and a real rise is found more often than when
the two rounds are treated as separate groups. The fast version of
benchmarks/noise_simulation.py's paired scenario."""

from __future__ import annotations

import math
import random

from assessments.comparisons import scoring
from assessments.reports.scoring import ResponseIn, StatementSpec
from assessments.reports.scoring.method import enabler_results, statement_results
from assessments.reports.scoring.pairs import Linked, pair_totals
from frameworks.levels import MaturityLevel

ENABLERS = ("a", "b", "c", "d", "e")
SPECS = [
    StatementSpec(i * 4 + j + 1, e, MaturityLevel(j % 3), reverse=j == 3)
    for i, e in enumerate(ENABLERS)
    for j in range(4)
]
CARRY = 0.6  # how far a person's own view carries from one round to the next
PERSON_SD = 12.0


def _answers(rng, views, ids, offsets, lift):
    """Each person present (six in seven) rates every statement on the five-point scale."""
    out = []
    for pk, view in zip(ids, views, strict=True):
        if rng.random() < 1 / 7:
            continue
        values: dict[int, float | None] = {}
        for s in SPECS:
            raw = view[s.enabler] + lift + offsets[s.id] + rng.gauss(0, 15)
            step = 25.0 * min(4, max(0, round(raw / 25)))
            values[s.id] = 100 - step if s.reverse else step
        out.append(ResponseIn(pk, "engineer", values))
    return out


def _page(rng, *, last_size=None, shift=0.0):
    """Eight teams answer twice, their people's own views carried ``CARRY``; ``shift`` lifts
    the last team. Returns the last team's five enabler changes, judged with the whole page
    (the round's and every team's enablers, the round's statements), paired and unpaired."""
    offsets = {s.id: rng.gauss(0, 10) for s in SPECS}
    rounds: list[list[list[ResponseIn]]] = [[], []]
    people = []
    for t in range(8):
        size = last_size if t == 7 and last_size else rng.randint(3, 12)
        centre = {e: rng.gauss(55, 15) for e in ENABLERS}
        then = [{e: rng.gauss(centre[e], PERSON_SD) for e in ENABLERS} for _ in range(size)]
        fresh = math.sqrt(1 - CARRY**2) * PERSON_SD
        now = [
            {e: centre[e] + CARRY * (v[e] - centre[e]) + rng.gauss(0, fresh) for e in ENABLERS}
            for v in then
        ]
        ids = [100 * t + i for i in range(size)]
        rounds[0].append(_answers(rng, then, ids, offsets, 0.0))
        rounds[1].append(_answers(rng, now, ids, offsets, shift if t == 7 else 0.0))
        later = {r.respondent_id: r for r in rounds[1][-1]}
        people += [
            Linked(frozenset({("round", 0), ("team", t)}), r, later[r.respondent_id])
            for r in rounds[0][-1]
            if r.respondent_id in later
        ]
    totals = pair_totals(SPECS, SPECS, people)
    groups = [
        (
            [r for team in rounds[0] for r in team],
            [r for team in rounds[1] for r in team],
            ("round", 0),
        ),
        *((a, b, ("team", t)) for t, (a, b) in enumerate(zip(*rounds, strict=True))),
    ]
    judged = {}
    for rule in ("paired", "unpaired"):
        cells, statements = [], {}
        for before, after, key in groups:
            sb, sa = statement_results(SPECS, before), statement_results(SPECS, after)
            eb, ea = enabler_results(SPECS, sb, before), enabler_results(SPECS, sa, after)
            paired = totals.get(key, {}) if rule == "paired" else {}
            cells += [scoring.enabler_change(eb[e], ea[e], paired=paired.get(e)) for e in ENABLERS]
            if key == ("round", 0):
                statements = scoring.statement_changes(
                    {str(k): v for k, v in sb.items()}, {str(k): v for k, v in sa.items()}
                )
        names = sorted(statements)
        page = scoring.judge([*cells, *(statements[k] for k in names)])
        moved = scoring.largest_moves(
            {k: c for k, c in zip(names, page[len(cells) :], strict=True) if c}
        )
        judged[rule] = (page[: len(cells)], moved)
    return judged


def test_following_the_same_people_with_no_true_change_few_pages_show_anything():
    rng = random.Random(17)
    pages = 80
    false = {"paired": 0, "unpaired": 0}
    for _ in range(pages):
        for rule, (cells, moved) in _page(rng).items():
            false[rule] += any(c is not None and not c.within_noise for c in cells) or bool(moved)
    assert false["paired"] / pages <= 0.10
    assert false["unpaired"] / pages <= 0.10


def test_following_the_same_people_finds_a_real_rise_more_often():
    rng = random.Random(23)
    found = {"paired": 0, "unpaired": 0}
    for _ in range(10):
        for rule, (cells, _) in _page(rng, last_size=30, shift=15.0).items():
            found[rule] += sum(c is not None and c.direction == "up" for c in cells[-5:])
    # 50 enablers that truly rose 15 points in a team of 30.
    assert found["paired"] > found["unpaired"]
    assert found["paired"] >= 25
