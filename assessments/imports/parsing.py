"""An uploaded spreadsheet (CSV or XLSX) read into numbered lines of named values: pure code.

What people upload varies: Excel's "CSV UTF-8" starts with a byte-order mark, many European
setups separate with semicolons, headers are written as people like ("Department name", "E-mail
address"), and a workbook may hold formulas. The reader takes what it can and says plainly what
it can't: it raises nothing but ``UploadProblem``, whatever the bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from pmmaturity.text import clean_text

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 2000  # lines of values, the header and blank lines aside
MAX_COLUMNS = 50
# A workbook can claim a million formatted but empty rows: reading stops after this many.
MAX_SCANNED_ROWS = 20_000
# A 2 MB workbook is compressed XML; unpacked it must stay small enough to read in a request.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
CELL_LIMIT = 500  # characters kept of a cell: far beyond any name or address we take

DELIMITERS = (",", ";", "\t", "|")
XLSX_SIGNATURE = b"PK\x03\x04"
# Files people pick by mistake, told apart by their first bytes.
OTHER_FORMATS = {
    b"\xd0\xcf\x11\xe0": (
        "This looks like an older Excel file (.xls) or a password-protected workbook. Save it "
        "as an Excel workbook (.xlsx) or as \u201cCSV UTF-8\u201d, then upload that."
    ),
    b"%PDF": "This is a PDF, not a spreadsheet. Upload a .csv or .xlsx file.",
    b"\x89PNG": "This is an image, not a spreadsheet. Upload a .csv or .xlsx file.",
    b"\xff\xd8\xff": "This is an image, not a spreadsheet. Upload a .csv or .xlsx file.",
    b"GIF8": "This is an image, not a spreadsheet. Upload a .csv or .xlsx file.",
}

EMPTY = "The file is empty. Upload a spreadsheet with a header line and one line per row."
TOO_BIG = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files."
TOO_MANY = f"The file has more than {MAX_LINES:,} lines. Split it into smaller files."
NOT_A_SPREADSHEET = (
    "We couldn't read this file as a spreadsheet. Upload a .csv file (saved as \u201cCSV "
    "UTF-8\u201d) or an Excel workbook (.xlsx)."
)
NOT_A_WORKBOOK = (
    "We couldn't open this workbook. Open it in Excel, save it again as an Excel workbook "
    "(.xlsx), and upload that; or save it as \u201cCSV UTF-8\u201d."
)


class UploadProblem(Exception):
    """The file can't be read at all; the message says why, in plain words."""


@dataclass(frozen=True)
class Column:
    """A column we read: ``key`` names it in the code, ``label`` in the template's header."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def matches(self, header: str) -> bool:
        """Case, spaces and punctuation aside: the key, the label, an alias, or "<key> name"."""
        squashed = _squash(header)
        names = {self.key, self.label, *self.aliases}
        return squashed in {_squash(n) for n in names} | {_squash(self.key) + "name"}


@dataclass(frozen=True)
class Line:
    """One line of values: ``number`` is the row number a spreadsheet shows for it."""

    number: int
    values: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # the keys found in the header, in its order
    ignored: tuple[str, ...]  # header cells no column matched
    lines: tuple[Line, ...]


def read_table(data: bytes, columns: Sequence[Column]) -> Table:
    """The file's lines of values under ``columns``, matched by the header (its first line
    with something in it). Blank lines are skipped. UploadProblem if it can't be read."""
    if not data.strip():
        raise UploadProblem(EMPTY)
    if len(data) > MAX_BYTES:
        raise UploadProblem(TOO_BIG)
    for signature, text in OTHER_FORMATS.items():
        if data.startswith(signature):
            raise UploadProblem(text)
    rows = _xlsx_rows(data) if data.startswith(XLSX_SIGNATURE) else _csv_rows(data)
    return _table(rows, columns)


