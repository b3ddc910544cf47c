"""Every finding code has a Chinese name for pages (the code stays in JSON and exports)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from gongkai.reports.checks import CODE_NAMES, code_name

ENGINE = Path(__file__).resolve().parents[1]
# A code is a string of capitals (and digits) in the engine's source: the checks pass them to
# error()/warning()/info(), to identity() and through constants such as identities.UNCERTAIN.
CODE = re.compile(r'"([A-Z][A-Z0-9_]{4,})"')
NOT_CODES = {"CODE_NAMES"}


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        if "tests" not in path.parts:
            found |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return found - NOT_CODES


def _codes_in_golden_files() -> set[str]:
    found: set[str] = set()
    for path in (ENGINE / "tests").rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            found |= {f["code"] for f in data.get("findings", []) if isinstance(f, dict)}
    return found


def test_every_code_the_checks_report_has_a_name() -> None:
    codes = _codes_in_source()
    assert {"LAYOUT_REPAIRED", "TRUNCATED", "T3_BALANCE"} <= codes, "the pattern missed codes"
    assert not sorted(codes - CODE_NAMES.keys())
    assert not sorted(_codes_in_golden_files() - CODE_NAMES.keys())
    assert not sorted(CODE_NAMES.keys() - codes), "a name for a code no check reports"


def test_names_are_chinese() -> None:
    assert not {k: v for k, v in CODE_NAMES.items() if re.search(r"[A-Za-z]", v)}
    assert len(set(CODE_NAMES.values())) == len(CODE_NAMES), "two codes share a name"
    assert code_name("LAYOUT_REPAIRED") == "表格行按推断读取"
    assert code_name("NO_SUCH_CODE") == "其他问题"
