"""The file this room offers the exports room: a review's client report as PDF."""

from __future__ import annotations

from assessments.exports.files import ExportFile
from assessments.exports.models import ExportJob
from assessments.exports.registry import register
from assessments.organisations.access import OrgAccess
from assessments.reviews.deliverable import review_pdf


@register(ExportJob.Kind.REVIEW_PDF)
def review_report(access: OrgAccess, job: ExportJob) -> ExportFile:
    assert job.scope_pk is not None
    return review_pdf(access, job.scope_pk)
