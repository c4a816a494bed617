"""Pages of the reviews room."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assessments.firms.access import firm_access


@login_required
@require_safe
def firm_calibration(request: HttpRequest) -> HttpResponse:
    """Across the firm's clients: where self-assessments run high or low."""
    access = firm_access(request)
    return render(request, "reviews/firm_calibration.html", access.page_context())
