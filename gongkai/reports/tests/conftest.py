from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.reports.parse import parse_document
from gongkai.reports.tables import ReportData

GOLDEN = Path(__file__).parent / "golden"
SEED = GOLDEN / "seed-luoyang-gaoxin-2021.txt"


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def seed_report(seed_bytes: bytes) -> ReportData:
    return parse_document(seed_bytes, SEED.name)[0]
