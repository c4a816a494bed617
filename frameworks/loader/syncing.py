"""Load checked content into the database: an upsert by key, part by part.

Loading the same file twice changes nothing, and primary keys (which answers point
at) survive edits to a draft. A frozen version is never changed: a file that differs
from it is refused.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from frameworks.loader.exporting import export_version
from frameworks.loader.reading import ContentError, _display_path, read_content_file
from frameworks.loader.upserting import Sync as _Sync
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
    Persona,
    Recommendation,
    Scale,
    ScaleOption,
    Statement,
)
from frameworks.schema import ActivityAreaIn, ActivityGroupIn, ActivityIn, ContentFile

STATUS_RANK = {"draft": 0, "published": 1, "retired": 2}


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


Rows = dict[Hashable, Any]


def _by_key(obj: Any) -> Hashable:
    return obj.key


def _sync_content(version: FrameworkVersion, doc: ContentFile) -> int:
    """Make the version's rows match the file; return how many changes that took.

    Parts go parents first, since children point at them; stale rows are deleted
    at the end, children first.
    """
    sync = _Sync(version)
    levels = _sync_levels_and_scales(sync, doc)
    enablers, statements = _sync_enablers(sync, doc, levels)
    activities = _sync_activities(sync, doc)
    for e in doc.enablers:
        sync.relation(enablers[e.key].depends_on, {activities[key].pk for key in e.depends_on})
    dials = _sync_dashboard(sync, doc, statements)
    _sync_recommendations(sync, doc, enablers, statements, dials, activities)
    sync.rows(
        Persona,
        (
            (
                p.key,
                {
                    "key": p.key,
                    "name": p.name,
                    "description": p.description,
                    "leadership": p.leadership,
                },
            )
            for p in doc.personas
        ),
        _by_key,
    )
    sync.link_created()
    sync.delete_stale()
    return sync.changes


def _sync_levels_and_scales(sync: _Sync, doc: ContentFile) -> Rows:
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
    return levels


def _sync_enablers(sync: _Sync, doc: ContentFile, levels: Rows) -> tuple[Rows, Rows]:
    """Enablers, their level descriptors and their statements."""
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
    return enablers, statements


def _sync_activities(sync: _Sync, doc: ContentFile) -> Rows:
    """Ownership kinds, leaders, areas, groups and activities."""
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
    return sync.rows(
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


def _sync_dashboard(sync: _Sync, doc: ContentFile, statements: Rows) -> Rows:
    """Dial groups, dials and the statements each dial reads."""
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
    return dials


def _sync_recommendations(
    sync: _Sync,
    doc: ContentFile,
    enablers: Rows,
    statements: Rows,
    dials: Rows,
    activities: Rows,
) -> None:
    """Recommendations, what each moves and requires, and the gap actions."""
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
                    "first_step": r.first_step,
                    "decided_by": r.decided_by,
                },
            )
            for r in doc.recommendations
        ),
        _by_key,
    )
    for r in doc.recommendations:
        rec = recommendations[r.key]
        sync.relation(rec.statements, {statements[k].pk for k in r.moves.statements})
        sync.relation(rec.dials, {dials[k].pk for k in r.moves.dials})
        sync.relation(rec.activities, {activities[k].pk for k in r.moves.activities})
        sync.relation(rec.requires, {recommendations[k].pk for k in r.requires})
    sync.rows(
        GapAction,
        (
            (
                g.gap,
                {
                    "gap": g.gap,
                    "title": g.title,
                    "why": g.why,
                    "done": g.done,
                    "effort": g.effort,
                    "first_step": g.first_step,
                },
            )
            for g in doc.gap_actions
        ),
        lambda g: g.gap,
    )


def _comparable(doc: ContentFile) -> dict[str, Any]:
    # The framework's name is shared by all its versions and the status only moves
    # forward (see load_content), so neither counts as a change to the content.
    return doc.model_dump(exclude={"framework", "status"})


@transaction.atomic
def load_content(doc: ContentFile, *, forked_from: FrameworkVersion | None = None) -> LoadResult:
    """Create or update the framework version a content file describes."""
    framework, changes = _sync_framework(doc)
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
        changes += _update_version(version, doc)

    if STATUS_RANK[doc.status] > STATUS_RANK[version.status]:
        move_status(version, doc.status)
        changes += 1
    elif STATUS_RANK[doc.status] < STATUS_RANK[version.status]:
        result.notes.append(f"kept status {version.status} (the file says {doc.status})")

    if result.outcome != "created" and changes:
        result.outcome = "updated"
    result.changes = changes
    return result


def _sync_framework(doc: ContentFile) -> tuple[Framework, int]:
    """The framework the file names, created or updated; and whether that changed it."""
    framework, created = Framework.objects.get_or_create(
        slug=doc.framework.slug,
        defaults={"name": doc.framework.name, "description": doc.framework.description},
    )
    if created or (
        framework.name == doc.framework.name and framework.description == doc.framework.description
    ):
        return framework, 0
    framework.name = doc.framework.name
    framework.description = doc.framework.description
    framework.save(update_fields=["name", "description", "updated_at"])
    return framework, 1


def _update_version(version: FrameworkVersion, doc: ContentFile) -> int:
    """Bring an existing version in line with a file that differs from it."""
    if version.is_frozen:
        raise FrozenVersionError(
            f"{doc.framework.slug} {version.label} is frozen because it has answers; the file "
            f"differs from it, so nothing was loaded. Give the changed file a new version "
            f"label, or fork the version."
        )
    changes = 0
    if version.summary != doc.summary:
        version.summary = doc.summary
        version.save(update_fields=["summary", "updated_at"])
        changes += 1
    return changes + _sync_content(version, doc)


def move_status(version: FrameworkVersion, status: str) -> None:
    """Move a version on (draft, published, retired), stamping when it got there."""
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
