"""The files this room offers the exports room: the board pack, as PDF or workbook."""

from __future__ import annotations

from assessments.comparisons.services import board_pack
from assessments.exports.files import ExportFile
from assessments.exports.models import ExportJob
from assessments.exports.registry import register
from assessments.organisations.access import OrgAccess

FORMATS: dict[str, str] = {ExportJob.Kind.BOARD_PDF: "pdf", ExportJob.Kind.BOARD_XLSX: "xlsx"}


@register(*FORMATS)
def board_pack_file(access: OrgAccess, job: ExportJob) -> ExportFile:
    """The round's board pack, compared with the round the job names (``scope_pk``)."""
    return board_pack(access, job.assessment_id, job.scope_pk, FORMATS[job.kind])