def is_formula(value: str) -> bool:
    """A cell that holds a formula (a workbook's, or typed into a CSV) rather than a value."""
    return value.startswith("=")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _header(cells: list[str], columns: Sequence[Column]) -> tuple[dict[int, str], list[str]]:
    """Which column each header cell is (by position), and the header cells we don't use."""
    found: dict[int, str] = {}
    ignored: list[str] = []
    for position, cell in enumerate(cells):
        column = next((c for c in columns if c.matches(cell)), None) if cell else None
        if column is None:
            if cell:
                ignored.append(cell)
        elif column.key in found.values():
            raise UploadProblem(f"Two columns are headed \u201c{column.label}\u201d: keep one.")
        else:
            found[position] = column.key
    missing = [c.label for c in columns if c.required and c.key not in found.values()]
    if missing:
        raise UploadProblem(_missing_text(missing, columns, cells))
    return found, ignored


def _missing_text(missing: list[str], columns: Sequence[Column], cells: list[str]) -> str:
    wanted = ", ".join(c.label if c.required else f"{c.label} (optional)" for c in columns)
    seen = ", ".join(f"\u201c{c}\u201d" for c in cells if c) or "nothing"
    return (
        f"The first line must name the columns; we need {', '.join(missing)}. "
        f"The columns are: {wanted}. The first line has {seen}. "
        "Download the template to see the layout."
    )


def _table(rows: Iterable[tuple[int, list[str]]], columns: Sequence[Column]) -> Table:
    header: dict[int, str] | None = None
    ignored: list[str] = []
    lines: list[Line] = []
    for number, cells in rows:
        if not any(cells):
            continue
        if header is None:
            header, ignored = _header(cells, columns)
            continue
        if len(lines) == MAX_LINES:
            raise UploadProblem(TOO_MANY)
        values = {key: cells[pos] for pos, key in header.items() if pos < len(cells)}
        lines.append(Line(number, {k: v for k, v in values.items() if v}))
    if header is None:
        raise UploadProblem(EMPTY)
    return Table(tuple(header.values()), tuple(ignored), tuple(lines))


def _cell(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as 2026-12-31, controls dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime) and value.time() == time():
        text = value.date().isoformat()
    elif isinstance(value, date | time | datetime):
        text = value.isoformat()
    elif isinstance(value, str | int | float):
        text = str(value)
    else:  # an array formula, or whatever a newer openpyxl gives: its text if it has one
        text = str(getattr(value, "text", None) or value)
    return clean_text(text, limit=CELL_LIMIT)


# --- CSV -------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 with or without a byte-order mark; UTF-16 with one (Excel's "Unicode text");
    else Windows-1252 (Excel's plain "CSV" on Windows)."""
    encodings = ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else []
    text = None
    for encoding in encodings or ["utf-8-sig", "cp1252"]:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:  # text files hold no NUL: this one is something else
        raise UploadProblem(NOT_A_SPREADSHEET)
    return text


def _delimiter(text: str) -> str:
    """The delimiter that splits the first line with something in it into the most cells."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of a tie: ","


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, [_cell(c) for c in cells[:MAX_COLUMNS]]))
    except csv.Error as exc:
        raise UploadProblem(
            f"Line {len(rows) + 1} can't be read ({exc}). Check its quotation marks."
        ) from exc
    return rows


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's rows. Formulas are kept as their text ("=A2&B2"): a file saved by a
    program other than Excel carries no computed value, so none is trusted."""
    import openpyxl  # only when a workbook is uploaded: it takes a while to import

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadProblem(NOT_A_WORKBOOK) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise UploadProblem(TOO_BIG)
    rows: list[tuple[int, list[str]]] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file: all mean the same
        raise UploadProblem(NOT_A_WORKBOOK) from exc
    try:
        if not book.worksheets:
            raise UploadProblem(EMPTY)
        sheet = book.worksheets[0]
        for number, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            if number > MAX_SCANNED_ROWS:
                raise UploadProblem(TOO_MANY)
            rows.append((number, [_cell(v) for v in values]))
    except UploadProblem:
        raise
    except Exception as exc:  # as above: a sheet that breaks while read is a broken file
        raise UploadProblem(NOT_A_WORKBOOK) from exc
    finally:
        book.close()
    return rows
