"""Golden files: real reports (and real-world renderings of them) beside their expected reading.

Each `<input>.expected.json` holds the cells read by hand from the document (or `cells_from`
another input with the same content), the narrative figures, and the exact list of error and
warning codes the checker must report. A new real-world failure becomes a new pair here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gongkai.core.findings import Severity
from gongkai.reports.checks import check_document
from gongkai.reports.tests.conftest import GOLDEN

INPUTS = sorted(p for p in GOLDEN.iterdir() if not p.name.endswith(".expected.json"))


def _expected(path: Path) -> dict[str, Any]:
    expected = json.loads((GOLDEN / f"{path.name}.expected.json").read_text(encoding="utf-8"))
    if "cells_from" in expected:
        base = json.loads((GOLDEN / f"{expected['cells_from']}.expected.json").read_text("utf-8"))
        expected = {**{k: base[k] for k in ("template", "agency", "year", "cells")}, **expected}
    return expected


def test_every_input_has_an_expectation() -> None:
    assert len(INPUTS) >= 6
    for path in INPUTS:
        assert (GOLDEN / f"{path.name}.expected.json").exists(), path.name


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path: Path) -> None:
    expected = _expected(path)
    report, findings = check_document(path.read_bytes(), path.name)
    data = report.to_json(findings)

    assert data["template"] == expected["template"]
    assert data["agency"] == expected["agency"]
    assert data["year"] == expected["year"]
    wrong = {
        k: (v, data["cells"].get(k))
        for k, v in expected["cells"].items()
        if data["cells"].get(k) != v
    }
    assert wrong == {}, f"{len(wrong)} cells read wrong: {wrong}"
    assert set(data["cells"]) == set(expected["cells"]), (
        "cells read that the document does not have"
    )

    for key, value in expected["narrative"].items():
        figure = data["narrative"][key]
        if isinstance(value, dict):
            assert figure["value"] == value["value"]
            assert figure["parts"] == value["parts"]
        else:
            assert figure["value"] == value, key
    assert set(data["narrative"]) - {"proactive_items_parts"} == set(expected["narrative"])

    codes = Counter(f.code for f in findings if f.severity is not Severity.INFO)
    assert codes == Counter(expected["findings"])


def test_seed_matches_the_shared_hand_reading(seed_report) -> None:  # type: ignore[no-untyped-def]
    """The seed's 200 cells, exactly as ../shared/fixtures/seed-expected.json reads them."""
    expected = json.loads(
        (GOLDEN / "seed-luoyang-gaoxin-2021.txt.expected.json").read_text("utf-8")
    )
    cells = seed_report.to_json()["cells"]
    assert len(cells) == 200
    assert sum(k.startswith("proactive.") for k in cells) == 10
    assert sum(k.startswith("applications.") for k in cells) == 175
    assert sum(k.startswith("disputes.") for k in cells) == 15
    assert cells == expected["cells"]


def test_seed_repairs_are_one_warning_naming_every_row_and_its_numbers(seed_bytes: bytes) -> None:
    report, findings = check_document(seed_bytes, "seed.txt")
    repaired = [f for f in findings if f.code == "LAYOUT_REPAIRED"]
    assert len(repaired) == 1 and repaired[0].severity is Severity.WARNING
    assert len(repaired[0].cells) == 21 * 7 and repaired[0].message.startswith("21行")
    assert "“（一）予以公开”行（15 0 0 0 0 15）读作：自然人15" in repaired[0].message
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert report.narrative["applications_received"].value == 38
    assert "共收到各类政府信息公开申请38件" in report.narrative["applications_received"].quote
