"""Read, check, load and export framework content files.

A content file describes one framework version in full. Loading is an upsert by
key, so loading the same file twice changes nothing, and primary keys (which
answers will point at) survive edits to a draft. A frozen version is never
changed: a file that differs from it is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Literal, TypeVar

import yaml
from django.db import models, transaction
from django.utils import timezone
from pydantic import ValidationError

from frameworks.models import (
    Activity,
    ActivityArea,
    ActivityGroup,
    ActivityLeader,
    Dial,
    DialGroup,
    DialInput,
    Enabler,
    Framework,
    FrameworkVersion,
    FrozenVersionError,
    GapAction,
    Level,
    LevelDescriptor,
    OwnershipKind,
    Recommendation,
    Scale,
    ScaleOption,
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
    Path,
    RecommendationIn,
    ScaleIn,
    ScaleOptionIn,
    ScalesIn,
    StatementIn,
    cross_check,
)

CONTENT_DIR = FsPath(__file__).resolve().parent / "content"
STATUS_RANK = {"draft": 0, "published": 1, "retired": 2}


class ContentError(Exception):
    """A content file cannot be loaded. The message names the file, the place and the problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(f"{source}: {p}" for p in self.problems))


# --- reading and checking -----------------------------------------------------------


def _line_index(node: yaml.Node, path: Path = ()) -> dict[Path, int]:
    """Map every path in the YAML document to the (1-based) line it starts on."""
    lines: dict[Path, int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            lines.update(_line_index(value_node, child))
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, i)))
    return lines


def _describe(path: Path, lines: dict[Path, int]) -> str:
    where = ""
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    for cut in range(len(path), -1, -1):
        if path[:cut] in lines:
            line = lines[path[:cut]]
            return f"line {line} ({where or 'top level'})"
    return where or "top level"


