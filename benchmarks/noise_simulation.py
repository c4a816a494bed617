"""Noise bench: how often a comparison page calls a change real when nothing changed.

Simulates pairs of rounds with no true change and scores them with the app's own pure code
(``reports.scoring.method`` for statements and enablers, ``comparisons.scoring`` for the
changes): teams of 3–12 people answer 45 statements (five enablers of nine, a third of them
warning signs) on the five-point agreement scale, with about one "don't know" in twenty;
each person keeps their own view of each enabler from one round to the next (the same
people answer again), and answers it statement by statement with that day's noise; about
one person in seven does not answer a given round. A page is what the comparison page
shows of an organisation of eight teams without departments: the whole round and every
team on every enabler (45 cells), and the round's statements for "statements that moved
most" (45 more), all judged together as the page judges them.

It reports, beside the target (PASS / FAIL), the share of pages with any false "beyond
noise" and with anything in "statements that moved most", under the rule in force (Welch's
t, Holm over the page), and for reference under the rule it replaced (a z of 1.96 per cell,
no correction); then the power: the share of a team's five enablers detected when every one
truly rose 15 points, for a team of 5, 10 and 30 on an otherwise unchanged page (info).

Then the same people followed (the comparison page with personal links): each person's own
view of an enabler is correlated ``CARRY`` (0.6) from one round to the next rather than kept,
the people present both times are linked as ``reports.pairs`` links them, and each page is
judged twice, with the pair totals (the partially-overlapping t) and without (Welch's): the
false page rate of each (target as above) and the power of each for a team of 5, 10 and 30.
Writes var/bench-noise.json and exits 1 on any FAIL.
Usage: make bench   (or .venv/bin/python benchmarks/noise_simulation.py --pages 1000)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")

import django  # noqa: E402

django.setup()

from assessments.comparisons import scoring  # noqa: E402
from assessments.reports.scoring import (  # noqa: E402
    EnablerResult,
    ResponseIn,
    StatementResult,
    StatementSpec,
)
from assessments.reports.scoring.method import enabler_results, statement_results  # noqa: E402
from assessments.reports.scoring.pairs import Linked, Paired, pair_totals  # noqa: E402
from frameworks.levels import MaturityLevel  # noqa: E402

TARGET_FALSE_PAGES = 0.10  # with no true change, at most this share of pages shows any
ENABLERS = ("purpose", "strategy", "insight", "process", "people")
PER_ENABLER = 9
TEAMS = 8
TEAM_SIZES = (3, 12)
POWER_SIZES = (5, 10, 30)
TRUE_SHIFT = 15.0  # points, on the 0–100 evidence scale
# How people answer, in points of evidence: where teams sit, how far people in a team
# differ, how far statements of one enabler differ, and one day's noise on one answer.
TEAM_SD, PERSON_SD, STATEMENT_SD, OCCASION_SD = 15.0, 12.0, 10.0, 15.0
DONT_KNOW, ABSENT = 0.05, 0.15
OLD_Z, OLD_FLOOR = 1.96, 5.0  # the rule this one replaced, kept here to measure against
CARRY = 0.6  # the paired scenario: how far a person's own view carries to the next round

STATEMENTS = tuple(
    StatementSpec(
        id=e * PER_ENABLER + s + 1,
        enabler=enabler,
        level=MaturityLevel(s % 3),
        reverse=s % 3 == 2,
    )
    for e, enabler in enumerate(ENABLERS)
    for s in range(PER_ENABLER)
)


@dataclass(frozen=True)
class Person:
    id: int
    view: dict[str, float]  # enabler → where this person sits on it (evidence, 0–100)


@dataclass(frozen=True)
class Team:
    people: tuple[Person, ...]
    centre: dict[str, float]


def make_team(rng: random.Random, size: int, next_id: int) -> Team:
    centre = {e: rng.gauss(55.0, TEAM_SD) for e in ENABLERS}
    return Team(
        tuple(
            Person(next_id + i, {e: rng.gauss(centre[e], PERSON_SD) for e in ENABLERS})
            for i in range(size)
        ),
        centre,
    )


def moved_on(rng: random.Random, team: Team, carry: float) -> Team:
    """The same people a round later, each one's own view (how far from the team's centre)
    correlated ``carry`` with what it was: some of it kept, the rest new."""
    fresh = math.sqrt(1.0 - carry * carry) * PERSON_SD
    return Team(
        tuple(
            Person(
                p.id,
                {
                    e: team.centre[e] + carry * (v - team.centre[e]) + rng.gauss(0.0, fresh)
                    for e, v in p.view.items()
                },
            )
            for p in team.people
        ),
        team.centre,
    )


def _agreement(evidence: float) -> float:
    """The nearest step of the five-point scale (0, 25, 50, 75, 100)."""
    return 25.0 * min(4, max(0, round(evidence / 25.0)))


def answer(
    rng: random.Random,
    team: Team,
    offsets: dict[int, float],
    shift: dict[str, float] | None = None,
) -> list[ResponseIn]:
    """One round of a team: each person present answers every statement (or "don't know")."""
    responses = []
    for person in team.people:
        if rng.random() < ABSENT:
            continue
        answers: dict[int, float | None] = {}
        for spec in STATEMENTS:
            if rng.random() < DONT_KNOW:
                answers[spec.id] = None
                continue
            view = person.view[spec.enabler] + (shift or {}).get(spec.enabler, 0.0)
            evidence = _agreement(view + offsets[spec.id] + rng.gauss(0.0, OCCASION_SD))
            answers[spec.id] = 100.0 - evidence if spec.reverse else evidence
        responses.append(ResponseIn(person.id, "engineer", answers))
    return responses


@dataclass(frozen=True)
class Scored:
    enablers: dict[str, EnablerResult]
    statements: dict[str, StatementResult]


def scored(responses: Sequence[ResponseIn]) -> Scored:
    per_statement = statement_results(STATEMENTS, responses)
    return Scored(
        enabler_results(STATEMENTS, per_statement, responses),
        {str(k): r for k, r in per_statement.items()},
    )


# --- the two rules -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What one page called real: per cell (group, enabler) and per statement."""

    cells: dict[tuple[int, str], bool]  # beyond noise and up, or down
    cell_up: dict[tuple[int, str], bool]
    statements_moved: int


