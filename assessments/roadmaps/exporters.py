"""The roadmap file this room offers the exports room: a team's one-page summary as PDF."""

from __future__ import annotations

from assessments.exports.files import ExportFile
from assessments.exports.models import ExportJob
from assessments.exports.registry import register
from assessments.organisations.access import OrgAccess
from assessments.roadmaps.access import roadmap_place
from assessments.roadmaps.services import summary_pdf


@register(ExportJob.Kind.ROADMAP_PDF)
def roadmap_summary(access: OrgAccess, job: ExportJob) -> ExportFile:
    assert job.scope_pk is not None
    return summary_pdf(roadmap_place(access, job.assessment_id, job.scope_pk))