def parse_content(text: str, source: str) -> ContentFile:
    """Parse and check one content file; raise ContentError listing every problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        raise ContentError(source, [f"{line}not valid YAML: {exc.problem}"]) from exc
    if node is None or not isinstance(data, dict):
        raise ContentError(source, ["the file must be a YAML mapping (framework:, version:, ...)"])
    lines = _line_index(node)
    try:
        doc = ContentFile.model_validate(data)
    except ValidationError as exc:
        raise ContentError(
            source,
            [f"{_describe(tuple(err['loc']), lines)}: {err['msg']}" for err in exc.errors()],
        ) from exc
    problems = cross_check(doc)
    if problems:
        raise ContentError(source, [f"{_describe(p.path, lines)}: {p.message}" for p in problems])
    return doc


def read_content_file(path: FsPath) -> ContentFile:
    source = _display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(source, [f"cannot read the file: {exc}"]) from exc
    return parse_content(text, source)


def _display_path(path: FsPath) -> str:
    try:
        return str(path.resolve().relative_to(CONTENT_DIR.parent.parent))
    except ValueError:
        return str(path)


def content_files(directory: FsPath = CONTENT_DIR) -> list[FsPath]:
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


# --- loading --------------------------------------------------------------------------


@dataclass
class LoadResult:
    framework: str
    version: str
    outcome: Literal["created", "updated", "unchanged"]
    changes: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        detail = f" ({self.changes} changes)" if self.outcome == "updated" else ""
        notes = "".join(f"; {n}" for n in self.notes)
        return f"{self.framework} {self.version}: {self.outcome}{detail}{notes}"


M = TypeVar("M", bound=models.Model)


class _Sync:
    """Upserts the content of one version, counting real changes."""

    def __init__(self, version: FrameworkVersion) -> None:
        self.version = version
        self.changes = 0
        self._stale: list[tuple[type[models.Model], list[int]]] = []

    def rows(
        self,
        model: type[M],
        rows: Iterable[tuple[Hashable, dict[str, Any]]],
        key_of: Callable[[M], Hashable],
    ) -> dict[Hashable, M]:
        existing = {key_of(obj): obj for obj in model._default_manager.filter(version=self.version)}
        synced: dict[Hashable, M] = {}
        for order, (key, values) in enumerate(rows):
            values = {**values, "order": order}
            obj = existing.pop(key, None)
            if obj is None:
                obj = model(version=self.version, **values)
                obj.save()
                self.changes += 1
            else:
                changed = [name for name, value in values.items() if getattr(obj, name) != value]
                if changed:
                    for name in changed:
                        setattr(obj, name, values[name])
                    obj.save(update_fields=changed)
                    self.changes += 1
            synced[key] = obj
        self._stale.append((model, [obj.pk for obj in existing.values()]))
        return synced

    def delete_stale(self) -> None:
        # Children were synced after their parents, so delete in reverse.
        for model, pks in reversed(self._stale):
            if pks:
                deleted, _ = model._default_manager.filter(pk__in=pks).delete()
                self.changes += deleted


def _by_key(obj: Any) -> Hashable:
    return obj.key


def _sync_content(version: FrameworkVersion, doc: ContentFile) -> int:
    sync = _Sync(version)

    levels = sync.rows(
        Level,
        ((lv.key, {"key": lv.key, "name": lv.name, "summary": lv.summary}) for lv in doc.levels),
        _by_key,
    )
    scales = sync.rows(
        Scale,
        (
            (key, {"key": key, "name": getattr(doc.scales, key).name})
            for key in ("agreement", "performance")
        ),
        _by_key,
    )
    sync.rows(
        ScaleOption,
        (
            (
                (scales[key].pk, opt.key),
                {
                    "scale_id": scales[key].pk,
                    "key": opt.key,
                    "label": opt.label,
                    "score": opt.score,
                },
            )
            for key in ("agreement", "performance")
            for opt in getattr(doc.scales, key).options
        ),
        lambda o: (o.scale_id, o.key),
    )
    enablers = sync.rows(
        Enabler,
        ((e.key, {"key": e.key, "name": e.name, "summary": e.summary}) for e in doc.enablers),
        _by_key,
    )
    sync.rows(
        LevelDescriptor,
        (
            (
                (enablers[e.key].pk, levels[lv.key].pk),
                {
                    "enabler_id": enablers[e.key].pk,
                    "level_id": levels[lv.key].pk,
                    "text": e.descriptors[lv.key],
                },
            )
            for e in doc.enablers
            for lv in doc.levels
        ),
        lambda d: (d.enabler_id, d.level_id),
    )
    statements = sync.rows(
        Statement,
        (
            (
                s.key,
                {
                    "key": s.key,
                    "enabler_id": enablers[e.key].pk,
                    "level_id": levels[s.level].pk,
                    "text": s.text,
                    "help_text": s.help,
                    "reverse_scored": s.reverse,
                    "audience": s.audience,
                },
            )
            for e in doc.enablers
            for s in e.statements
        ),
        _by_key,
    )

    acts = doc.activities
    ownership = sync.rows(
        OwnershipKind,
        (
            (o.key, {"key": o.key, "label": o.label, "description": o.description})
            for o in acts.ownership
        ),
        _by_key,
    )
    sync.rows(
        ActivityLeader,
        ((ld.key, {"key": ld.key, "name": ld.name, "kind": ld.kind}) for ld in acts.leaders),
        _by_key,
    )
    areas = sync.rows(
        ActivityArea,
        ((a.key, {"key": a.key, "name": a.name, "summary": a.summary}) for a in acts.areas),
        _by_key,
    )
    groups = sync.rows(
        ActivityGroup,
        (
            (g.key, {"key": g.key, "name": g.name, "area_id": areas[a.key].pk})
            for a in acts.areas
            for g in a.groups
        ),
        _by_key,
    )
    placed: list[tuple[ActivityAreaIn, ActivityGroupIn | None, ActivityIn]] = [
        (a, g, act) for a in acts.areas for g in a.groups for act in g.activities
    ] + [(a, None, act) for a in acts.areas for act in a.activities]
    activities = sync.rows(
        Activity,
        (
            (
                act.key,
                {
                    "key": act.key,
                    "name": act.name,
                    "description": act.description,
                    "area_id": areas[a.key].pk,
                    "group_id": groups[g.key].pk if g else None,
                    "ownership_id": ownership[act.ownership].pk,
                },
            )
            for a, g, act in placed
        ),
        _by_key,
    )

    for e in doc.enablers:
        wanted = {activities[key].pk for key in e.depends_on}
        enabler = enablers[e.key]
        if set(enabler.depends_on.values_list("pk", flat=True)) != wanted:
            enabler.depends_on.set(wanted)
            sync.changes += 1

    dial_groups = sync.rows(
        DialGroup,
        ((g.key, {"key": g.key, "name": g.name}) for g in doc.dashboard.groups),
        _by_key,
    )
    dials = sync.rows(
        Dial,
        (
            (
                d.key,
                {
                    "key": d.key,
                    "group_id": dial_groups[g.key].pk,
                    "name": d.name,
                    "description": d.description,
                    "left_label": d.left,
                    "right_label": d.right,
                    "red_below": d.red_below,
                    "green_from": d.green_from,
                },
            )
            for g in doc.dashboard.groups
            for d in g.dials
        ),
        _by_key,
    )
    sync.rows(
        DialInput,
        (
            (
                (dials[d.key].pk, statements[inp.statement].pk),
                {
                    "dial_id": dials[d.key].pk,
                    "statement_id": statements[inp.statement].pk,
                    "weight": inp.weight,
                    "direction": inp.direction,
                },
            )
            for g in doc.dashboard.groups
            for d in g.dials
            for inp in d.inputs
        ),
        lambda i: (i.dial_id, i.statement_id),
    )
    recommendations = sync.rows(
        Recommendation,
        (
            (
                r.key,
                {
                    "key": r.key,
                    "enabler_id": enablers[r.enabler].pk,
                    "step": r.step,
                    "title": r.title,
                    "why": r.why,
                    "done": r.done,
                    "effort": r.effort,
                },
            )
            for r in doc.recommendations
        ),
        _by_key,
    )
    dial_by_key = dict(dials)
    for r in doc.recommendations:
        rec = recommendations[r.key]
        for relation, wanted in (
            (rec.statements, {statements[k].pk for k in r.moves.statements}),
            (rec.dials, {dial_by_key[k].pk for k in r.moves.dials}),
            (rec.activities, {activities[k].pk for k in r.moves.activities}),
            (rec.requires, {recommendations[k].pk for k in r.requires}),
        ):
            if set(relation.values_list("pk", flat=True)) != wanted:
                relation.set(wanted)
                sync.changes += 1
    sync.rows(
        GapAction,
        (
            (
                g.gap,
                {"gap": g.gap, "title": g.title, "why": g.why, "done": g.done, "effort": g.effort},
            )
            for g in doc.gap_actions
        ),
        lambda g: g.gap,
    )
    sync.delete_stale()
    return sync.changes


def _comparable(doc: ContentFile) -> dict[str, Any]:
    # The framework's name is shared by all its versions and the status only moves
    # forward (see load_content), so neither counts as a change to the content.
    return doc.model_dump(exclude={"framework", "status"})


@transaction.atomic
def load_content(doc: ContentFile, *, forked_from: FrameworkVersion | None = None) -> LoadResult:
    """Create or update the framework version a content file describes."""
    framework, created_framework = Framework.objects.get_or_create(
        slug=doc.framework.slug,
        defaults={"name": doc.framework.name, "description": doc.framework.description},
    )
    changes = 0
    if not created_framework and (
        framework.name != doc.framework.name or framework.description != doc.framework.description
    ):
        framework.name = doc.framework.name
        framework.description = doc.framework.description
        framework.save(update_fields=["name", "description", "updated_at"])
        changes += 1

    version = (
        FrameworkVersion.objects.select_for_update()
        .filter(framework=framework, label=doc.version)
        .first()
    )
    result = LoadResult(framework.slug, doc.version, "unchanged")
    if version is None:
        version = FrameworkVersion.objects.create(
            framework=framework,
            label=doc.version,
            status=FrameworkVersion.Status.DRAFT,
            summary=doc.summary,
            forked_from=forked_from,
        )
        result.outcome = "created"
        _sync_content(version, doc)
    elif _comparable(export_version(version)) != _comparable(doc):
        if version.is_frozen:
            raise FrozenVersionError(
                f"{framework.slug} {version.label} is frozen because it has answers; the file "
                f"differs from it, so nothing was loaded. Give the changed file a new version "
                f"label, or fork the version."
            )
        if version.summary != doc.summary:
            version.summary = doc.summary
            version.save(update_fields=["summary", "updated_at"])
            changes += 1
        changes += _sync_content(version, doc)

    if STATUS_RANK[doc.status] > STATUS_RANK[version.status]:
        move_status(version, doc.status)
        changes += 1
    elif STATUS_RANK[doc.status] < STATUS_RANK[version.status]:
        result.notes.append(f"kept status {version.status} (the file says {doc.status})")

    if result.outcome != "created" and changes:
        result.outcome = "updated"
    result.changes = changes
    return result


def move_status(version: FrameworkVersion, status: str) -> None:
    now = timezone.now()
    if status in ("published", "retired") and version.published_at is None:
        version.published_at = now
    if status == "retired":
        version.retired_at = now
    version.status = status
    version.save(update_fields=["status", "published_at", "retired_at", "updated_at"])


def load_content_files(paths: Sequence[FsPath]) -> list[LoadResult]:
    """Check every file first, then load them all in one transaction: all or nothing."""
    docs = [(path, read_content_file(path)) for path in paths]
    seen: dict[tuple[str, str], FsPath] = {}
    for path, doc in docs:
        key = (doc.framework.slug, doc.version)
        if key in seen:
            raise ContentError(
                _display_path(path),
                [f"{doc.framework.slug} {doc.version} is also in {_display_path(seen[key])}"],
            )
        seen[key] = path
    results = []
    with transaction.atomic():
        for path, doc in docs:
            try:
                results.append(load_content(doc))
            except FrozenVersionError as exc:
                raise ContentError(_display_path(path), [str(exc)]) from exc
    return results


# --- exporting ------------------------------------------------------------------------


def export_version(version: FrameworkVersion) -> ContentFile:
    """The content of a version, in the shape of a content file."""
    v = version
    levels = list(Level.objects.filter(version=v))
    level_key = {lv.pk: lv.key for lv in levels}
    scales = {s.key: s for s in Scale.objects.filter(version=v).prefetch_related("options")}
    enablers = Enabler.objects.filter(version=v).prefetch_related(
        "descriptors", "statements", "depends_on"
    )
    statement_key = {s.pk: s.key for s in Statement.objects.filter(version=v)}

    def scale(key: str) -> ScaleIn:
        return ScaleIn(
            name=scales[key].name,
            options=[
                ScaleOptionIn(key=o.key, label=o.label, score=o.score)
                for o in scales[key].options.all()
            ],
        )

    def activity(a: Activity) -> ActivityIn:
        return ActivityIn(
            key=a.key, name=a.name, description=a.description, ownership=a.ownership.key
        )

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
    dial_groups = DialGroup.objects.filter(version=v).prefetch_related(
        models.Prefetch("dials", Dial.objects.prefetch_related("inputs"))
    )
    recs = (
        Recommendation.objects.filter(version=v)
        .select_related("enabler")
        .prefetch_related("statements", "dials", "activities", "requires")
    )
    return ContentFile(
        recommendations=[
            RecommendationIn(
                key=r.key,
                enabler=r.enabler.key,
                step=r.step,  # type: ignore[arg-type]
                title=r.title,
                why=r.why,
                done=r.done,
                effort=r.effort,  # type: ignore[arg-type]
                moves=MovesIn(
                    statements=sorted(x.key for x in r.statements.all()),
                    dials=sorted(x.key for x in r.dials.all()),
                    activities=sorted(x.key for x in r.activities.all()),
                ),
                requires=sorted(x.key for x in r.requires.all()),
            )
            for r in recs
        ],
        gap_actions=[
            GapActionIn(gap=g.gap, title=g.title, why=g.why, done=g.done, effort=g.effort)  # type: ignore[arg-type]
            for g in GapAction.objects.filter(version=v)
        ],
        framework=FrameworkIn(
            slug=v.framework.slug, name=v.framework.name, description=v.framework.description
        ),
        version=v.label,
        status=v.status,
        summary=v.summary,
        levels=[LevelIn(key=lv.key, name=lv.name, summary=lv.summary) for lv in levels],  # type: ignore[arg-type]
        scales=ScalesIn(agreement=scale("agreement"), performance=scale("performance")),
        enablers=[
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
                        audience=s.audience,  # type: ignore[arg-type]
                    )
                    for s in e.statements.all()
                ],
                depends_on=sorted(a.key for a in e.depends_on.all()),
            )
            for e in enablers
        ],
        activities=ActivitiesIn(
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
                            activities=[activity(x) for x in g.activities.all()],
                        )
                        for g in a.groups.all()
                    ],
                    activities=[activity(x) for x in a.ungrouped],  # type: ignore[attr-defined,arg-type]
                )
                for a in areas
            ],
        ),
        dashboard=DashboardIn(
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
        ),
    )


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_content(doc: ContentFile) -> str:
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
