"""The questions of a round: every statement and activity it asks, and those each role is
asked (a statement is put to its audience, ``Statement.audience``). Built once per frozen
version and shape, and shared by every request (``FrozenVersionCache``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch

from assessments.rounds.models import Assessment, Respondent
from frameworks import audiences
from frameworks.frozen_cache import FrozenVersionCache
from frameworks.models import (
    Activity,
    ActivityArea,
    ActivityLeader,
    Enabler,
    FrameworkVersion,
    Scale,
    ScaleOption,
    Statement,
)


@dataclass
class Section:
    key: str
    title: str
    kind: str  # "enabler" or "activities"
    intro: str
    statements: list[Statement] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.statements) + len(self.activities)


@dataclass
class Questionnaire:
    """The questions of a round for one kind of respondent.

    Built once per frozen version and shared by every request of the process (see
    ``questionnaire``): read it, never change it.
    """

    sections: list[Section]
    agreement: list[ScaleOption]
    performance: list[ScaleOption]
    leaders: list[ActivityLeader]
    # Where each item sits, so a save's progress is counted without walking every section.
    statement_sections: dict[int, str] = field(init=False, repr=False)
    activity_sections: dict[int, str] = field(init=False, repr=False)
    no_rating_leaders: frozenset[int] = field(init=False, repr=False)
    # The audiences its statements are put to (``Statement.audience``), each once.
    audiences: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.statement_sections = {s.pk: x.key for x in self.sections for s in x.statements}
        self.audiences = frozenset(s.audience for x in self.sections for s in x.statements)
        self.activity_sections = {a.pk: x.key for x in self.sections for a in x.activities}
        # "Nobody" and "don't know" need no rating of how well it is done.
        self.no_rating_leaders = frozenset(
            leader.pk for leader in self.leaders if leader.kind in NO_RATING_LEADERS
        )

    @property
    def total(self) -> int:
        return sum(s.size for s in self.sections)

    @property
    def statement_count(self) -> int:
        return sum(len(s.statements) for s in self.sections)

    @property
    def activity_count(self) -> int:
        return sum(len(s.activities) for s in self.sections)

    @property
    def minutes(self) -> int:
        """The time it takes on a phone, rounded up to the whole minute: a statement is one
        tap, read and answered in about SECONDS_A_TAP; an activity two (who leads it, how
        well). The figure the start page, invitations and the browser test share."""
        seconds = SECONDS_A_TAP * (self.statement_count + 2 * self.activity_count)
        return max(1, math.ceil(seconds / 60))

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def next_after(self, key: str) -> Section | None:
        keys = [s.key for s in self.sections]
        i = keys.index(key)
        return self.sections[i + 1] if i + 1 < len(keys) else None

    def previous_before(self, key: str) -> Section | None:
        keys = [s.key for s in self.sections]
        i = keys.index(key)
        return self.sections[i - 1] if i > 0 else None


# About how long a person takes to read one statement (or one of an activity's two
# questions) and tap an answer on a phone; the questionnaire is sized so that the longest
# one a role is asked takes at most 12 minutes at this pace (issue 28).
SECONDS_A_TAP = 4

NO_RATING_LEADERS = frozenset({ActivityLeader.Kind.NOBODY, ActivityLeader.Kind.UNKNOWN})

# Kept per frozen version: every autosave and page of a round would otherwise rebuild the
# same sections (eight queries).
_QUESTIONNAIRES: FrozenVersionCache[Questionnaire] = FrozenVersionCache(kept=64)


def questionnaire(
    assessment: Assessment, role: str | None = None, *, subset: tuple[int, ...] | None = None
) -> Questionnaire:
    """The round's questions; for a respondent's ``role``, only those that role is asked:
    each statement is put to its audience (``Statement.audience``), and someone who has not
    chosen a role yet only to the statements for everyone. ``role=None`` is everything (a
    preview). ``subset``: the round's only statements (sorted ids, as ``answered`` gives
    them) if known already."""
    version = assessment.framework_version
    whole, shape = _whole(assessment, subset)
    if role is None:
        return whole
    # Roles asked the same audiences are asked the same questions: one questionnaire for them.
    kind = frozenset(a for a in whole.audiences if audiences.asks(a, role))
    if kind == whole.audiences:
        return whole
    return _QUESTIONNAIRES.get(version, (*shape, kind), lambda: _for_role(whole, role))


def _whole(
    assessment: Assessment, subset: tuple[int, ...] | None
) -> tuple[Questionnaire, tuple[bool, bool, tuple[int, ...]]]:
    """Every question of the round, whoever is asked it, and the shape it is kept under."""
    if not assessment.include_maturity:
        subset = ()
    elif subset is None:
        asked = Assessment.only_statements.through.objects.filter(assessment_id=assessment.pk)
        subset = tuple(sorted(asked.values_list("statement_id", flat=True)))
    shape = (assessment.include_maturity, assessment.include_activities, subset)
    version = assessment.framework_version
    return _QUESTIONNAIRES.get(version, shape, lambda: _build(version, *shape)), shape


def _for_role(whole: Questionnaire, role: str) -> Questionnaire:
    """The statements of ``whole`` that ``role`` is asked; an enabler none of whose
    statements are put to the role is left out rather than shown empty."""
    sections = []
    for section in whole.sections:
        if section.kind != "enabler":
            sections.append(section)
            continue
        statements = [s for s in section.statements if audiences.asks(s.audience, role)]
        if statements or not section.statements:
            sections.append(replace(section, statements=statements))
    return Questionnaire(
        sections=sections,
        agreement=whole.agreement,
        performance=whole.performance,
        leaders=whole.leaders,
    )


@dataclass(frozen=True)
class AskedOf:
    """What one kind of respondent is asked: the roles (labels), and how much."""

    roles: tuple[str, ...]
    statements: int
    activities: int
    minutes: int

    @property
    def roles_words(self) -> str:
        """ "Product manager, product owner or product marketing"."""
        words = [r.lower() for r in self.roles]
        listed = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)
        return listed[:1].upper() + listed[1:]


def asked_by_role(assessment: Assessment, role: str = "") -> list[AskedOf]:
    """What each kind of respondent will be asked, for the page that asks their role: the
    roles grouped by the statements they are asked (in the order roles are listed, so
    product roles usually come first); one entry, with no roles named, when every role is
    asked the same, or the respondent's own when ``role`` is known already."""
    whole, _ = _whole(assessment, None)
    labels = dict(Respondent.Role.choices)
    groups: dict[frozenset[int], list[str]] = {}
    asked: dict[frozenset[int], Questionnaire] = {}
    for value in [role] if role else Respondent.Role.values:
        q = _for_role(whole, value)
        same = frozenset(q.statement_sections)
        groups.setdefault(same, []).append(value)
        asked[same] = q
    found = [
        AskedOf(
            tuple(labels.get(v, v) for v in values),
            asked[same].statement_count,
            asked[same].activity_count,
            asked[same].minutes,
        )
        for same, values in groups.items()
    ]
    if len(found) == 1 and not role:
        return [replace(found[0], roles=())]  # everyone is asked the same
    return found


