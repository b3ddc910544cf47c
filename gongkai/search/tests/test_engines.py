"""Both engines on the same items: filters, ranking, scheduled items, removal. The PostgreSQL
engine runs when the suite runs on PostgreSQL (its table comes from a migration)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from gongkai.search import postgres_engine, tantivy_engine
from gongkai.search.engine import Entry, Filters
from gongkai.search.postgres_engine import PostgresEngine
from gongkai.search.tantivy_engine import TantivyEngine

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
ITEMS = [
    Entry(
        1,
        "关于制发规范性文件的通知",
        "正文一",
        10,
        2021,
        "党政办公室",
        "洛开管〔2021〕3号",
        NOW - timedelta(days=400),
    ),
    Entry(
        2, "工作动态", "会议研究制发规范性文件事项", 11, 2026, "财政局", "", NOW - timedelta(days=3)
    ),
    Entry(
        3, "工作动态", "会议研究制发规范性文件事项", 11, 2026, "财政局", "", NOW - timedelta(days=1)
    ),
    Entry(
        4,
        "定时发布的通知",
        "明天才公开的制发内容",
        10,
        2026,
        "党政办公室",
        "",
        NOW + timedelta(days=1),
    ),
    Entry(5, "无关信息", "营商环境", 11, 2026, "财政局", "", NOW),
]


def _engines() -> list[object]:
    engines: list[object] = [TantivyEngine(tempfile.mkdtemp())]
    if connection.vendor == "postgresql":
        engines.append(PostgresEngine(connection.cursor))
    return engines


@pytest.mark.django_db
@pytest.mark.parametrize("index", [0, 1])
def test_engine_behaviour(index: int) -> None:
    engines = _engines()
    if index >= len(engines):
        pytest.skip("the PostgreSQL engine runs in the PostgreSQL pass of the suite")
    engine = engines[index]
    engine.clear()
    engine.write(ITEMS, [])
    engine.write(ITEMS[:1], [])  # written again (an edit): replaced, not added
    assert engine.count() == len(ITEMS)
    visible = Filters(visible_at=NOW)
    result = engine.search(("制发",), visible)
    # Title hits first; equal scores: the newer first; the scheduled item hidden.
    assert result.ids == [1, 3, 2] and result.total == 3
    assert engine.search(("制发",), Filters()).total == 4
    assert engine.search(("制发",), Filters(column_ids=(11,), visible_at=NOW)).ids == [3, 2]
    assert engine.search(("制发",), Filters(year=2021)).ids == [1]
    assert engine.search(("制发",), Filters(agency="财政局")).total == 2
    assert engine.search(("制发",), Filters(doc_number="2021〕3")).ids == [1]
    assert engine.search(("制", "营商环境"), Filters()).total == 0
    assert engine.search(("税",), Filters()).total == 0
    assert engine.search(("营",), Filters()).ids == [5]  # one character, by prefix
    engine.write([], [1, 3])
    assert engine.search(("制发",), visible).ids == [2]
    engine.clear()
    assert engine.count() == 0


def _many(count: int) -> list[Entry]:
    """Item 1 has the word in its title and is the oldest; the others only in their text."""
    return [
        Entry(
            n,
            "规范性文件清理" if n == 1 else f"工作动态{n:02d}",
            "关于规范性文件的清理情况",
            11,
            2026,
            "财政局",
            "",
            NOW - timedelta(days=count - n),
        )
        for n in range(1, count + 1)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("index", [0, 1])
def test_a_title_hit_outranks_newer_hits_beyond_the_first_candidates(
    index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    engines = _engines()
    if index >= len(engines):
        pytest.skip("the PostgreSQL engine runs in the PostgreSQL pass of the suite")
    engine = engines[index]
    monkeypatch.setattr(postgres_engine, "CANDIDATES", 3)  # fewer candidates than hits
    engine.clear()
    engine.write(_many(12), [])
    for words in [("规范性文件",), ("范性文",)]:  # a dictionary word; a word the text confirms
        result = engine.search(words, Filters(visible_at=NOW), limit=5)
        assert result.total == 12 and not result.estimated
        assert result.ids[0] == 1, words
        assert result.ids[1:] == [12, 11, 10, 9]  # the rest, newest first


@pytest.mark.django_db
@pytest.mark.parametrize("index", [0, 1])
def test_a_broad_query_gives_an_estimated_total(
    index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    engines = _engines()
    if index >= len(engines):
        pytest.skip("the PostgreSQL engine runs in the PostgreSQL pass of the suite")
    engine = engines[index]
    engine.clear()
    engine.write(_many(12), [])
    if isinstance(engine, PostgresEngine):  # the estimate scales by the planner's row count
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {postgres_engine.TEXT_TABLE}")
    monkeypatch.setattr(tantivy_engine, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(postgres_engine, "EXACT_COUNT_LIMIT", 5)
    # The PostgreSQL engine walks the newest items when the statistics expect many hits.
    monkeypatch.setattr(postgres_engine.Plan, "expected", lambda plan: 10**9)
    monkeypatch.setattr(postgres_engine, "CANDIDATES", 4)
    result = engine.search(("清理",), Filters(), limit=3)
    assert result.estimated and result.total == 12
    assert result.ids[0] in {1, 12} and len(result.ids) == 3
    # Few hits: counted exactly whatever the statistics said.
    narrow = engine.search(("清理", "规范性文件清理"), Filters(), limit=3)
    assert (narrow.ids, narrow.total, narrow.estimated) == ([1], 1, False)