def _old_margin(before: tuple[float | None, int], after: tuple[float | None, int]) -> float | None:
    (s1, n1), (s2, n2) = before, after
    if s1 is None or s2 is None or n1 < 2 or n2 < 2:
        return None
    return max(OLD_FLOOR, OLD_Z * math.sqrt(s1 * s1 / n1 + s2 * s2 / n2))


def _old_real(change: scoring.Change, margin: float | None) -> bool:
    delta = change.delta
    return delta is not None and margin is not None and abs(delta) > margin + 1e-9


def page_old(groups: Sequence[tuple[Scored, Scored]]) -> Page:
    """The rule before: a z of 1.96 per cell on its own, no correction for the page."""
    cells, up = {}, {}
    for g, (a, b) in enumerate(groups):
        for e in ENABLERS:
            ea, eb = a.enablers[e], b.enablers[e]
            change = scoring.enabler_change(ea, eb)
            margin = _old_margin((ea.person_spread, ea.people), (eb.person_spread, eb.people))
            cells[(g, e)] = _old_real(change, margin)
            up[(g, e)] = cells[(g, e)] and (change.delta or 0) > 0
    a, b = groups[0]
    moved = sum(
        _old_real(
            scoring.statement_change(a.statements[k], b.statements[k]),
            _old_margin(
                (a.statements[k].spread, a.statements[k].answered),
                (b.statements[k].spread, b.statements[k].answered),
            ),
        )
        for k in a.statements.keys() & b.statements.keys()
    )
    return Page(cells, up, moved)


def page_new(groups: Sequence[tuple[Scored, Scored]]) -> Page:
    """The rule in force, as the trends builder applies it: every change on the page (each
    group's enablers; the whole round's statements) judged together."""
    keys = [(g, e) for g in range(len(groups)) for e in ENABLERS]
    cells = [
        scoring.enabler_change(groups[g][0].enablers[e], groups[g][1].enablers[e]) for g, e in keys
    ]
    a, b = groups[0]
    statements = scoring.statement_changes(a.statements, b.statements)
    names = sorted(statements)
    judged = scoring.judge([*cells, *(statements[k] for k in names)])
    real = {k: c is not None and not c.within_noise for k, c in zip(keys, judged, strict=False)}
    up = {k: real[k] and (c.delta or 0) > 0 for k, c in zip(keys, judged, strict=False) if c}
    moved_changes = {k: c for k, c in zip(names, judged[len(keys) :], strict=True) if c}
    return Page(real, up, len(scoring.largest_moves(moved_changes, limit=len(names))))


def page_alone(groups: Sequence[tuple[Scored, Scored]]) -> Page:
    """Welch's t on each cell alone, no correction for the page: what the correction costs."""
    cells, up = {}, {}
    for g, (a, b) in enumerate(groups):
        for e in ENABLERS:
            change = scoring.enabler_change(a.enablers[e], b.enablers[e])
            cells[(g, e)] = not change.within_noise
            up[(g, e)] = cells[(g, e)] and (change.delta or 0) > 0
    return Page(cells, up, 0)


