"""The checker on the corpus of real published reports (gongkai/reports/tests/corpus/), each
beside the cells and defects a person read from it.

    .venv/bin/python bench/corpus.py [--verbose]

Per file: the share of the hand-read cells read exactly; each recorded defect found (a finding
with its code); error findings on a file with no recorded defect (false alarms) and error codes
nobody recorded. Tables per layout class and per level. The last line is
`RESULT corpus_files=<n> complete_files=<n> cells_pct=<p> defects_found=<k>/<n> false_errors=<m>`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.core.findings import Severity  # noqa: E402
from gongkai.reports.checks import check_document  # noqa: E402
from gongkai.reports.parse import UnreadableDocument  # noqa: E402
from gongkai.reports.tables import MONEY_KEYS, cell_to_json  # noqa: E402

CORPUS = ROOT / "gongkai" / "reports" / "tests" / "corpus"


@dataclass
class Score:
    name: str
    expected: dict[str, object]
    cells: int = 0
    read: int = 0
    wrong: dict[str, tuple[object, object]] = field(default_factory=dict)
    defects: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    false_errors: list[str] = field(default_factory=list)  # on a file with no recorded defect
    unrecorded: list[str] = field(default_factory=list)  # error codes nobody recorded
    unreadable: str = ""


def inputs() -> list[Path]:
    return sorted(
        p
        for p in CORPUS.iterdir()
        if p.suffix in (".txt", ".html", ".pdf", ".docx") and not p.name.startswith("INDEX")
    )


def score(path: Path) -> Score:
    expected = json.loads((CORPUS / f"{path.name}.expected.json").read_text("utf-8"))
    result = Score(path.name, expected)
    cells = expected.get("cells", {})
    result.cells = len(cells)
    recorded = [d["code"] for d in expected.get("defects", [])]
    result.defects = len(recorded)
    try:
        report, findings = check_document(path.read_bytes(), path.name)
    except UnreadableDocument as exc:
        result.unreadable = exc.reason
        result.missed = recorded
        return result
    got = {k: cell_to_json(k, v) for k, v in report.cells.items()}
    for key, value in cells.items():
        if key in got and _same(key, got[key], value):
            result.read += 1
        else:
            result.wrong[key] = (value, got.get(key, "absent"))
    codes = {f.code for f in findings if f.severity is not Severity.INFO}
    for code in recorded:
        if code in codes:
            result.found += 1
        else:
            result.missed.append(code)
    errors = [f.code for f in findings if f.severity is Severity.ERROR]
    if not recorded:
        result.false_errors = errors
    else:
        result.unrecorded = sorted({c for c in errors if c not in recorded})
    return result


def _same(key: str, got: object, want: object) -> bool:
    """Money is compared as a number (the hand reading keeps it as printed: "0", "12.5")."""
    if key in MONEY_KEYS and got is not None and want is not None:
        return Decimal(str(got)) == Decimal(str(want))
    return got == want


def _table(title: str, groups: dict[str, list[Score]]) -> None:
    print(f"\n{title:28} {'files':>5} {'cells':>6} {'read %':>7} {'defects':>8} {'false err':>9}")
    for name in sorted(groups):
        scores = groups[name]
        cells = sum(s.cells for s in scores)
        read = sum(s.read for s in scores)
        pct = f"{100 * read / cells:.1f}" if cells else "-"
        defects = f"{sum(s.found for s in scores)}/{sum(s.defects for s in scores)}"
        false = sum(len(s.false_errors) for s in scores)
        print(f"{name:28} {len(scores):5} {cells:6} {pct:>7} {defects:>8} {false:9}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true", help="每个文件的差异")
    args = parser.parse_args()
    scores = [score(p) for p in inputs()]
    by_layout: dict[str, list[Score]] = defaultdict(list)
    by_level: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        for layout in s.expected.get("layouts", []) or ["(none)"]:
            by_layout[str(layout)].append(s)
        by_level[str(s.expected.get("level", "?"))].append(s)
    print(f"{'file':46} {'cells':>5} {'read':>5} {'defects':>8}  false / unrecorded errors")
    for s in scores:
        note = s.unreadable or ", ".join(s.false_errors + [f"+{c}" for c in s.unrecorded])
        print(f"{s.name:46} {s.cells:5} {s.read:5} {s.found:>3}/{s.defects:<4}  {note}")
        if args.verbose:
            for key, (want, got) in list(s.wrong.items())[:12]:
                print(f"      {key}: expected {want!r}, read {got!r}")
            if s.missed:
                print(f"      missed defects: {s.missed}")
    _table("layout", by_layout)
    _table("level", by_level)
    cells = sum(s.cells for s in scores)
    read = sum(s.read for s in scores)
    complete = sum(1 for s in scores if s.expected.get("complete"))
    found = sum(s.found for s in scores)
    defects = sum(s.defects for s in scores)
    false = sum(len(s.false_errors) for s in scores)
    pct = 100 * read / cells if cells else 0.0
    print(
        f"RESULT corpus_files={len(scores)} complete_files={complete} cells_pct={pct:.1f} "
        f"defects_found={found}/{defects} false_errors={false}"
    )


if __name__ == "__main__":
    main()
