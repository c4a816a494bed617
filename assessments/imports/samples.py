"""The template files people download: the header line and one example line."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from assessments.imports.parsing import Column

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sample_csv(columns: Sequence[Column], example: Mapping[str, str]) -> bytes:
    """CSV UTF-8 with a byte-order mark, as Excel writes it (and needs, to read accents)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.label for c in columns])
    writer.writerow([example.get(c.key, "") for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sample_xlsx(columns: Sequence[Column], example: Mapping[str, str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Import")
    sheet.append([c.label for c in columns])
    sheet.append([example.get(c.key, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
