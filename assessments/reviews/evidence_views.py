"""A review's evidence (adding, the stored documents, removing) and its moderation pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.reviews import selectors, services
from assessments.reviews.access import ReviewAccess, evidence_in, review_in, review_to_edit
from assessments.reviews.forms import EvidenceForm, ModerationForm
from assessments.reviews.models import Evidence
from assessments.reviews.selectors import Content
from assessments.reviews.services import ReviewRefused
from assessments.reviews.views import problem, review_url
from frameworks.models import Enabler, Statement


def _content(found: ReviewAccess) -> Content:
    content = selectors.review_content(found.review)
    if content is None:
        raise Http404("This review has no round yet, so no questions to attach evidence to.")
    return content


def _preselected(request: HttpRequest, content: Content) -> dict[str, str]:
    """``?enabler=<key>&statement=<key>``, where they name this questionnaire's own."""
    enabler = request.GET.get("enabler", "")
    statement = request.GET.get("statement", "")
    if enabler not in content.by_key:
        return {}
    if statement and content.statement(enabler, statement) is None:
        statement = ""
    return {"enabler": enabler, "statement": statement}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def evidence_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = review_to_edit(request, slug, pk)
    content = selectors.review_content(found.review)
    if content is None:
        return problem(
            request,
            "Add a round first",
            "Evidence is about the questions of the round the review moderates. "
            "Choose the review's rounds, then add evidence.",
            review_url(found, "review_edit"),
            status=400 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES, content=content)
        if form.is_valid():
            try:
                added = services.evidence_add(
                    review=found.review, given=form.given(), user=request.user
                )
            except ReviewRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Added “{added.title}”.")
                return redirect(f"{review_url(found)}#enabler-{added.enabler_key}")
        status = 400
    else:
        form = EvidenceForm(initial=_preselected(request, content), content=content)
        status = 200
    context = found.page_context(form=form, back=review_url(found))
    return render(request, "reviews/evidence_form.html", context, status=status)


@login_required
@require_safe
def evidence_file(request: HttpRequest, slug: str, pk: int, evidence_pk: int) -> FileResponse:
    """A document, only to those who may see the review: never from a public URL."""
    item = evidence_in(review_in(request, slug, pk), evidence_pk)
    if item.kind != Evidence.Kind.DOCUMENT or not item.document:
        raise Http404("This evidence has no file.")
    try:
        handle = item.document.open("rb")
    except FileNotFoundError as gone:
        raise Http404("This file is no longer stored.") from gone
    response = FileResponse(handle, as_attachment=True, filename=item.document_name or "document")
    response["Content-Type"] = item.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, slug: str, pk: int, evidence_pk: int) -> HttpResponse:
    found = review_to_edit(request, slug, pk)
    item = evidence_in(found, evidence_pk)
    try:
        services.evidence_delete(evidence=item)
    except ReviewRefused as refused:
        return problem(request, "The evidence is still there", str(refused), review_url(found))
    messages.success(request, f"Removed “{item.title}”.")
    return redirect(f"{review_url(found)}#enabler-{item.enabler_key}")


def _subject(
    content: Content, enabler_key: str, statement_key: str
) -> tuple[Enabler, Statement | None]:
    enabler = content.by_key.get(enabler_key)
    if enabler is None:
        raise Http404("No such enabler in this review's questionnaire.")
    if not statement_key:
        return enabler, None
    statement = content.statement(enabler_key, statement_key)
    if statement is None:
        raise Http404("No such statement of this enabler.")
    return enabler, statement


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderate(
    request: HttpRequest, slug: str, pk: int, enabler_key: str, statement_key: str = ""
) -> HttpResponse:
    found = review_to_edit(request, slug, pk)
    review = found.review
    enabler, statement = _subject(_content(found), enabler_key, statement_key)
    standing = selectors.current_moderations(review).get((enabler_key, statement_key))
    cited = review.evidence.filter(enabler_key=enabler_key)
    if statement is not None:
        cited = cited.filter(statement_key__in=[statement_key, ""])
    form = ModerationForm(
        request.POST or None,
        statement=statement,
        evidence=cited.order_by("statement_key", "-added_at"),
        standing=standing is not None,
        initial={"evidence": [e.pk for e in standing.evidence.all()]} if standing else None,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.moderation_set(
                    review=review,
                    enabler_key=enabler_key,
                    statement_key=statement_key,
                    reason=form.cleaned_data["reason"],
                    evidence=list(form.cleaned_data["evidence"]),
                    user=request.user,
                    **form.decision(statement=statement),
                )
            except ReviewRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Recorded the moderated result.")
                return redirect(f"{review_url(found)}#enabler-{enabler_key}")
        status = 400
    else:
        status = 200
    report = selectors.survey_report(review)
    row = (
        next((r for r in report.enablers if r.enabler.key == enabler_key), None) if report else None
    )
    result = None
    if statement is not None and report is not None and report.scores is not None:
        result = report.scores.statements.get(statement.pk)
    context = found.page_context(
        form=form,
        enabler=enabler,
        statement=statement,
        standing=standing,
        standing_label=selectors.decision_label(standing, statement),
        survey=row,
        statement_survey=selectors.statement_survey_words(statement, result) if statement else "",
        report=report,
        back=f"{review_url(found)}#enabler-{enabler_key}",
        add_evidence=f"{review_url(found, 'review_evidence_add')}?enabler={enabler_key}"
        + (f"&statement={statement_key}" if statement_key else ""),
    )
    return render(request, "reviews/moderate.html", context, status=status)