def _build(
    version: FrameworkVersion,
    include_maturity: bool,
    include_activities: bool,
    subset: tuple[int, ...],
) -> Questionnaire:
    sections: list[Section] = []
    if include_maturity:
        statements = Statement.objects.order_by("order", "pk")
        if subset:
            statements = statements.filter(pk__in=subset)
        enablers = Enabler.objects.filter(version=version).prefetch_related(
            Prefetch("statements", statements)
        )
        for enabler in enablers:
            if subset and not enabler.statements.all():
                continue
            sections.append(
                Section(
                    key=enabler.key,
                    title=enabler.name,
                    kind="enabler",
                    intro=enabler.summary,
                    statements=list(enabler.statements.all()),
                )
            )
    if include_activities:
        areas = ActivityArea.objects.filter(version=version).prefetch_related(
            Prefetch(
                "activities",
                Activity.objects.select_related("group").order_by("group__order", "order"),
            )
        )
        for area in areas:
            sections.append(
                Section(
                    key=f"activities-{area.key}",
                    title=f"Activities: {area.name}",
                    kind="activities",
                    intro=area.summary,
                    activities=list(area.activities.all()),
                )
            )
    scales = {
        s.key: list(s.options.all())
        for s in Scale.objects.filter(version=version).prefetch_related("options")
    }
    return Questionnaire(
        sections=sections,
        agreement=scales.get(Scale.AGREEMENT, []),
        performance=scales.get(Scale.PERFORMANCE, []),
        leaders=list(ActivityLeader.objects.filter(version=version)),
    )
