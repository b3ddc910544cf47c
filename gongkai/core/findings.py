"""The result of a check: a value with a stable code, never an exception.

Every reader and every check in gongkai reports problems as `Finding`s and keeps going, so
that a user sees all of a document's problems at once (the habit of django.core.checks).
No Django import here: the report engine runs without Django.

The website self-check's result (`sitecheck.state.Finding`, stored as `sitecheck.models.Finding`
with its run) is a second type on purpose; unifying the two would change what is shown and
stored:

- Severity. This one is the report checker's scale, 错误 / 警告 / 提示 (error, warning, info);
  the self-check's is the inspectors' scale of 国办秘函〔2019〕19号, 单项否决 / 问题 / 提示 (veto,
  error, warning). "veto" has no `Severity`: adding it would put a 单项否决 count on every
  report's result page (annual.views counts per `Severity`) and a choice in `gongkai check
  --min-severity`. The same word "warning" is 警告 here and 提示 there, and the self-check's
  words are stored in its findings and tasks and are the CSS classes of its badges, so mapping
  its 提示 to `Severity.INFO` would change stored rows and pages.
- Fields. Besides `code` and `message` (the same meaning in both), these name places in a report:
  `cells` (report-json.md cell keys) and `quote` (the document's own words), and travel in the
  gongkai.report/1 JSON (`to_json`, `from_json`). The self-check's name a problem on a site:
  `indicator` (the dashboard's row), `subject` (what it is about, stable from run to run: the
  identity a rectification task is matched by) and `link` (a path on the site). A merged type
  would carry five optional fields, each meaningful to one side only.

sitecheck/tests/test_finding_types.py holds these reasons true, so that they are revisited if
they stop being so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the report contradicts itself or the template's arithmetic
    WARNING = "warning"  # suspicious, or the layout had to be repaired to read it
    INFO = "info"  # worth knowing; nothing to correct

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = field(default=())
    quote: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "cells": list(self.cells),
            "quote": self.quote,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(
            code=str(data["code"]),
            severity=Severity(data["severity"]),
            message=str(data.get("message", "")),
            cells=tuple(str(c) for c in data.get("cells", ())),
            quote=str(data.get("quote", "")),
        )


def error(code: str, message: str, cells: tuple[str, ...] = (), quote: str = "") -> Finding:
    return Finding(code, Severity.ERROR, message, cells, quote)


def warning(code: str, message: str, cells: tuple[str, ...] = (), quote: str = "") -> Finding:
    return Finding(code, Severity.WARNING, message, cells, quote)


def info(code: str, message: str, cells: tuple[str, ...] = (), quote: str = "") -> Finding:
    return Finding(code, Severity.INFO, message, cells, quote)


def at_least(findings: list[Finding], severity: Severity) -> list[Finding]:
    return [f for f in findings if f.severity.rank >= severity.rank]
