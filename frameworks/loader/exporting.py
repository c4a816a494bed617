"""Export a framework version from the database, as a content file.

``export_version`` gives the same shape a file is read into, so a file and its export
compare equal (the loader relies on that to see whether a file changes anything);
``dump_content`` writes it as YAML that loads back to the same version.
"""

from __future__ import annotations

import yaml
from django.db import models

from frameworks.models import (
    Activity,
    ActivityArea,
    ActivityGroup,
    ActivityLeader,
    Dial,
    DialGroup,
    Enabler,
    FrameworkVersion,
    GapAction,
    Level,
    OwnershipKind,
    Persona,
    Recommendation,
    Scale,
    Statement,
)
from frameworks.schema import (
    ActivitiesIn,
    ActivityAreaIn,
    ActivityGroupIn,
    ActivityIn,
    ContentFile,
    DashboardIn,
    DialGroupIn,
    DialIn,
    DialInputIn,
    EnablerIn,
    FrameworkIn,
    GapActionIn,
    LeaderIn,
    LevelIn,
    MovesIn,
    OwnershipIn,
    PersonaIn,
    RecommendationIn,
    ScaleIn,
    ScaleOptionIn,
    ScalesIn,
    StatementIn,
)


def export_version(version: FrameworkVersion) -> ContentFile:
    """The content of a version, in the shape of a content file."""
    v = version
    levels = list(Level.objects.filter(version=v))
    level_key = {lv.pk: lv.key for lv in levels}
    return ContentFile(
        recommendations=_recommendations(v),
        personas=[
            PersonaIn(key=p.key, name=p.name, description=p.description, leadership=p.leadership)
            for p in Persona.objects.filter(version=v)
        ],
        gap_actions=[
            GapActionIn(
                gap=g.gap,  # type: ignore[arg-type]
                title=g.title,
                why=g.why,
                done=g.done,
                effort=g.effort,  # type: ignore[arg-type]
                first_step=g.first_step,
            )
            for g in GapAction.objects.filter(version=v)
        ],
        framework=FrameworkIn(
            slug=v.framework.slug, name=v.framework.name, description=v.framework.description
        ),
        version=v.label,
        status=v.status,
        summary=v.summary,
        levels=[LevelIn(key=lv.key, name=lv.name, summary=lv.summary) for lv in levels],  # type: ignore[arg-type]
        scales=_scales(v),
        enablers=_enablers(v, level_key),
        activities=_activities(v),
        dashboard=_dashboard(v),
    )


def _scales(v: FrameworkVersion) -> ScalesIn:
    scales = {s.key: s for s in Scale.objects.filter(version=v).prefetch_related("options")}

    def scale(key: str) -> ScaleIn:
        return ScaleIn(
            name=scales[key].name,
            options=[
                ScaleOptionIn(key=o.key, label=o.label, score=o.score)
                for o in scales[key].options.all()
            ],
        )

    return ScalesIn(agreement=scale("agreement"), performance=scale("performance"))


def _enablers(v: FrameworkVersion, level_key: dict[int, str]) -> list[EnablerIn]:
    enablers = Enabler.objects.filter(version=v).prefetch_related(
        "descriptors", "statements", "depends_on"
    )
    return [
        EnablerIn(
            key=e.key,
            name=e.name,
            summary=e.summary,
            descriptors={level_key[d.level_id]: d.text for d in e.descriptors.all()},
            statements=[
                StatementIn(
                    key=s.key,
                    level=level_key[s.level_id],
                    text=s.text,
                    help=s.help_text,
                    reverse=s.reverse_scored,
                    audience=s.audience,
                )
                for s in e.statements.all()
            ],
            depends_on=sorted(a.key for a in e.depends_on.all()),
        )
        for e in enablers
    ]


def _activity(a: Activity) -> ActivityIn:
    return ActivityIn(key=a.key, name=a.name, description=a.description, ownership=a.ownership.key)


