"""The shape of a framework content file (``frameworks/content/*.yaml``).

Pydantic checks each field; :func:`cross_check` then checks what refers to what
(statement levels, activity ownership, dial inputs). Both report problems as a
path into the file, which the loader turns into a line number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=60)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]
Score = Annotated[int, Field(ge=0, le=100)]

LEVEL_KEYS = ("immature", "managed", "leading")
Path = tuple[str | int, ...]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrameworkIn(Strict):
    slug: Slug
    name: Text
    description: OptionalText = ""


class LevelIn(Strict):
    key: Literal["immature", "managed", "leading"]
    name: Text
    summary: OptionalText = ""


class ScaleOptionIn(Strict):
    key: Slug
    label: Text
    score: Score | None


class ScaleIn(Strict):
    name: Text
    options: list[ScaleOptionIn] = Field(min_length=2)


class ScalesIn(Strict):
    agreement: ScaleIn
    performance: ScaleIn


class StatementIn(Strict):
    key: Slug
    level: Slug
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    help: OptionalText = ""
    reverse: bool = False
    audience: Literal["everyone", "product"] = "everyone"


class EnablerIn(Strict):
    key: Slug
    name: Text
    summary: OptionalText = ""
    descriptors: dict[Slug, Text]
    statements: list[StatementIn] = Field(min_length=1)
    # Activities this enabler relies on: a report flags an enabler rated Managed or
    # Leading while one of these has no owner or is run by the wrong function.
    depends_on: list[Slug] = []

    @field_validator("depends_on")
    @classmethod
    def _as_a_set(cls, keys: list[str]) -> list[str]:
        # A set of activities: kept sorted so that a file and its export compare equal.
        return sorted(set(keys))


class OwnershipIn(Strict):
    key: Slug
    label: Text
    description: OptionalText = ""


class LeaderIn(Strict):
    key: Slug
    name: Text
    kind: Literal["product", "other", "nobody", "unknown"]


class ActivityIn(Strict):
    key: Slug
    name: Text
    description: Text
    ownership: Slug


class ActivityGroupIn(Strict):
    key: Slug
    name: Text
    activities: list[ActivityIn] = Field(min_length=1)


class ActivityAreaIn(Strict):
    key: Slug
    name: Text
    summary: OptionalText = ""
    groups: list[ActivityGroupIn] = []
    activities: list[ActivityIn] = []

    def all_activities(self) -> list[ActivityIn]:
        return [a for g in self.groups for a in g.activities] + list(self.activities)


class ActivitiesIn(Strict):
    ownership: list[OwnershipIn] = Field(min_length=1)
    leaders: list[LeaderIn] = Field(min_length=2)
    areas: list[ActivityAreaIn] = Field(min_length=1)


class DialInputIn(Strict):
    statement: Slug
    weight: int = Field(default=1, ge=1, le=10)
    direction: Literal["positive", "symptom"] = "positive"


class DialIn(Strict):
    key: Slug
    name: Text
    description: OptionalText = ""
    left: Text
    right: Text
    red_below: Score
    green_from: Score
    inputs: list[DialInputIn] = Field(min_length=1)


class DialGroupIn(Strict):
    key: Slug
    name: Text
    dials: list[DialIn] = Field(min_length=1)


class DashboardIn(Strict):
    groups: list[DialGroupIn] = Field(min_length=1)


class MovesIn(Strict):
    """What an action should move: statements, dials and activities, by key (as sets)."""

    statements: list[Slug] = []
    dials: list[Slug] = []
    activities: list[Slug] = []

    @field_validator("statements", "dials", "activities")
    @classmethod
    def _as_a_set(cls, keys: list[str]) -> list[str]:
        return sorted(set(keys))


class RecommendationIn(Strict):
    key: Slug
    enabler: Slug
    step: Literal["immature-managed", "managed-leading"]
    title: Text  # starts with a verb and names a concrete output
    why: Text
    done: Text  # what "done" looks like
    effort: Literal["S", "M", "L"]
    moves: MovesIn = MovesIn()
    requires: list[Slug] = []  # keys of actions that must come first

    @field_validator("requires")
    @classmethod
    def _requires_as_a_set(cls, keys: list[str]) -> list[str]:
        return sorted(set(keys))


class GapActionIn(Strict):
    """An action generated for an activity gap; ``{activity}`` is replaced by its name."""

    gap: Literal["nobody", "led-elsewhere", "disagree", "unknown"]
    title: Text
    why: Text
    done: Text
    effort: Literal["S", "M", "L"]


class ContentFile(Strict):
    framework: FrameworkIn
    version: Annotated[
        str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$", max_length=20)
    ]
    status: Literal["draft", "published", "retired"] = "draft"
    summary: OptionalText = ""
    levels: list[LevelIn]
    scales: ScalesIn
    enablers: list[EnablerIn] = Field(min_length=1)
    activities: ActivitiesIn
    dashboard: DashboardIn
    recommendations: list[RecommendationIn] = []
    gap_actions: list[GapActionIn] = []


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str


def _duplicates(items: Iterable[tuple[Path, str]], what: str) -> list[Problem]:
    items = list(items)
    counts = Counter(key for _, key in items)
    seen: set[str] = set()
    problems = []
    for path, key in items:
        if counts[key] > 1 and key in seen:
            problems.append(Problem(path, f"duplicate {what} key {key!r}; keys must be unique"))
        seen.add(key)
    return problems


def _check_recommendations(
    doc: ContentFile, statement_keys: set[str], activity_keys: list[str]
) -> list[Problem]:
    problems = _duplicates(
        ((("recommendations", i, "key"), r.key) for i, r in enumerate(doc.recommendations)),
        "recommendation",
    )
    enabler_keys = [e.key for e in doc.enablers]
    dial_keys = {d.key for g in doc.dashboard.groups for d in g.dials}
    action_keys = {r.key for r in doc.recommendations}
    for i, rec in enumerate(doc.recommendations):
        base: Path = ("recommendations", i)
        if rec.enabler not in enabler_keys:
            problems.append(Problem((*base, "enabler"), _one_of(rec.enabler, enabler_keys)))
        for field, known in (
            ("statements", statement_keys),
            ("dials", dial_keys),
            ("activities", set(activity_keys)),
        ):
            for j, key in enumerate(getattr(rec.moves, field)):
                if key not in known:
                    problems.append(
                        Problem((*base, "moves", field, j), f"{key!r} is not a known key")
                    )
        for j, key in enumerate(rec.requires):
            if key not in action_keys or key == rec.key:
                problems.append(
                    Problem((*base, "requires", j), f"{key!r} is not another action's key")
                )
    problems += _duplicates(
        ((("gap_actions", i, "gap"), g.gap) for i, g in enumerate(doc.gap_actions)), "gap action"
    )
    return problems


def _one_of(value: str, allowed: Iterable[str]) -> str:
    return f"{value!r} is not one of: {', '.join(allowed)}"


def cross_check(doc: ContentFile) -> list[Problem]:
    """Checks across the file that a field-by-field schema cannot express."""
    problems: list[Problem] = []

    level_keys = [level.key for level in doc.levels]
    if tuple(level_keys) != LEVEL_KEYS:
        problems.append(
            Problem(("levels",), f"levels must be exactly {', '.join(LEVEL_KEYS)}, in that order")
        )

    for scale_name in ("agreement", "performance"):
        scale: ScaleIn = getattr(doc.scales, scale_name)
        base: Path = ("scales", scale_name, "options")
        problems += _duplicates(
            (((*base, i, "key"), o.key) for i, o in enumerate(scale.options)), "option"
        )
        if sum(o.score is None for o in scale.options) > 1:
            problems.append(Problem(base, "at most one option may have no score (don't know)"))

    problems += _duplicates(
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
        for j, statement in enumerate(enabler.statements):
            if statement.level not in LEVEL_KEYS:
                problems.append(
                    Problem(
                        ("enablers", i, "statements", j, "level"),
                        _one_of(statement.level, LEVEL_KEYS),
                    )
                )

    acts = doc.activities
    ownership_keys = [o.key for o in acts.ownership]
    problems += _duplicates(
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
    activity_paths: list[tuple[Path, ActivityIn]] = []
    for i, area in enumerate(acts.areas):
        base = ("activities", "areas", i)
        if bool(area.groups) == bool(area.activities):
            problems.append(
                Problem(base, "an area lists its activities either in groups or directly, not both")
            )
        for j, group in enumerate(area.groups):
            activity_paths += [
                ((*base, "groups", j, "activities", k), a) for k, a in enumerate(group.activities)
            ]
        activity_paths += [((*base, "activities", k), a) for k, a in enumerate(area.activities)]
    problems += _duplicates((((*p, "key"), a.key) for p, a in activity_paths), "activity")
    activity_keys = [a.key for _, a in activity_paths]
    for i, enabler in enumerate(doc.enablers):
        for j, key in enumerate(enabler.depends_on):
            if key not in activity_keys:
                problems.append(
                    Problem(
                        ("enablers", i, "depends_on", j),
                        f"{key!r} is not the key of any activity in this file",
                    )
                )
    for path, activity in activity_paths:
        if activity.ownership not in ownership_keys:
            problems.append(
                Problem((*path, "ownership"), _one_of(activity.ownership, ownership_keys))
            )
    if not any(leader.kind == "product" for leader in acts.leaders):
        problems.append(Problem(("activities", "leaders"), "one leader must be of kind 'product'"))

    statement_keys = {s.key for e in doc.enablers for s in e.statements}
    problems += _duplicates(
        ((("dashboard", "groups", i, "key"), g.key) for i, g in enumerate(doc.dashboard.groups)),
        "dial group",
    )
    problems += _duplicates(
        (
            (("dashboard", "groups", i, "dials", j, "key"), d.key)
            for i, g in enumerate(doc.dashboard.groups)
            for j, d in enumerate(g.dials)
        ),
        "dial",
    )
    for i, dial_group in enumerate(doc.dashboard.groups):
        for j, dial in enumerate(dial_group.dials):
            base = ("dashboard", "groups", i, "dials", j)
            if dial.red_below > dial.green_from:
                problems.append(
                    Problem((*base, "red_below"), "red_below must not be above green_from")
                )
            problems += _duplicates(
                (
                    ((*base, "inputs", k, "statement"), inp.statement)
                    for k, inp in enumerate(dial.inputs)
                ),
                "dial input statement",
            )
            for k, inp in enumerate(dial.inputs):
                if inp.statement not in statement_keys:
                    problems.append(
                        Problem(
                            (*base, "inputs", k, "statement"),
                            f"{inp.statement!r} is not the key of any statement in this file",
                        )
                    )
    problems += _check_recommendations(doc, statement_keys, activity_keys)
    return problems