# --- the simulation ------------------------------------------------------------------------


def simulate_page(
    rng: random.Random, *, shifted_size: int | None = None
) -> list[tuple[Scored, Scored]]:
    """A page's groups (the whole round first, then each team), each scored in both rounds.
    With ``shifted_size``, the last team has that many people and truly rose TRUE_SHIFT."""
    rounds = simulate_rounds(rng, shifted_size=shifted_size)
    return scored_groups(rounds)


Rounds = list[list[list[ResponseIn]]]  # round → team → responses


def scored_groups(rounds: Rounds) -> list[tuple[Scored, Scored]]:
    whole = (scored([r for t in rounds[0] for r in t]), scored([r for t in rounds[1] for r in t]))
    return [whole, *((scored(a), scored(b)) for a, b in zip(rounds[0], rounds[1], strict=True))]


def simulate_rounds(
    rng: random.Random, *, shifted_size: int | None = None, carry: float | None = None
) -> Rounds:
    """Each team's responses in both rounds; ``carry``: people's views move between them."""
    sizes = [rng.randint(*TEAM_SIZES) for _ in range(TEAMS)]
    if shifted_size is not None:
        sizes[-1] = shifted_size
    teams, next_id = [], 0
    for size in sizes:
        teams.append(make_team(rng, size, next_id))
        next_id += size
    offsets = {s.id: rng.gauss(0.0, STATEMENT_SD) for s in STATEMENTS}
    shift = dict.fromkeys(ENABLERS, TRUE_SHIFT)
    rounds = []
    for round_no in (0, 1):
        if round_no and carry is not None:
            teams = [moved_on(rng, t, carry) for t in teams]
        per_team = [
            answer(
                rng,
                t,
                offsets,
                shift if round_no and i == len(teams) - 1 and shifted_size else None,
            )
            for i, t in enumerate(teams)
        ]
        rounds.append(per_team)
    return rounds


def false_rates(
    pages: int, seed: int, judge: Callable[[Sequence[tuple[Scored, Scored]]], Page]
) -> dict[str, float]:
    rng = random.Random(seed)
    any_cell = any_moved = cells_real = cells_all = 0
    for _ in range(pages):
        page = judge(simulate_page(rng))
        any_cell += any(page.cells.values()) or page.statements_moved > 0
        any_moved += page.statements_moved > 0
        cells_real += sum(page.cells.values())
        cells_all += len(page.cells)
    return {
        "pages with any false beyond noise": any_cell / pages,
        "pages listing statements that moved most": any_moved / pages,
        "cells falsely beyond noise": cells_real / cells_all,
    }


def power(
    pages: int, seed: int, size: int, judge: Callable[[Sequence[tuple[Scored, Scored]]], Page]
) -> float:
    """Share of the shifted team's enablers called up, on a page of otherwise unchanged teams."""
    rng = random.Random(seed)
    found = 0
    for _ in range(pages):
        page = judge(simulate_page(rng, shifted_size=size))
        found += sum(
            page.cell_up.get((TEAMS, e), False) for e in ENABLERS
        )  # group 0 is the whole round
    return found / (pages * len(ENABLERS))


# --- the same people, followed -------------------------------------------------------------

GroupPairs = list[dict[str, Paired]]  # per group of the page (the round, then each team)


def followed(rounds: Rounds) -> GroupPairs:
    """The pair totals the store would keep: people present in both rounds, per group."""
    people = []
    for t, (then, now) in enumerate(zip(rounds[0], rounds[1], strict=True)):
        later = {r.respondent_id: r for r in now}
        people += [
            Linked(frozenset({("round", 0), ("team", t)}), r, later[r.respondent_id])
            for r in then
            if r.respondent_id in later
        ]
    totals = pair_totals(STATEMENTS, STATEMENTS, people)
    return [totals.get(("round", 0), {}), *(totals.get(("team", t), {}) for t in range(TEAMS))]


def page_paired(groups: Sequence[tuple[Scored, Scored]], pairs: GroupPairs) -> Page:
    """As ``page_new``, each enabler change sized with its group's pair totals."""
    keys = [(g, e) for g in range(len(groups)) for e in ENABLERS]
    cells = [
        scoring.enabler_change(
            groups[g][0].enablers[e], groups[g][1].enablers[e], paired=pairs[g].get(e)
        )
        for g, e in keys
    ]
    a, b = groups[0]
    statements = scoring.statement_changes(a.statements, b.statements)
    names = sorted(statements)
    judged = scoring.judge([*cells, *(statements[k] for k in names)])
    real = {k: c is not None and not c.within_noise for k, c in zip(keys, judged, strict=False)}
    up = {k: real[k] and (c.delta or 0) > 0 for k, c in zip(keys, judged, strict=False) if c}
    moved_changes = {k: c for k, c in zip(names, judged[len(keys) :], strict=True) if c}
    return Page(real, up, len(scoring.largest_moves(moved_changes, limit=len(names))))


