"""The result of a check: a value with a stable code, never an exception.

Every reader and every check in gongkai reports problems as `Finding`s and keeps going, so
that a user sees all of a document's problems at once (the habit of django.core.checks).
No Django import here: the report engine runs without Django.
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
