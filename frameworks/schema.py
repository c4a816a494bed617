"""The shape of a framework content file (``frameworks/content/*.yaml``).

Pydantic checks each field; ``frameworks.loader.validating.cross_check`` then checks
what refers to what (statement levels, activity ownership, dial inputs). Both report
problems as a path into the file, which the loader turns into a line number.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_serializer,
    field_validator,
)
from pydantic_core import PydanticCustomError

from frameworks import audiences
from frameworks.levels import LEVEL_KEYS, STEP_KEYS

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=60)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]
Score = Annotated[int, Field(ge=0, le=100)]

Path = tuple[str | int, ...]

# Type checkers need the words spelled out; they must match frameworks.levels.
LevelKey = Literal["immature", "managed", "leading"]
StepKey = Literal["immature-managed", "managed-leading"]
if get_args(LevelKey) != LEVEL_KEYS or get_args(StepKey) != STEP_KEYS:
    raise ImportError("frameworks.schema's level words differ from frameworks.levels")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrameworkIn(Strict):
    slug: Slug
    name: Text
    description: OptionalText = ""


class LevelIn(Strict):
    key: LevelKey
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
    # Who can judge it: ``everyone``, a group (``product``, ``leadership``), a role key, or a
    # list of them (``[product, leadership]``). Kept in its canonical stored form (see
    # frameworks.audiences), so a file and its export compare equal.
    audience: str = audiences.EVERYONE

    @field_validator("audience", mode="before")
    @classmethod
    def _audience_canonical(cls, value: object) -> str:
        if not isinstance(value, str | list):
            raise PydanticCustomError("audience", "an audience is a name or a list of names")
        try:
            return audiences.canonical(value)
        except audiences.UnknownAudience as exc:
            raise PydanticCustomError("audience", str(exc)) from None

    @field_serializer("audience")
    def _audience_as_written(self, audience: str) -> str | list[str]:
        # One name as a word, several as a YAML list: ``[product, leadership]``.
        names = audience.split(",")
        return names[0] if len(names) == 1 else names


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
    step: StepKey
    title: Text  # starts with a verb and names a concrete output
    why: Text
    done: Text  # what "done" looks like
    effort: Literal["S", "M", "L"]
    first_step: OptionalText = ""  # something a team can start on Monday and finish that week
    # Who can act on it: the team itself, or leadership (a decision above the team).
    decided_by: Literal["team", "leadership"] = "team"
    moves: MovesIn = MovesIn()
    requires: list[Slug] = []  # keys of actions that must come first

    @field_validator("requires")
    @classmethod
    def _requires_as_a_set(cls, keys: list[str]) -> list[str]:
        return sorted(set(keys))


class GapActionIn(Strict):
    """An action generated for an activity gap; ``{activity}`` is replaced by its name."""

    gap: Literal["nobody", "led-elsewhere", "product-leads", "disagree", "unknown"]
    title: Text
    why: Text
    done: Text
    effort: Literal["S", "M", "L"]
    first_step: OptionalText = ""


class PersonaIn(Strict):
    """A way product people behave at work. Names are facts; every description is ours."""

    key: Slug
    name: Text
    description: Text
    leadership: bool = False  # one of the behaviours that make product people leaders


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
    personas: list[PersonaIn] = []
