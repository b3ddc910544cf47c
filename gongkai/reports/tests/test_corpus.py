"""The corpus of real published reports (corpus/, INDEX-*.md say where each came from), each
beside the cells and defects a person read from it: every cell read as the person read it, every
recorded defect found, no error nobody recorded. `bench/corpus.py` prints the same by layout and
level.

The only cells not read are those of Table 二 rows whose digits ran together with more than one
reading (「898989」: 89 89 89 or 8 98 989) — left unread and said so, never guessed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.core.findings import Severity
from gongkai.reports.checks import check_document
from gongkai.reports.parse import UnreadableDocument
from gongkai.reports.tables import MONEY_KEYS, UNREAD, cell_to_json

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(
    p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html") and not p.name.startswith("INDEX")
)
# A defect whose table cell could not be read (its row's digits ran together ambiguously):
# the prose's 393 cannot be held to a cell that is not there.
UNCHECKABLE = {("zone-pingtan-2023.txt", "TEXT_TABLE_MISMATCH")}


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (CORPUS / f"{path.name}.expected.json").read_text(encoding="utf-8")
    )
    return data


def test_the_corpus_is_real_and_varied() -> None:
    expected = [_expected(p) for p in FILES]
    assert len(FILES) >= 40
    levels = {e["level"] for e in expected}
    assert {"ministry", "province", "city", "county", "township", "street", "zone"} <= levels
    layouts = {layout for e in expected for layout in e["layouts"]}
    for layout in ("pipe", "one-cell-per-line", "blank-line-cells", "flipbook-banners",
                   "traditional", "template-2019", "dash-cells", "totals-only", "glued-cells"):  # fmt: skip
        assert layout in layouts, layout
    assert all(e["source"] for e in expected)


def _same(key: str, got: Any, want: Any) -> bool:
    if key in MONEY_KEYS and got is not None and want is not None:
        return Decimal(str(got)) == Decimal(str(want))
    return bool(got == want)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_real_report(path: Path) -> None:
    expected = _expected(path)
    try:
        report, findings = check_document(path.read_bytes(), path.name)
    except UnreadableDocument as exc:  # pragma: no cover - every corpus file is a report
        pytest.fail(f"refused: {exc.reason}")
    got = {k: cell_to_json(k, v) for k, v in report.cells.items()}
    wrong = {
        key: (want, got.get(key, "absent"))
        for key, want in expected["cells"].items()
        if not (key in got and _same(key, got[key], want))
        and report.marks.get(key) != UNREAD  # an ambiguous glued row: said unread, not guessed
    }
    assert wrong == {}
    unread = [
        k for k, v in expected["cells"].items() if report.marks.get(k) == UNREAD and v is not None
    ]
    if unread:
        said = {c for f in findings if f.code == "LAYOUT_UNRESOLVED" for c in f.cells}
        assert set(unread) <= said
        assert "glued-cells" in expected["layouts"]

    codes = {f.code for f in findings if f.severity is not Severity.INFO}
    recorded = {d["code"] for d in expected["defects"]}
    missed = {c for c in recorded if c not in codes and (path.name, c) not in UNCHECKABLE}
    assert missed == set()
    errors = {f.code for f in findings if f.severity is Severity.ERROR}
    assert errors - recorded == set(), [f.message for f in findings if f.code in errors - recorded]