def _activities(v: FrameworkVersion) -> ActivitiesIn:
    areas = ActivityArea.objects.filter(version=v).prefetch_related(
        models.Prefetch(
            "groups",
            ActivityGroup.objects.prefetch_related(
                models.Prefetch("activities", Activity.objects.select_related("ownership"))
            ),
        ),
        models.Prefetch(
            "activities",
            Activity.objects.filter(group__isnull=True).select_related("ownership"),
            to_attr="ungrouped",
        ),
    )
    return ActivitiesIn(
        ownership=[
            OwnershipIn(key=o.key, label=o.label, description=o.description)
            for o in OwnershipKind.objects.filter(version=v)
        ],
        leaders=[
            LeaderIn(key=ld.key, name=ld.name, kind=ld.kind)  # type: ignore[arg-type]
            for ld in ActivityLeader.objects.filter(version=v)
        ],
        areas=[
            ActivityAreaIn(
                key=a.key,
                name=a.name,
                summary=a.summary,
                groups=[
                    ActivityGroupIn(
                        key=g.key,
                        name=g.name,
                        activities=[_activity(x) for x in g.activities.all()],
                    )
                    for g in a.groups.all()
                ],
                activities=[_activity(x) for x in a.ungrouped],  # type: ignore[attr-defined,arg-type]
            )
            for a in areas
        ],
    )


def _dashboard(v: FrameworkVersion) -> DashboardIn:
    statement_key = {s.pk: s.key for s in Statement.objects.filter(version=v)}
    dial_groups = DialGroup.objects.filter(version=v).prefetch_related(
        models.Prefetch("dials", Dial.objects.prefetch_related("inputs"))
    )
    return DashboardIn(
        groups=[
            DialGroupIn(
                key=g.key,
                name=g.name,
                dials=[
                    DialIn(
                        key=d.key,
                        name=d.name,
                        description=d.description,
                        left=d.left_label,
                        right=d.right_label,
                        red_below=d.red_below,
                        green_from=d.green_from,
                        inputs=[
                            DialInputIn(
                                statement=statement_key[i.statement_id],
                                weight=i.weight,
                                direction=i.direction,  # type: ignore[arg-type]
                            )
                            for i in d.inputs.all()
                        ],
                    )
                    for d in g.dials.all()
                ],
            )
            for g in dial_groups
        ]
    )


def _recommendations(v: FrameworkVersion) -> list[RecommendationIn]:
    recs = (
        Recommendation.objects.filter(version=v)
        .select_related("enabler")
        .prefetch_related("statements", "dials", "activities", "requires")
    )
    return [
        RecommendationIn(
            key=r.key,
            enabler=r.enabler.key,
            step=r.step,  # type: ignore[arg-type]
            title=r.title,
            why=r.why,
            done=r.done,
            effort=r.effort,  # type: ignore[arg-type]
            first_step=r.first_step,
            decided_by=r.decided_by,  # type: ignore[arg-type]
            moves=MovesIn(
                statements=sorted(x.key for x in r.statements.all()),
                dials=sorted(x.key for x in r.dials.all()),
                activities=sorted(x.key for x in r.activities.all()),
            ),
            requires=sorted(x.key for x in r.requires.all()),
        )
        for r in recs
    ]


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line text as a block, so an exported file reads like a hand-written one.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_content(doc: ContentFile) -> str:
    """The YAML text of a content file, with a header saying how to load it."""
    header = (
        f"# {doc.framework.name} {doc.version}: exported by `manage.py export_framework`.\n"
        "# Load with `manage.py load_frameworks`. A version with answers is frozen: fork it\n"
        "# (or give this file a new version label) to change its content.\n"
    )
    data = doc.model_dump(mode="json", exclude_defaults=True)
    # Keys that are required but also have defaults must stay for a readable file.
    data.setdefault("status", doc.status)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body
