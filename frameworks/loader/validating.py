"""Check what refers to what across a content file, part by part.

Pydantic (``frameworks.schema``) checks each field on its own; these checks need the
whole file: unique keys, statement levels, activity ownership, dial inputs, what an
action moves. Each problem is a path into the file, which reading turns into a line.
Problems are listed in file order (levels, scales, enablers, activities, dashboard,
recommendations), so an editor can work down the list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from frameworks.levels import LEVEL_KEYS
from frameworks.schema import (
    ActivitiesIn,
    ActivityIn,
    ContentFile,
    DialIn,
    Path,
    RecommendationIn,
    ScaleIn,
)


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str


def cross_check(doc: ContentFile) -> list[Problem]:
    """Checks across the file that a field-by-field schema cannot express."""
    return [
        *_check_levels(doc),
        *_check_scales(doc),
        *_check_enablers(doc),
        *_check_activities(doc),
        *_check_dashboard(doc),
        *_check_recommendations(doc),
        *_duplicates(
            ((("personas", i, "key"), p.key) for i, p in enumerate(doc.personas)), "persona"
        ),
    ]


def _duplicates(items: Iterable[tuple[Path, str]], what: str) -> list[Problem]:
    """One problem per repeat of a key (the first use is fine), at the repeat's path."""
    items = list(items)
    counts = Counter(key for _, key in items)
    seen: set[str] = set()
    problems = []
    for path, key in items:
        if counts[key] > 1 and key in seen:
            problems.append(Problem(path, f"duplicate {what} key {key!r}; keys must be unique"))
        seen.add(key)
    return problems


def _one_of(value: str, allowed: Iterable[str]) -> str:
    return f"{value!r} is not one of: {', '.join(allowed)}"


def _statement_keys(doc: ContentFile) -> set[str]:
    return {s.key for e in doc.enablers for s in e.statements}


def _activity_paths(acts: ActivitiesIn) -> list[tuple[Path, ActivityIn]]:
    """Every activity with its path: grouped ones first, then those listed directly."""
    found: list[tuple[Path, ActivityIn]] = []
    for i, area in enumerate(acts.areas):
        base: Path = ("activities", "areas", i)
        for j, group in enumerate(area.groups):
            found += [
                ((*base, "groups", j, "activities", k), a) for k, a in enumerate(group.activities)
            ]
        found += [((*base, "activities", k), a) for k, a in enumerate(area.activities)]
    return found


# --- levels and scales ----------------------------------------------------------------


def _check_levels(doc: ContentFile) -> list[Problem]:
    # Scoring and planning rely on exactly these levels, in this order.
    if tuple(level.key for level in doc.levels) != LEVEL_KEYS:
        return [
            Problem(("levels",), f"levels must be exactly {', '.join(LEVEL_KEYS)}, in that order")
        ]
    return []


def _check_scales(doc: ContentFile) -> list[Problem]:
    problems: list[Problem] = []
    for scale_name in ("agreement", "performance"):
        scale: ScaleIn = getattr(doc.scales, scale_name)
        base: Path = ("scales", scale_name, "options")
        problems += _duplicates(
            (((*base, i, "key"), o.key) for i, o in enumerate(scale.options)), "option"
        )
        # "Don't know" is the one answer that does not count towards a score.
        if sum(o.score is None for o in scale.options) > 1:
            problems.append(Problem(base, "at most one option may have no score (don't know)"))
    return problems


# --- enablers -------------------------------------------------------------------------


def _check_enablers(doc: ContentFile) -> list[Problem]:
    problems = _duplicates(
        ((("enablers", i, "key"), e.key) for i, e in enumerate(doc.enablers)), "enabler"
    )
    problems += _duplicates(
        (
            (("enablers", i, "statements", j, "key"), s.key)
            for i, e in enumerate(doc.enablers)
            for j, s in enumerate(e.statements)
        ),
        "statement",
    )
    for i, enabler in enumerate(doc.enablers):
        if set(enabler.descriptors) != set(LEVEL_KEYS):
            problems.append(
                Problem(
                    ("enablers", i, "descriptors"),
                    f"needs exactly one descriptor per level ({', '.join(LEVEL_KEYS)})",
                )
            )
        problems += [
            Problem(("enablers", i, "statements", j, "level"), _one_of(s.level, LEVEL_KEYS))
            for j, s in enumerate(enabler.statements)
            if s.level not in LEVEL_KEYS
        ]
    return problems


# --- activities -----------------------------------------------------------------------


