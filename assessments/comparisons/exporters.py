"""The files this room offers the exports room: the board pack, as PDF or workbook."""

from __future__ import annotations

from assessments.comparisons.builder import Filters, filters_from
from assessments.comparisons.services import board_pack
from assessments.exports.files import ExportFile
from assessments.exports.models import ExportJob
from assessments.exports.registry import register
from assessments.organisations.access import OrgAccess

FORMATS: dict[str, str] = {ExportJob.Kind.BOARD_PDF: "pdf", ExportJob.Kind.BOARD_XLSX: "xlsx"}


@register(*FORMATS)
def board_pack_file(access: OrgAccess, job: ExportJob) -> ExportFile:
    """The round's board pack, with the filters of the page it was asked from (a job asked
    for before filters were kept names only the round compared with, as ``scope_pk``)."""
    filters = filters_from(job.filters) if job.filters else Filters(since=job.scope_pk)
    return board_pack(access, job.assessment_id, filters, FORMATS[job.kind])
