"""A team's roadmap: targets, the generated Now / Next / Later board, and editing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from assessments import roadmap_services as services
from assessments.access import OrgAccess, org_access
from assessments.exports import to_csv
from assessments.models import Assessment, Membership, Roadmap, RoadmapAction, Team
from assessments.pdf import PdfUnavailable, html_to_pdf
from assessments.views_report import _assessment, _headline, _scope
from frameworks.charts import timeline

LEVELS = ("Immature", "Managed", "Leading")


def _team(
    request: HttpRequest, slug: str, pk: int, team_pk: int
) -> tuple[OrgAccess, Assessment, Team]:
    access = org_access(request, slug)
    assessment = _assessment(access, pk)
    _, _, team = _scope(request, access, assessment, "team", team_pk)
    assert isinstance(team, Team)
    return access, assessment, team


def _action(road: Roadmap | None, action_pk: int) -> RoadmapAction:
    if road is None:
        raise Http404
    return get_object_or_404(RoadmapAction, roadmap=road, pk=action_pk)


@login_required
def board(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    access, assessment, team = _team(request, slug, pk, team_pk)
    computed = services.team_scores(assessment, team)
    context: dict[str, Any] = {
        "organisation": access.organisation,
        "assessment": assessment,
        "team": team,
        "access": access,
    }
    if computed is None:
        context["withheld"] = True
        return render(request, "roadmaps/board.html", context)
    framework, scores = computed
    targets = services.current_targets(assessment, team, scores)
    road = Roadmap.objects.filter(assessment=assessment, team=team).first()
    actions = list(
        road.actions.select_related("owner", "recommendation")
        .prefetch_related("changes__user")
        .order_by("position", "pk")
        if road
        else []
    )
    columns = [
        (h, label, [a for a in actions if a.horizon == h])
        for h, label in RoadmapAction.Horizon.choices
    ]
    members = (
        Membership.objects.filter(organisation=access.organisation)
        .select_related("user")
        .order_by("user__first_name")
    )
    dated = [a for a in actions if a.due_date and a.status != RoadmapAction.Status.DROPPED]
    context.update(
        progress=services.progress(road) if road else None,
        can_recheck=bool(
            road and road.actions.filter(status="done", recommendation__isnull=False).exists()
        ),
        timeline=timeline(
            items=[
                (a.title[:60], a.created_at.date().isoformat(), a.due_date.isoformat(), a.status)
                for a in sorted(dated, key=lambda a: a.due_date)  # type: ignore[arg-type,return-value]
                if a.due_date
            ]
        )
        if dated
        else None,
        road=road,
        columns=columns,
        statuses=RoadmapAction.Status.choices,
        horizons=RoadmapAction.Horizon.choices,
        members=[m.user for m in members],
        target_rows=[
            {
                "enabler": e,
                "current": scores.enablers[e.key].level,
                "current_name": LEVELS[scores.enablers[e.key].level],
                "score": scores.enablers[e.key].score,
                "target": targets[e.key],
                "choices": [(i, LEVELS[i]) for i in range(scores.enablers[e.key].level, 3)],
            }
            for e in framework.enablers
        ],
    )
    return render(request, "roadmaps/board.html", context)


@login_required
@require_POST
def generate(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    _, assessment, team = _team(request, slug, pk, team_pk)
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
            assessment=assessment, team=team, targets=targets, reasons=reasons, user=request.user
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
    access, assessment, team = _team(request, slug, pk, team_pk)
    action = _action(Roadmap.objects.filter(assessment=assessment, team=team).first(), action_pk)
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
        if (
            owner
            and not Membership.objects.filter(
                organisation=access.organisation, user_id=owner
            ).exists()
        ):
            messages.error(request, "The owner must be someone in this organisation.")
            return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
        changes["owner_id"] = int(owner) if owner else None
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
    _, assessment, team = _team(request, slug, pk, team_pk)
    action = _action(Roadmap.objects.filter(assessment=assessment, team=team).first(), action_pk)
    services.action_move(
        action=action,
        user=request.user,
        direction="up" if request.POST.get("direction") == "up" else "down",
    )
    return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)


@login_required
@require_POST
def action_add(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    _, assessment, team = _team(request, slug, pk, team_pk)
    road = Roadmap.objects.filter(assessment=assessment, team=team).first()
    title = request.POST.get("title", "").strip()
    horizon = request.POST.get("horizon", "now")
    if road is None or not title or horizon not in RoadmapAction.Horizon.values:
        messages.error(request, "Give the action a title (and generate the roadmap first).")
    else:
        services.action_add(road=road, user=request.user, title=title, horizon=horizon)
        messages.success(request, "Added your action.")
    return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)


def _road_or_404(assessment: Assessment, team: Team) -> Roadmap:
    road = Roadmap.objects.filter(assessment=assessment, team=team).first()
    if road is None:
        raise Http404("No roadmap yet.")
    return road


@login_required
def export_csv(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    _, assessment, team = _team(request, slug, pk, team_pk)
    road = _road_or_404(assessment, team)
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
            a.reason,
            a.notes,
        ]
        for a in road.actions.select_related("owner", "recommendation__enabler").order_by(
            "position"
        )
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
            "why here",
            "notes",
        ],
        rows,
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(team.name)}-roadmap.csv"'
    return response


def _summary_context(request: HttpRequest, slug: str, pk: int, team_pk: int) -> dict[str, Any]:
    access, assessment, team = _team(request, slug, pk, team_pk)
    road = _road_or_404(assessment, team)
    computed = services.team_scores(assessment, team)
    headlines = []
    if computed is not None:
        framework, scores = computed
        headlines = [
            (LEVELS[scores.enablers[e.key].level], _headline(e, scores.enablers[e.key]))
            for e in framework.enablers
        ]
    actions = list(
        road.actions.exclude(status=RoadmapAction.Status.DROPPED)
        .select_related("owner")
        .order_by("position", "pk")
    )
    return {
        "organisation": access.organisation,
        "assessment": assessment,
        "team": team,
        "headlines": headlines,
        "columns": [
            (h, label, [a for a in actions if a.horizon == h])
            for h, label in RoadmapAction.Horizon.choices
        ],
    }


@login_required
def summary(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    """One page: the report's headlines and the roadmap, for a wall or a board pack."""
    return render(request, "roadmaps/summary.html", _summary_context(request, slug, pk, team_pk))


@login_required
def summary_pdf(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    context = _summary_context(request, slug, pk, team_pk)
    context["pdf"] = True
    try:
        data = html_to_pdf(render_to_string("roadmaps/summary.html", context, request=request))
    except PdfUnavailable:
        return HttpResponse(
            "PDF export is not set up on this server: print the summary page to PDF instead.",
            status=503,
            content_type="text/plain",
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(context["team"].name)}-roadmap.pdf"'
    )
    return response


@login_required
@require_POST
def recheck(request: HttpRequest, slug: str, pk: int, team_pk: int) -> HttpResponse:
    access, assessment, team = _team(request, slug, pk, team_pk)
    road = _road_or_404(assessment, team)
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
    if access.can_manage(new_round):
        return redirect("orgs:assessment", slug=slug, pk=new_round.pk)
    return redirect("orgs:roadmap", slug=slug, pk=pk, team_pk=team_pk)
