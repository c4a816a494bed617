"""Scored reports for a team, a department or a whole round."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from assessments import exports, reports, scoring
from assessments.access import OrgAccess, org_access
from assessments.models import Assessment, Department, Team
from assessments.pdf import PdfUnavailable, html_to_pdf
from frameworks.charts import dial_gauge, radar
from frameworks.models import ActivityLeader

GAP_TEXT = {
    "led-elsewhere": "Led by another function where product management should lead",
    "nobody": "Nobody leads it",
    "disagree": "People disagree about who leads it",
    "unknown": "Nobody knows who leads it",
}


def _assessment(access: OrgAccess, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("framework_version__framework").prefetch_related("teams"),
        organisation=access.organisation,
        pk=pk,
    )


def _headline(enabler: Any, result: scoring.EnablerResult) -> str:
    if result.score is None:
        return f"{enabler.name}: not enough answers to say."
    (_, _), (ma_met, ma_n), (le_met, le_n) = result.met_by_level
    if result.level == scoring.LEADING:
        detail = f"{le_met} of {le_n} leading practices are in place."
    elif result.level == scoring.MANAGED:
        detail = f"the basics hold; {le_met} of {le_n} leading practices are in place so far."
    else:
        detail = f"{ma_met} of {ma_n} managed practices are in place; the basics come first."
    return f"{enabler.name} is {result.level_name} (score {result.score:.0f}): {detail}"


def _scope(
    request: HttpRequest, access: OrgAccess, assessment: Assessment, kind: str, obj_pk: int | None
) -> tuple[str, set[int] | None, Team | Department | None]:
    team_ids = {t.pk for t in assessment.teams.all()}
    if kind == "team":
        team = get_object_or_404(Team, organisation=access.organisation, pk=obj_pk)
        if team.pk not in team_ids:
            raise Http404
        if not access.is_manager and access.membership.team_id != team.pk:
            raise PermissionDenied("You can see the report of your own team.")
        return team.name, {team.pk}, team
    if not access.is_manager:
        raise PermissionDenied("Only organisation admins and consultants see reports across teams.")
    if kind == "department":
        dept = get_object_or_404(Department, organisation=access.organisation, pk=obj_pk)
        ids = {t.pk for t in dept.teams.all()} & team_ids
        if not ids:
            raise Http404
        return dept.name, ids, dept
    return "All teams in this round", None, None


@login_required
def report(
    request: HttpRequest, slug: str, pk: int, kind: str = "round", obj_pk: int | None = None
) -> HttpResponse:
    return render(request, "reports/report.html", _report_context(request, slug, pk, kind, obj_pk))


def _report_context(
    request: HttpRequest, slug: str, pk: int, kind: str, obj_pk: int | None
) -> dict[str, Any]:
    access = org_access(request, slug)
    assessment = _assessment(access, pk)
    title, team_ids, scope_obj = _scope(request, access, assessment, kind, obj_pk)
    framework = reports.framework_for(assessment)
    responses, comments, counts = reports.responses_for(assessment, team_ids)
    threshold = assessment.min_group_size if assessment.is_anonymous else 1
    export_name = {"round": "orgs:report_export", "team": "orgs:report_team_export"}.get(
        kind, "orgs:report_department_export"
    )
    export_args: list[Any] = [slug, pk] + ([obj_pk] if obj_pk is not None else [])
    context: dict[str, Any] = {
        "export_csv": reverse(export_name, args=[*export_args, "csv"]),
        "export_xlsx": reverse(export_name, args=[*export_args, "xlsx"]),
        "export_pdf": reverse(export_name, args=[*export_args, "pdf"]),
        "organisation": access.organisation,
        "access": access,
        "assessment": assessment,
        "title": title,
        "kind": kind,
        "scope_team": scope_obj if isinstance(scope_obj, Team) else None,
        "counts": counts,
        "respondents": len(responses),
        "threshold": threshold,
        "low_confidence": len(responses) < reports.LOW_CONFIDENCE_BELOW,
        "teams": assessment.teams.select_related("department"),
    }
    if len(responses) < threshold or not responses:
        context["withheld"] = True
        return context

    scores = reports.score_scope(framework, responses)
    enablers = framework.enablers
    series = [
        (
            title,
            [scores.enablers[e.key].score if e.key in scores.enablers else None for e in enablers],
        )
    ]
    if team_ids is not None:
        if isinstance(scope_obj, Team) and scope_obj.department_id:
            dept_ids = {
                t.pk for t in context["teams"] if t.department_id == scope_obj.department_id
            }
            dept_responses, _, _ = reports.responses_for(assessment, dept_ids)
            if len(dept_responses) >= threshold and dept_ids != team_ids:
                dept_scores = reports.score_scope(framework, dept_responses)
                series.append(
                    (
                        f"{scope_obj.department} (department)",
                        [dept_scores.enablers[e.key].score for e in enablers],
                    )
                )
        all_responses, _, _ = reports.responses_for(assessment, None)
        whole = reports.score_scope(framework, all_responses)
        series.append(("Whole round", [whole.enablers[e.key].score for e in enablers]))

    rows = []
    for e in enablers:
        result = scores.enablers[e.key]
        rows.append(
            {
                "enabler": e,
                "result": result,
                "headline": _headline(e, result),
                "cells": [
                    (
                        lv,
                        framework.descriptors.get((e.pk, lv.pk), ""),
                        reports.LEVEL_INDEX[lv.key] == result.level,
                    )
                    for lv in framework.levels
                ],
            }
        )
    dials = []
    for dial in framework.dials:
        dial_result = scores.dials[dial.key]
        dials.append(
            {
                "dial": dial,
                "result": dial_result,
                "figure": dial_gauge(
                    red_below=dial.red_below,
                    green_from=dial.green_from,
                    value=None if dial_result.value is None else round(dial_result.value),
                ),
            }
        )
    by_id = {s.pk: s for s in framework.statements}
    rated = [(by_id[sid], r) for sid, r in scores.statements.items() if r.evidence is not None]
    strengths = sorted(rated, key=lambda sr: -(sr[1].evidence or 0))[:3]
    next_level = {e.key: scores.enablers[e.key].level + 1 for e in enablers}
    priorities = sorted(
        (sr for sr in rated if not sr[1].met),
        key=lambda sr: (
            reports.LEVEL_INDEX[sr[0].level.key] != next_level[sr[0].enabler.key],
            sr[1].evidence,
        ),
    )[:3]
    splits = sorted((sr for sr in rated if sr[1].split), key=lambda sr: -(sr[1].spread or 0))[:5]
    roles = scoring.by_role(
        statements=framework.specs, responses=responses, min_group=max(threshold, 1)
    )
    role_rows = []
    role_dont_know = [
        round(100 * sum(r.dont_know_rate for r in results.values()) / max(1, len(results)))
        for results in roles.values()
    ]
    if len(roles) >= 2:
        for e in enablers:
            values = {role: roles[role][e.key].score for role in roles}
            known = [v for v in values.values() if v is not None]
            gap = max(known) - min(known) if len(known) >= 2 else 0
            role_rows.append({"enabler": e, "values": [values[r] for r in roles], "gap": gap})
    leader_names = dict(
        ActivityLeader.objects.filter(version=assessment.framework_version).values_list(
            "key", "name"
        )
    )
    activities = [
        {
            "activity": a,
            "result": scores.activities[a.pk],
            "leaders": [(leader_names.get(k, k), n) for k, n in scores.activities[a.pk].leaders],
            "gaps": [GAP_TEXT[g] for g in scores.activities[a.pk].gaps],
        }
        for a in framework.activities
    ]
    flags = scoring.consistency_flags(
        enablers=scores.enablers,
        enabler_names={e.key: e.name for e in enablers},
        depends_on=framework.depends_on,
        activities=scores.activities,
        activity_names={a.pk: a.name for a in framework.activities},
        dials=framework.dial_specs,
        dial_results=scores.dials,
        dial_names={d.key: d.name for d in framework.dials},
        statements=framework.specs,
    )
    context.update(
        flags=flags,
        rows=rows,
        levels=framework.levels,
        radar=radar(labels=[e.name for e in enablers], series=series),
        dials=dials,
        strengths=strengths,
        priorities=priorities,
        splits=splits,
        role_names=[dict(_role_labels()).get(r, r) for r in roles],
        role_rows=role_rows,
        role_dont_know=role_dont_know,
        activities=activities,
        comments=comments,
    )
    return context


@login_required
def export(
    request: HttpRequest,
    slug: str,
    pk: int,
    fmt: str,
    kind: str = "round",
    obj_pk: int | None = None,
) -> HttpResponse:
    """Scores and raw answers of the same scope as the report, as CSV or XLSX."""
    if fmt not in {"csv", "xlsx", "pdf"}:
        raise Http404
    if fmt == "pdf":
        return _pdf(request, slug, pk, kind, obj_pk)
    access = org_access(request, slug)
    assessment = _assessment(access, pk)
    title, team_ids, _ = _scope(request, access, assessment, kind, obj_pk)
    framework = reports.framework_for(assessment)
    responses, _, _ = reports.responses_for(assessment, team_ids)
    threshold = assessment.min_group_size if assessment.is_anonymous else 1
    withheld = len(responses) < threshold
    score_rows = (
        [] if withheld else exports.score_rows(framework, reports.score_scope(framework, responses))
    )
    answer_rows = [] if withheld else exports.answer_rows(assessment, team_ids)
    name = slugify(f"{assessment.name} {title}")[:80] or "report"
    if fmt == "xlsx":
        data = exports.to_xlsx(
            [
                ("Scores", exports.SCORE_HEADER, score_rows),
                ("Answers", exports.ANSWER_HEADER, answer_rows),
            ]
        )
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    what = request.GET.get("what", "scores")
    if what == "answers":
        text = exports.to_csv(exports.ANSWER_HEADER, answer_rows)
    else:
        text = exports.to_csv(exports.SCORE_HEADER, score_rows)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{what}.csv"'
    return response


def _pdf(request: HttpRequest, slug: str, pk: int, kind: str, obj_pk: int | None) -> HttpResponse:
    context = _report_context(request, slug, pk, kind, obj_pk)
    context["pdf"] = True
    html = render_to_string("reports/report_pdf.html", context, request=request)
    try:
        data = html_to_pdf(html)
    except PdfUnavailable:
        return render(
            request,
            "respond/link_problem.html",
            {
                "title": "PDF export is not set up on this server",
                "text": "Use Print in your browser and choose “Save as PDF”, or ask your "
                "administrator to install Chromium (see PDF_CHROMIUM in the README).",
            },
            status=503,
        )
    name = slugify(f"{context['assessment'].name} {context['title']}")[:80] or "report"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _role_labels() -> list[tuple[str, str]]:
    from assessments.models import Respondent

    return list(Respondent.Role.choices)


def how_scores_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/how_scores_work.html",
        {"met_at": scoring.MET_AT, "split": scoring.SPLIT_SPREAD},
    )
