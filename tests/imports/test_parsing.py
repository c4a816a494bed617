"""Reading uploaded spreadsheets: the exports people really make, files they pick by mistake,
and properties that hold for any content (hypothesis)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from assessments.imports import departments, invitations
from assessments.imports.parsing import (
    MAX_BYTES,
    MAX_LINES,
    Column,
    UploadProblem,
    is_formula,
    read_table,
)

COLUMNS = departments.COLUMNS


def xlsx(rows: list[list[object]], *, sheets: int = 1) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        book.create_sheet(f"Other {n}").append(
            ["department"],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def values(table) -> list[tuple[int, dict[str, str]]]:
    return [(line.number, line.values) for line in table.lines]


def test_it_reads_excels_csv_utf8_with_its_byte_order_mark():
    data = "\ufeffDepartment,Team\r\nConsumer Apps,Checkout\r\nRésumés,\r\n".encode()
    table = read_table(data, COLUMNS)
    assert table.columns == ("department", "team")
    assert values(table) == [
        (2, {"department": "Consumer Apps", "team": "Checkout"}),
        (3, {"department": "Résumés"}),
    ]


def test_it_reads_semicolons_and_tabs_and_windows_1252():
    semicolons = "department;team\nGrowth;Search, ads\n".encode("cp1252")
    assert values(read_table(semicolons, COLUMNS)) == [
        (2, {"department": "Growth", "team": "Search, ads"})
    ]
    tabs = "Department\tTeam\nCafé\tÉquipe\n".encode("cp1252")
    assert values(read_table(tabs, COLUMNS)) == [(2, {"department": "Café", "team": "Équipe"})]
    utf16 = "Department\tTeam\nGrowth\tSearch\n".encode("utf-16")
    assert values(read_table(utf16, COLUMNS)) == [(2, {"department": "Growth", "team": "Search"})]


def test_headers_are_matched_leniently_and_unknown_ones_set_aside():
    data = b"  Department Name ,TEAM_NAME,Notes\nGrowth,Search,ignore me\n"
    table = read_table(data, COLUMNS)
    assert table.columns == ("department", "team")
    assert table.ignored == ("Notes",)
    assert values(table) == [(2, {"department": "Growth", "team": "Search"})]
    people = invitations.columns(several_teams=False)
    table = read_table(b"E-mail address;Full name\nA@Example.com;Ann\n", people)
    assert values(table) == [(2, {"email": "A@Example.com", "name": "Ann"})]


def test_blank_lines_are_skipped_and_lines_keep_their_spreadsheet_numbers():
    data = b"\n,\ndepartment,team\n\n , \nGrowth,\n,,\nSales,Field\n"
    assert values(read_table(data, COLUMNS)) == [
        (6, {"department": "Growth"}),
        (8, {"department": "Sales", "team": "Field"}),
    ]


def test_a_missing_column_is_named_with_what_the_first_line_had():
    with pytest.raises(UploadProblem) as refused:
        read_table(b"team,email\nSearch,a@b.c\n", COLUMNS)
    assert "we need department" in str(refused.value)
    assert "\u201cteam\u201d, \u201cemail\u201d" in str(refused.value)
    with pytest.raises(UploadProblem, match="Two columns are headed"):
        read_table(b"department,Department name\nA,B\n", COLUMNS)


def test_a_workbook_is_read_from_its_first_sheet_with_numbers_and_formulas_as_text():
    data = xlsx(
        [
            ["Department", "Team"],
            [None, None],
            ["Growth", 42],
            ['=A3&"x"', 3.5],
            ["  Sales ", None],
        ],
        sheets=2,
    )
    table = read_table(data, COLUMNS)
    assert values(table) == [
        (3, {"department": "Growth", "team": "42"}),
        (4, {"department": '=A3&"x"', "team": "3.5"}),
        (5, {"department": "Sales"}),
    ]
    assert is_formula(table.lines[1].get("department"))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "The file is empty"),
        (b"  \r\n \n", "The file is empty"),
        (b",,\n,,\n", "The file is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "This is a PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This is an image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "older Excel file"),
        (b"PK\x03\x04not really a zip", "couldn't open this workbook"),
        (b"department\x00team\nA\x00B", "couldn't read this file as a spreadsheet"),
        (b'department,team\n"Growth,Search\n' + b"x" * 200_000, "can't be read"),
    ],
)
def test_files_that_cant_be_read_say_why(data, says):
    with pytest.raises(UploadProblem, match=says):
        read_table(data, COLUMNS)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(UploadProblem, match="couldn't open this workbook"):
        read_table(out.getvalue(), COLUMNS)


def test_limits_on_size_and_lines():
    with pytest.raises(UploadProblem, match="larger than 2 MB"):
        read_table(b"department\n" + b"a" * MAX_BYTES, COLUMNS)
    at_limit = "department\n" + "".join(f"D{n}\n" for n in range(MAX_LINES))
    assert len(read_table(at_limit.encode(), COLUMNS).lines) == MAX_LINES
    with pytest.raises(UploadProblem, match="more than 2,000 lines"):
        read_table((at_limit + "one more\n").encode(), COLUMNS)


def test_a_workbook_claiming_endless_blank_rows_stops():
    book = Workbook()
    sheet = book.active
    sheet.append(["department"])
    sheet.cell(row=30_000, column=1, value="far away")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(UploadProblem, match="more than 2,000 lines"):
        read_table(out.getvalue(), COLUMNS)


# --- properties --------------------------------------------------------------------------------

# Cell text as people type it: no control characters, no surrounding spaces, not empty.
cell = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
rows = st.lists(st.tuples(cell, cell | st.just("")), min_size=0, max_size=15)


def _csv(data: list[tuple[str, str]], delimiter: str, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["Department", "Team"])
    writer.writerows(data)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


@given(rows, st.sampled_from([",", ";", "\t"]), st.booleans())
def test_any_csv_reads_back_as_written(data, delimiter, bom):
    table = read_table(_csv(data, delimiter, bom), COLUMNS)
    expected = [
        (number, {"department": d, **({"team": t} if t else {})})
        for number, (d, t) in enumerate(data, start=2)
    ]
    assert values(table) == expected


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_any_workbook_reads_back_as_written(data):
    table = read_table(xlsx([["department", "team"], *[list(r) for r in data]]), COLUMNS)
    assert [(line.get("department"), line.get("team")) for line in table.lines] == [
        (d, t) for d, t in data
    ]


@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_message(data):
    problem = None
    try:
        read_table(data, COLUMNS)
    except UploadProblem as refused:
        problem = str(refused)
    assert problem is None or problem.strip()


@given(
    st.sampled_from(["department", "Department", "DEPARTMENT NAME", " department_name ", "Dept"])
)
def test_any_spelling_of_a_header_matches(header):
    assert Column("department", "department", aliases=("dept",)).matches(header)
