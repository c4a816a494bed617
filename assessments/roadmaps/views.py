"""A team's roadmap: targets, the generated Now / Next / Later board, and editing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.exports.models import ExportJob
from assessments.exports.services import ExportRequest
from assessments.exports.views import start_export
from assessments.organisations.access import is_member
from assessments.reports.exports import to_csv
from assessments.roadmaps import selectors, services
from assessments.roadmaps.access import action_or_404, roadmap_or_404, team_roadmap
from assessments.roadmaps.models import RoadmapAction
from assessments.rounds.access import can_manage, require_can_create
from frameworks.charts import timeline
from frameworks.levels import MaturityLevel
from pmmaturity.converters import as_id


@login_required
@require_safe
def board(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    place = team_roadmap(request, slug, pk, team_pk)
    report = selectors.team_report(place.assessment, place.team)
    context = place.access.page_context(assessment=place.assessment, team=place.team)
    if report.scores is None:
        context["withheld"] = True
        return render(request, "roadmaps/board.html", context)
    scores = report.scores
    targets = selectors.current_targets(place.assessment, place.team, scores)
    reasons = selectors.target_reasons(place.assessment, place.team)
    road = place.roadmap
    actions = selectors.board_actions(road)
    context.update(
        progress=selectors.progress(road) if road else None,
        can_recheck=selectors.can_recheck(road),
        timeline=_timeline(actions),
        dated=_dated(actions),
        road=road,
        columns=selectors.by_horizon(actions),
        leadership=selectors.for_leadership(actions),
        statuses=RoadmapAction.Status.choices,
        horizons=RoadmapAction.Horizon.choices,
        members=selectors.possible_owners(place.access.organisation),
        target_rows=[
            {
                "enabler": e,
                "current": int(scores.enablers[e.key].level),
                "current_name": scores.enablers[e.key].level_name,
                "current_key": scores.enablers[e.key].level_key,
                "score": scores.enablers[e.key].position,
                "target": int(targets[e.key]),
                "reason": reasons.get(e.key, ""),
                "choices": [
                    (int(level), level.label)
                    for level in MaturityLevel
                    if level >= scores.enablers[e.key].level
                ],
            }
            for e in report.framework.enablers
        ],
    )
    return render(request, "roadmaps/board.html", context)


def _dated(actions: list[RoadmapAction]) -> list[RoadmapAction]:
    """Actions with a due date, soonest first: the timeline and its table."""
    dated = [a for a in actions if a.due_date and a.status != RoadmapAction.Status.DROPPED]
    return sorted(dated, key=lambda a: a.due_date)  # type: ignore[arg-type,return-value]


def _timeline(actions: list[RoadmapAction]) -> dict[str, Any] | None:
    dated = _dated(actions)
    if not dated:
        return None
    return timeline(
        items=[
            (a.title[:60], a.created_at.date().isoformat(), a.due_date.isoformat(), a.status)
            for a in dated
            if a.due_date
        ]
    )


@login_required
@require_POST
def generate(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    place = team_roadmap(request, slug, pk, team_pk)
    targets: dict[str, int] = {}
    reasons: dict[str, str] = {}
    for name in request.POST:
        value = request.POST.get(name, "")
        if name.startswith("target-"):
            try:
                targets[name[7:]] = max(0, min(2, int(value)))
            except ValueError:
                messages.error(request, "Choose a target level from the list.")
                return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
        elif name.startswith("reason-"):
            reasons[name[7:]] = value
    try:
        services.roadmap_generate(
            assessment=place.assessment,
            team=place.team,
            targets=targets,
            reasons=reasons,
            user=request.user,
        )
    except (ValueError, KeyError):
        messages.error(request, "The roadmap could not be generated from these targets.")
    else:
        messages.success(
            request, "Roadmap ready. Accept the actions you will take on, and give each an owner."
        )
    return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)


@login_required
@require_POST
def action_edit(
    request: HttpRequest, slug: str, pk: int, team_pk: int, action_pk: int
) -> HttpResponse:
    place = team_roadmap(request, slug, pk, team_pk)
    action = action_or_404(place, action_pk)
    changes: dict[str, Any] = {}
    data = request.POST
    if "status" in data:
        if data["status"] not in RoadmapAction.Status.values:
            messages.error(request, "Choose a status from the list.")
            return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
        changes["status"] = data["status"]
    if "horizon" in data and data["horizon"] in RoadmapAction.Horizon.values:
        changes["horizon"] = data["horizon"]
    if "owner" in data:
        owner = data["owner"]
        owner_id = as_id(owner)
        if owner and (owner_id is None or not is_member(place.access, owner_id)):
            messages.error(request, "The owner must be someone in this organisation.")
            return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
        changes["owner_id"] = owner_id if owner else None
    if "due_date" in data:
        try:
            changes["due_date"] = date.fromisoformat(data["due_date"]) if data["due_date"] else None
        except ValueError:
            messages.error(
                request, f"“{data['due_date']}” is not a date; use the date picker (YYYY-MM-DD)."
            )
            return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
    if "notes" in data:
        changes["notes"] = data["notes"].strip()[:2000]
    services.action_update(action=action, user=request.user, **changes)
    messages.success(request, f"Saved “{action.title}”.")
    board_url = reverse("orgs:roadmap", args=[slug, pk, team_pk])
    return redirect(f"{board_url}#action-{action.pk}")


@login_required
@require_POST
def action_move(
    request: HttpRequest, slug: str, pk: int, team_pk: int, action_pk: int
) -> HttpResponse:
    action = action_or_404(team_roadmap(request, slug, pk, team_pk), action_pk)
    services.action_move(
        action=action,
        user=request.user,
        direction="up" if request.POST.get("direction") == "up" else "down",
    )
    return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)


@login_required
@require_POST
def action_add(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    road = team_roadmap(request, slug, pk, team_pk).roadmap
    title = request.POST.get("title", "").strip()
    horizon = request.POST.get("horizon", "now")
    if road is None or not title or horizon not in RoadmapAction.Horizon.values:
        messages.error(request, "Give the action a title (and generate the roadmap first).")
    else:
        services.action_add(road=road, user=request.user, title=title, horizon=horizon)
        messages.success(request, "Added your action.")
    return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)


@login_required
@require_safe
def export_csv(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    place = team_roadmap(request, slug, pk, team_pk)
    road = roadmap_or_404(place)
    rows = [
        [
            a.get_horizon_display(),
            a.position,
            a.title,
            a.get_status_display(),
            (a.owner.get_full_name() or a.owner.get_username()) if a.owner else "",
            a.due_date.isoformat() if a.due_date else "",
            a.effort,
            a.recommendation.enabler.name if a.recommendation else "",
            "leadership" if a.for_leadership else "team",
            a.reason,
            a.first_step,
            a.notes,
        ]
        for a in selectors.export_actions(road)
    ]
    order = {"Now": 0, "Next": 1, "Later": 2}
    rows.sort(key=lambda r: (order.get(str(r[0]), 3), r[1]))
    text = to_csv(
        [
            "when",
            "position",
            "action",
            "status",
            "owner",
            "due",
            "effort",
            "enabler",
            "for",
            "why here",
            "first step",
            "notes",
        ],
        rows,
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(place.team.name)}-roadmap.csv"'
    )
    return response


@login_required
@require_safe
def summary(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    """One page: the report's headlines and the roadmap, for a wall or a board pack."""
    place = team_roadmap(request, slug, pk, team_pk)
    return render(request, "roadmaps/summary.html", selectors.summary_context(place))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def summary_pdf(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    """The summary as a PDF, made in the background: asks first, then shows its progress."""
    place = team_roadmap(request, slug, pk, team_pk)
    roadmap_or_404(place)
    return start_export(
        request,
        place.access,
        ExportRequest(
            assessment=place.assessment,
            kind=ExportJob.Kind.ROADMAP_PDF,
            scope_kind="team",
            scope_pk=place.team.pk,
            title=f"{place.team.name}: roadmap summary (PDF)",
        ),
        back=reverse("orgs:roadmap_summary", args=[slug, pk, team_pk]),
    )


@login_required
@require_POST
def recheck(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    place = team_roadmap(request, slug, pk, team_pk)
    require_can_create(place.access)  # a re-check is a new round like any other
    road = roadmap_or_404(place)
    try:
        new_round = services.recheck_create(road=road, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
    messages.success(
        request,
        "Re-check created: share its team link. It asks only the statements your "
        "finished actions target.",
    )
    if can_manage(place.access, new_round):
        return redirect("orgs:assessment", slug=slug, pk=new_round.pk)
    return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
