"""Pages of the review's deliverable: the report (screen and PDF), its executive summary,
the handover and the benchmark. Thin: access, form, one service, render or redirect."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.exports.models import ExportJob
from assessments.exports.services import ExportRequest
from assessments.exports.views import start_export
from assessments.organisations.models import Membership
from assessments.reviews import handover
from assessments.reviews.access import (
    ReviewAccess,
    review_in,
    review_place,
    review_to_edit,
    review_to_run,
)
from assessments.reviews.benchmark import MIN_OTHER_ORGANISATIONS
from assessments.reviews.benchmark_selectors import benchmark_view, client_of
from assessments.reviews.deliverable import (
    admin_addresses,
    benchmark_pairs,
    report_context,
    review_teams,
)
from assessments.reviews.report_text import MAX_SUMMARY_LENGTH, render_summary
from assessments.reviews.selectors import surveyed_round


class SummaryForm(forms.Form):
    executive_summary = forms.CharField(
        label="Executive summary",
        required=False,
        max_length=MAX_SUMMARY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16, "class": "form-control font-monospace"}),
        help_text="Markdown: **bold**, *italic*, lists, > quotes, [links](https://…), "
        "# headings and tables. HTML and images are not shown.",
    )


class OptOutForm(forms.Form):
    opt_out = forms.ChoiceField(choices=[("on", "Leave out"), ("off", "Take part")])


def _problem(request: HttpRequest, title: str, text: str, back: str) -> HttpResponse:
    return render(request, "problem.html", {"title": title, "text": text, "back": back}, status=409)


def _report_url(found: ReviewAccess) -> str:
    return reverse("orgs:review_report", args=[found.access.organisation.slug, found.review.pk])


@login_required
@require_safe
def review_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = review_in(request, slug, pk)
    return render(request, "reviews/report.html", report_context(found))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_summary(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The executive summary: write, preview, save."""
    found = review_to_edit(request, slug, pk)
    status = 200
    if request.method == "POST":
        form = SummaryForm(request.POST)
        if form.is_valid() and "preview" not in request.POST:
            handover.summary_save(
                review=found.review, text=form.cleaned_data["executive_summary"], user=request.user
            )
            messages.success(request, "Executive summary saved.")
            return redirect(_report_url(found) + "#summary")
        status = 200 if form.is_valid() else 400
        text = form.cleaned_data.get("executive_summary", "") if form.is_valid() else ""
    else:
        form = SummaryForm(initial={"executive_summary": found.review.executive_summary})
        text = found.review.executive_summary
    return render(
        request,
        "reviews/report_summary.html",
        found.page_context(form=form, preview=mark_safe(render_summary(text))),  # noqa: S308 - nh3
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The report as a PDF, made in the background: GET asks, POST queues."""
    found = review_in(request, slug, pk)
    assessment = surveyed_round(found.review)
    back = _report_url(found)
    if assessment is None:
        return _problem(
            request, "No report yet", "Add the client's round to the review first.", back
        )
    return start_export(
        request,
        found.access,
        ExportRequest(
            assessment=assessment,
            kind=ExportJob.Kind.REVIEW_PDF,
            scope_kind="review",
            scope_pk=found.review.pk,
            title=f"{found.review.title}: {ExportJob.Kind.REVIEW_PDF.label}",
        ),
        back=back,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_handover(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Deliver the review and hand its roadmaps to the client: GET explains, POST does it."""
    found = review_to_run(request, slug, pk)
    assessment = surveyed_round(found.review)
    back = _report_url(found)
    if assessment is None:
        return _problem(
            request, "Not ready to hand over", "Add the client's round to the review first.", back
        )
    if request.method != "POST":
        teams = review_teams(found.review, assessment)
        return render(
            request,
            "reviews/handover.html",
            found.page_context(
                assessment=assessment,
                teams=teams,
                # Nobody to tell: the page warns before the consultant confirms.
                admins_to_tell=len(admin_addresses(found.review)),
            ),
        )
    done = handover.review_hand_over(
        review=found.review, user=request.user, report_url=request.build_absolute_uri(back)
    )
    if done.already:
        messages.info(request, "This review was already handed over. Nothing has changed.")
    else:
        messages.success(request, _handover_message(done))
    return redirect(back)


def _handover_message(done: handover.Handover) -> str:
    parts = ["Review delivered again." if done.again else "Review delivered and handed over."]
    if done.planned:
        names = ", ".join(t.name for t in done.planned)
        parts.append(f"New roadmaps for {names}.")
    if done.too_few:
        names = ", ".join(t.name for t in done.too_few)
        parts.append(f"Too few answers to plan a roadmap for {names}.")
    if done.told:
        parts.append(f"{done.told} of the client's admins told by email.")
    else:
        parts.append(
            "Nobody at the client was emailed: it has no admin with an email address. Invite "
            "one from the organisation's page and tell them the report is theirs."
        )
    return " ".join(parts)


def _benchmark_page(
    request: HttpRequest, slug: str, form: OptOutForm | None = None, status: int = 200
) -> HttpResponse:
    place = review_place(request, slug)
    view = benchmark_view(place.access.organisation)
    return render(
        request,
        "reviews/benchmark.html",
        place.page_context(
            bench=view,
            pairs=benchmark_pairs(view),
            form=form or OptOutForm(),
            minimum=MIN_OTHER_ORGANISATIONS,
        ),
        status=status,
    )


@login_required
@require_safe
def benchmark(request: HttpRequest, slug: str) -> HttpResponse:
    return _benchmark_page(request, slug)


@login_required
@require_POST
def benchmark_opt_out(request: HttpRequest, slug: str) -> HttpResponse:
    place = review_place(request, slug)
    client = client_of(place.access.organisation)
    if client is None:
        raise Http404("This organisation is no firm's client.")
    if place.access.membership.role != Membership.Role.ADMIN:
        # Sharing its results with the firm's other clients is the client's own choice.
        raise PermissionDenied(
            f"Whether {place.access.organisation.name} takes part in the benchmark is for "
            "its admins to choose."
        )
    form = OptOutForm(request.POST)
    if not form.is_valid():
        return _benchmark_page(request, slug, form, status=400)
    opt_out = form.cleaned_data["opt_out"] == "on"
    handover.benchmark_opt_out_set(client=client, opt_out=opt_out, user=request.user)
    messages.success(
        request,
        "Left out of the benchmark: this organisation neither counts nor sees it."
        if opt_out
        else "Back in the benchmark.",
    )
    return redirect("orgs:benchmark", slug=slug)
