"""Golden queries: 文号 in every shape, the 发布机构 by keywords and filter, filters alone, on both
engines with the same answers. The PostgreSQL engine runs when the suite runs on PostgreSQL."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from gongkai.search import text
from gongkai.search.engine import Entry, Filters
from gongkai.search.postgres_engine import PostgresEngine
from gongkai.search.tantivy_engine import TantivyEngine

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# The 发布机构 as search.services.entry writes it: the publisher, then the agency's and its
# superiors' names and short names.
OFFICE = "洛阳高新技术产业开发区管理委员会党政办公室\n党政办\n洛阳高新技术产业开发区管理委员会\n高新区管委会"
FINANCE = "洛阳高新技术产业开发区财政局\n洛阳高新技术产业开发区管理委员会\n高新区管委会"
STATE = "国务院办公厅"


def _item(
    pk: int, title: str, number: str, agency: str, days: float, body: str = "正文", year: int = 2026
) -> Entry:
    return Entry(pk, title, body, 10, year, agency, number, NOW - timedelta(days=days))


ITEMS = [
    _item(1, "关于开展双随机一公开督导检查的通知", "洛开管〔2026〕99号", OFFICE, 5),
    _item(2, "关于印发安全生产工作要点的通知", "洛开管〔2026〕9号", OFFICE, 4),
    _item(3, "关于规范财政资金管理的通知", "洛开管〔2020〕21号", FINANCE, 300, year=2020),
    _item(4, "关于推进政务公开的意见", "国办发〔2017〕47号", STATE, 900, year=2017),
    _item(5, "工作动态", "", FINANCE, 2, body="根据《意见》（国办发［2017］47号）要求，开展检查。"),
    _item(6, "北京市的通知", "京政发[2019]1号", "北京市人民政府", 700, year=2019),
    _item(7, "国务院的批复", "国函（2016）102号", STATE, 1000, year=2016),
    _item(8, "预算通知", "财预〔2021〕 5号", FINANCE, 500, year=2021),
    _item(9, "定时发布的通知", "洛开管〔2026〕100号", OFFICE, -1),  # scheduled: hidden until then
]
VISIBLE = Filters(visible_at=NOW)
SAME_AS_99 = [
    "洛开管〔2026〕99号",
    "洛开管[2026]99号",
    "洛开管(2026)99号",
    "洛开管（2026）99号",
    "洛开管［2026］99号",
    "洛开管【２０２６】９９号",
    "洛开管 2026 99号",
    "洛开管2026年99号",
    "洛开管〔2026〕 99 号",
]
# (query as typed, filters) → the visible hits: a list best first; a set where the engines rank
# equals differently (tantivy's BM25 weighs the length of an item, PostgreSQL's score does not).
GOLDEN: list[tuple[str, Filters, list[int] | set[int]]] = [
    *[(typed, VISIBLE, [1]) for typed in SAME_AS_99],
    ("洛开管", VISIBLE, {2, 1, 3}),  # the 文号's prefix
    ("〔2026〕99号", VISIBLE, [1]),
    ("年99号", VISIBLE, [1]),  # the 文号's number alone (one index term)
    ("2026年9号", VISIBLE, [2]),  # not 〔2026〕99号
    ("2026〕9号", VISIBLE, [2]),
    ("2021", VISIBLE, [8]),  # not 〔2020〕21号
    # The item's own 文号 ranks it above an item citing it in its text.
    ("国办发〔2017〕47号", VISIBLE, [4, 5]),
    ("京政发〔2019〕1号", VISIBLE, [6]),
    ("国函(2016)102号", VISIBLE, [7]),
    ("财预〔2021〕5号", VISIBLE, [8]),
    ("财预[2021]5号", VISIBLE, [8]),
    # The 发布机构 by keywords (part of a name).
    ("党政办公室", VISIBLE, [2, 1]),
    ("财政局 检查", VISIBLE, [5]),
    ("国务院办公厅", VISIBLE, [4, 7]),
    ("通知", Filters(agency="党政办公室", visible_at=NOW), [2, 1]),
    ("通知", Filters(agency="高新区", visible_at=NOW), {2, 1, 8, 3}),
    ("通知", Filters(doc_number="洛开管 2026", visible_at=NOW), [2, 1]),
    ("通知", Filters(doc_number="洛开管[2026]99号", visible_at=NOW), [1]),
    ("检查", Filters(doc_number="国办发", visible_at=NOW), []),  # 5 cites it; its own is empty
    # Filters alone: the newest matches.
    ("", Filters(doc_number="洛开管", visible_at=NOW), [2, 1, 3]),
    ("", Filters(doc_number="（2026）99号", visible_at=NOW), [1]),
    ("", Filters(doc_number="洛开管", visible_at=NOW + timedelta(days=2)), [9, 2, 1, 3]),
    ("", Filters(agency="高新区", visible_at=NOW), [5, 2, 1, 3, 8]),
    ("", Filters(agency="国务院 办公厅", visible_at=NOW), [4, 7]),
    ("", Filters(year=2021, visible_at=NOW), [8]),
    ("", Filters(column_ids=(10,), year=2017, visible_at=NOW), [4]),
    ("", Filters(doc_number="〔〕 ", visible_at=NOW), []),  # nothing to match: no listing
    ("", VISIBLE, []),
]


def _engines() -> list[object]:
    engines: list[object] = [TantivyEngine(tempfile.mkdtemp())]
    if connection.vendor == "postgresql":
        engines.append(PostgresEngine(connection.cursor))
    return engines


@pytest.fixture(params=[0, 1], ids=["tantivy", "postgres"])
def engine(request: pytest.FixtureRequest, db: None) -> object:
    engines = _engines()
    if request.param >= len(engines):
        pytest.skip("the PostgreSQL engine runs in the PostgreSQL pass of the suite")
    found = engines[request.param]
    found.clear()  # type: ignore[attr-defined]
    found.write(ITEMS, [])  # type: ignore[attr-defined]
    return found


def test_golden_queries(engine: TantivyEngine | PostgresEngine) -> None:
    wrong = []
    for typed, filters, expected in GOLDEN:
        result = engine.search(text.parse(typed).words, filters, limit=20)
        found = set(result.ids) if isinstance(expected, set) else result.ids
        if (found, result.total) != (expected, len(expected)):
            wrong.append((typed, filters, expected, result.ids, result.total))
    assert wrong == []


def test_filters_alone_are_paged_newest_first(engine: TantivyEngine | PostgresEngine) -> None:
    filters = Filters(agency="高新区", visible_at=NOW)
    pages = [engine.search((), filters, limit=2, offset=n) for n in (0, 2, 4)]
    assert [p.ids for p in pages] == [[5, 2], [1, 3], [8]]
    assert {p.total for p in pages} == {5} and not any(p.estimated for p in pages)


def test_an_index_of_an_older_layout_is_emptied_not_an_error(tmp_path: object) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, fast=True, indexed=True)
    builder.add_text_field("agency", tokenizer_name="raw")  # the layout before 文号 search
    old = tantivy.Index(builder.build(), path=str(tmp_path))
    writer = old.writer(15_000_000, 1)
    document = tantivy.Document()
    document.add_unsigned("id", 1)
    writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    engine = TantivyEngine(str(tmp_path))
    assert engine.count() == 0 and not engine.current_dictionary()
    engine.write(ITEMS[:1], [])
    assert engine.search(("洛开管",), Filters()).ids == [1]


def test_broad_filters_list_the_same_newest_items(
    engine: TantivyEngine | PostgresEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filters the statistics expect to match many items walk the publication order on
    PostgreSQL (the row's own columns checked), and answer as the terms do."""
    from gongkai.search import postgres_engine

    monkeypatch.setattr(postgres_engine.Plan, "expected", lambda plan: 10**9)
    for typed, filters, expected in GOLDEN:
        if not typed:
            result = engine.search((), filters, limit=20)
            assert result.ids == expected, filters
            assert result.total == len(expected) or result.estimated
    monkeypatch.setattr(postgres_engine, "EXACT_COUNT_LIMIT", 2)
    listed = engine.search((), Filters(agency="高新区", visible_at=NOW), limit=2)
    assert listed.ids == [5, 2]
    if isinstance(engine, PostgresEngine):
        assert listed.estimated and listed.total >= 3
