"""Pages of the reviews room: the organisation's reviews, starting and editing one, its
working page and status, its history, and calibration across reviews and clients.

Evidence and moderation pages are in ``evidence_views``. Each view checks access through
``reviews.access``, binds a form, calls one service and redirects or renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.firms.access import firm_access
from assessments.reviews import calibration, calibration_charts, selectors, services
from assessments.reviews.access import (
    ReviewAccess,
    review_in,
    review_place,
    review_to_edit,
    review_to_run,
    runner_place,
)
from assessments.reviews.forms import ReviewForm, review_initial
from assessments.reviews.models import Review
from assessments.reviews.services import ReviewRefused

STEPS: list[tuple[str, str]] = [
    (Review.Status.PLANNING, "Planning"),
    (Review.Status.FIELDWORK, "Fieldwork"),
    (Review.Status.MODERATION, "Moderation"),
    (Review.Status.DELIVERED, "Delivered"),
]


def review_url(found: ReviewAccess, name: str = "review", *args: Any) -> str:
    return reverse(f"orgs:{name}", args=[found.access.organisation.slug, found.review.pk, *args])


def problem(request: HttpRequest, title: str, text: str, back: str, status: int = 400) -> Any:
    """A refused button press: what happened, why, and the way back."""
    return render(
        request, "problem.html", {"title": title, "text": text, "back": back}, status=status
    )


@login_required
@require_safe
def reviews(request: HttpRequest, slug: str) -> HttpResponse:
    place = review_place(request, slug)
    found = selectors.reviews_of(place.access.organisation)
    return render(request, "reviews/list.html", place.page_context(reviews=found))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_create(request: HttpRequest, slug: str) -> HttpResponse:
    place = runner_place(request, slug)
    organisation, firm = place.access.organisation, place.firm
    assert firm is not None  # runner_place: a consultant of the serving firm
    form = ReviewForm(
        request.POST or None, organisation=organisation, firm=firm, initial={"title": ""}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                review = services.review_create(
                    organisation=organisation, firm=firm, scope=form.scope(), user=request.user
                )
            except ReviewRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Started “{review.title}”.")
                return redirect("orgs:review", slug=slug, pk=review.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "reviews/form.html",
        place.page_context(
            form=form,
            heading="Start a review",
            button="Start the review",
            back=reverse("orgs:reviews", args=[slug]),
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = review_to_edit(request, slug, pk)
    review = found.review
    kwargs: dict[str, Any] = {"organisation": review.organisation, "firm": review.firm}
    if request.method == "POST":
        form = ReviewForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.review_update(review=review, scope=form.scope(), user=request.user)
            except ReviewRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Saved the review's details.")
                return redirect(review_url(found))
        status = 400
    else:
        form = ReviewForm(initial=review_initial(review), **kwargs)
        status = 200
    context = found.page_context(
        form=form, heading="Edit the review", button="Save", back=review_url(found)
    )
    return render(request, "reviews/form.html", context, status=status)


def _steps(review: Review) -> list[tuple[str, str, str]]:
    """(status, label, done/current/to come) for the stepper."""
    now = [s for s, _ in STEPS].index(review.status)
    return [
        (s, label, "done" if i < now else "current" if i == now else "to come")
        for i, (s, label) in enumerate(STEPS)
    ]


def _moves(review: Review) -> list[tuple[str, str]]:
    """The status changes offered here: one step back or forward; reopening if delivered."""
    if review.status == Review.Status.DELIVERED:
        return [(Review.Status.MODERATION, "Reopen for moderation")]
    order = services.ORDER
    i = order.index(review.status)
    moves = []
    if i > 0:
        moves.append((order[i - 1], f"Back to {order[i - 1]}"))
    if i + 1 < len(order):
        moves.append((order[i + 1], f"Move on to {order[i + 1]}"))
    return moves


@login_required
@require_safe
def review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = review_in(request, slug, pk)
    overview = selectors.review_overview(found.review)
    context = found.page_context(
        overview=overview,
        steps=_steps(found.review),
        moves=_moves(found.review) if found.can_run else [],
        rounds=selectors.review_rounds(found.review),
        teams=list(found.review.teams.all()),
        consultants=list(found.review.consultants.all()),
        chart=calibration_charts.gap_bars(overview.calibration.gaps)
        if overview.calibration
        else None,
        urls=_urls(found),
    )
    return render(request, "reviews/review.html", context)


def _urls(found: ReviewAccess) -> dict[str, str]:
    return {
        "review": review_url(found),
        "edit": review_url(found, "review_edit"),
        "status": review_url(found, "review_status"),
        "history": review_url(found, "review_history"),
        "evidence_add": review_url(found, "review_evidence_add"),
        "list": reverse("orgs:reviews", args=[found.access.organisation.slug]),
        "calibration": reverse("orgs:review_calibration", args=[found.access.organisation.slug]),
        "report": review_url(found, "review_report"),
        "summary": review_url(found, "review_summary"),
        "handover": review_url(found, "review_handover"),
        "benchmark": reverse("orgs:benchmark", args=[found.access.organisation.slug]),
    }


@login_required
@require_POST
def review_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = review_to_run(request, slug, pk)
    try:
        changed = services.review_set_status(
            review=found.review, status=request.POST.get("status", "")
        )
    except ReviewRefused as refused:
        return problem(request, "The status has not changed", str(refused), review_url(found))
    messages.success(request, f"The review is now in {changed.get_status_display().lower()}.")
    return redirect(review_url(found))


@login_required
@require_safe
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = review_in(request, slug, pk)
    content = selectors.review_content(found.review)
    entries = selectors.review_history(found.review, content)
    return render(
        request, "reviews/history.html", found.page_context(entries=entries, urls=_urls(found))
    )


@login_required
@require_safe
def review_calibration(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's calibration gaps across its reviews, oldest first."""
    place = review_place(request, slug)
    columns = selectors.organisation_calibration(place.access.organisation)
    rows = calibration.over_time([gaps for _review, gaps in columns])
    trend = [(row, calibration_charts.trend_line(row)) for row in rows]
    context = place.page_context(columns=[r for r, _ in columns], trend=trend)
    return render(request, "reviews/calibration.html", context)


@login_required
@require_safe
def firm_calibration(request: HttpRequest) -> HttpResponse:
    """Across the firm's clients: where self-assessments run high or low."""
    access = firm_access(request)
    clients = selectors.firm_calibration(access.firm)
    tallies = calibration.across_clients(clients.values())
    keys = [t.key for t in tallies]
    per_client = [
        (organisation, [calibration.latest_counted(reviews).get(k) for k in keys])
        for organisation, reviews in clients.items()
    ]
    context = access.page_context(
        tallies=[(t, calibration_charts.tally_bar(t)) for t in tallies],
        per_client=per_client,
        enabler_names=[t.name for t in tallies],
        min_clients=calibration.MIN_CLIENTS_FOR_TENDENCY,
        low_weight=calibration.CONFIDENCE_WEIGHT["low"],
    )
    return render(request, "reviews/firm_calibration.html", context)