PAIRED_RULES = ("paired", "unpaired")


def _paired_pages(rng: random.Random, shifted_size: int | None = None) -> dict[str, Page]:
    rounds = simulate_rounds(rng, shifted_size=shifted_size, carry=CARRY)
    groups = scored_groups(rounds)
    return {"paired": page_paired(groups, followed(rounds)), "unpaired": page_new(groups)}


def paired_false_rates(pages: int, seed: int) -> dict[str, float]:
    """With the same people followed and no true change: pages with any false "beyond
    noise" (cells or statements that moved most), judged with and without the pairs."""
    rng = random.Random(seed)
    false = dict.fromkeys(PAIRED_RULES, 0)
    for _ in range(pages):
        for rule, page in _paired_pages(rng).items():
            false[rule] += any(page.cells.values()) or page.statements_moved > 0
    return {rule: n / pages for rule, n in false.items()}


def paired_power(pages: int, seed: int, size: int) -> dict[str, float]:
    """The share of the shifted team's enablers called up, with and without the pairs."""
    rng = random.Random(seed)
    found = dict.fromkeys(PAIRED_RULES, 0)
    for _ in range(pages):
        for rule, page in _paired_pages(rng, shifted_size=size).items():
            found[rule] += sum(page.cell_up.get((TEAMS, e), False) for e in ENABLERS)
    return {rule: n / (pages * len(ENABLERS)) for rule, n in found.items()}


def _paired_figures(args: argparse.Namespace) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    scenario = f"the same people followed, their own views carried {CARRY:g} between rounds"
    print(f"\n{scenario[0].upper()}{scenario[1:]}:")
    for rule, value in paired_false_rates(args.pages, args.seed + 1).items():
        verdict = "PASS" if value <= TARGET_FALSE_PAGES else "FAIL"
        label = f"pages with any false beyond noise, {rule}"
        print(f"{label:<66}{value:>8.1%}{f'≤{TARGET_FALSE_PAGES:.0%}':>9}  {verdict}")
        results.append(
            {
                "name": f"{label} ({scenario})",
                "value": value,
                "target": TARGET_FALSE_PAGES,
                "result": verdict,
            }
        )
    for size in POWER_SIZES:
        for rule, value in paired_power(args.power_pages, args.seed + 1 + size, size).items():
            label = f"power, +{TRUE_SHIFT:g} points, team of {size}, {rule}"
            print(f"{label:<66}{value:>8.1%}{'':>9}  info")
            results.append(
                {"name": f"{label} ({scenario})", "value": value, "target": None, "result": "info"}
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages with no true change")
    parser.add_argument("--power-pages", type=int, default=100, help="pages per team size")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--json", default=str(ROOT / "var" / "bench-noise.json"))
    args = parser.parse_args()

    results: list[dict[str, Any]] = []
    print(f"{'figure':<66}{'value':>8}{'target':>9}  result")
    for rule, judge in (("in force", page_new), ("before (z 1.96, no correction)", page_old)):
        for name, value in false_rates(args.pages, args.seed, judge).items():
            gated = rule == "in force" and name.startswith("pages")
            target = TARGET_FALSE_PAGES if gated else None
            verdict = "info" if target is None else "PASS" if value <= target else "FAIL"
            label = f"{name}, {rule}"
            shown = f"≤{target:.0%}" if target is not None else ""
            print(f"{label:<66}{value:>8.1%}{shown:>9}  {verdict}")
            results.append({"name": label, "value": value, "target": target, "result": verdict})
    rules = (("in force", page_new), ("t alone, uncorrected", page_alone), ("before", page_old))
    for size in POWER_SIZES:
        for rule, judge in rules:
            value = power(args.power_pages, args.seed + size, size, judge)
            label = f"power, +{TRUE_SHIFT:g} points, team of {size}, {rule}"
            print(f"{label:<66}{value:>8.1%}{'':>9}  info")
            results.append({"name": label, "value": value, "target": None, "result": "info"})
    results += _paired_figures(args)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"pages": args.pages, "results": results}, indent=2) + "\n", encoding="utf-8"
    )
    print(f"\nResults written to {path}")
    if any(r["result"] == "FAIL" for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