def _check_activities(doc: ContentFile) -> list[Problem]:
    acts = doc.activities
    activity_paths = _activity_paths(acts)
    activity_keys = [a.key for _, a in activity_paths]
    ownership_keys = [o.key for o in acts.ownership]
    problems = _check_activity_lists(acts)
    problems += _duplicates((((*p, "key"), a.key) for p, a in activity_paths), "activity")
    problems += [
        Problem(
            ("enablers", i, "depends_on", j),
            f"{key!r} is not the key of any activity in this file",
        )
        for i, enabler in enumerate(doc.enablers)
        for j, key in enumerate(enabler.depends_on)
        if key not in activity_keys
    ]
    problems += [
        Problem((*path, "ownership"), _one_of(activity.ownership, ownership_keys))
        for path, activity in activity_paths
        if activity.ownership not in ownership_keys
    ]
    # Reports compare who leads an activity with product management.
    if not any(leader.kind == "product" for leader in acts.leaders):
        problems.append(Problem(("activities", "leaders"), "one leader must be of kind 'product'"))
    return problems


def _check_activity_lists(acts: ActivitiesIn) -> list[Problem]:
    """Unique keys in the ownership, leader, area and group lists; one way to list an area."""
    problems = _duplicates(
        ((("activities", "ownership", i, "key"), o.key) for i, o in enumerate(acts.ownership)),
        "ownership",
    )
    problems += _duplicates(
        ((("activities", "leaders", i, "key"), o.key) for i, o in enumerate(acts.leaders)),
        "leader",
    )
    problems += _duplicates(
        ((("activities", "areas", i, "key"), a.key) for i, a in enumerate(acts.areas)), "area"
    )
    problems += _duplicates(
        (
            (("activities", "areas", i, "groups", j, "key"), g.key)
            for i, a in enumerate(acts.areas)
            for j, g in enumerate(a.groups)
        ),
        "activity group",
    )
    problems += [
        Problem(
            ("activities", "areas", i),
            "an area lists its activities either in groups or directly, not both",
        )
        for i, area in enumerate(acts.areas)
        if bool(area.groups) == bool(area.activities)
    ]
    return problems


# --- dashboard ------------------------------------------------------------------------


def _check_dashboard(doc: ContentFile) -> list[Problem]:
    groups = doc.dashboard.groups
    problems = _duplicates(
        ((("dashboard", "groups", i, "key"), g.key) for i, g in enumerate(groups)),
        "dial group",
    )
    problems += _duplicates(
        (
            (("dashboard", "groups", i, "dials", j, "key"), d.key)
            for i, g in enumerate(groups)
            for j, d in enumerate(g.dials)
        ),
        "dial",
    )
    statement_keys = _statement_keys(doc)
    for i, dial_group in enumerate(groups):
        for j, dial in enumerate(dial_group.dials):
            problems += _check_dial(("dashboard", "groups", i, "dials", j), dial, statement_keys)
    return problems


def _check_dial(base: Path, dial: DialIn, statement_keys: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    if dial.red_below > dial.green_from:
        problems.append(Problem((*base, "red_below"), "red_below must not be above green_from"))
    problems += _duplicates(
        (((*base, "inputs", k, "statement"), inp.statement) for k, inp in enumerate(dial.inputs)),
        "dial input statement",
    )
    problems += [
        Problem(
            (*base, "inputs", k, "statement"),
            f"{inp.statement!r} is not the key of any statement in this file",
        )
        for k, inp in enumerate(dial.inputs)
        if inp.statement not in statement_keys
    ]
    return problems


# --- recommendations and gap actions --------------------------------------------------


def _check_recommendations(doc: ContentFile) -> list[Problem]:
    problems = _duplicates(
        ((("recommendations", i, "key"), r.key) for i, r in enumerate(doc.recommendations)),
        "recommendation",
    )
    enabler_keys = [e.key for e in doc.enablers]
    known_moves = {
        "statements": _statement_keys(doc),
        "dials": {d.key for g in doc.dashboard.groups for d in g.dials},
        "activities": {a.key for _, a in _activity_paths(doc.activities)},
    }
    action_keys = {r.key for r in doc.recommendations}
    for i, rec in enumerate(doc.recommendations):
        base: Path = ("recommendations", i)
        if rec.enabler not in enabler_keys:
            problems.append(Problem((*base, "enabler"), _one_of(rec.enabler, enabler_keys)))
        problems += _check_moves(base, rec, known_moves)
        problems += [
            Problem((*base, "requires", j), f"{key!r} is not another action's key")
            for j, key in enumerate(rec.requires)
            if key not in action_keys or key == rec.key
        ]
    problems += _duplicates(
        ((("gap_actions", i, "gap"), g.gap) for i, g in enumerate(doc.gap_actions)), "gap action"
    )
    return problems


def _check_moves(
    base: Path, rec: RecommendationIn, known_moves: dict[str, set[str]]
) -> list[Problem]:
    """What an action moves must exist: statements, dials and activities, by key."""
    return [
        Problem((*base, "moves", field, j), f"{key!r} is not a known key")
        for field, known in known_moves.items()
        for j, key in enumerate(getattr(rec.moves, field))
        if key not in known
    ]
