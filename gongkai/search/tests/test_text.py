"""Query parsing and index terms: any input is a query, and matching is substring matching."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search import text
from gongkai.search.engine import Entry, Filters
from gongkai.search.tantivy_engine import TantivyEngine


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("制发", ("制发",)),
        ("  规范性文件   年报 ", ("规范性文件", "年报")),
        ('"政府信息公开" 的', ("政府信息公开",)),
        ("ＧＢ２０２１　公开", ("gb2021", "公开")),  # full-width folded
        ("'; DROP TABLE x; --", ("drop", "table", "x")),
        ('title:(a OR b) AND "c*"', ("c", "title", "a", "b")),
        ("政府信息公开工作年度报告", ("政府信息公开", "工作", "年度报告")),
    ],
)
def test_parse(raw: str, words: tuple[str, ...]) -> None:
    assert text.parse(raw).words == words


def test_parse_notes() -> None:
    assert text.parse("的 了 和").empty and "虚词" in text.parse("的 了 和").notes[0]
    long = text.parse("公开" * 600)
    assert any("过长" in n for n in long.notes) and len(long.text) == text.MAX_QUERY_CHARS
    many = text.parse(" ".join(f"词{i}" for i in range(20)))
    assert len(many.words) == text.MAX_TERMS


def test_snippet_marks_and_escapes() -> None:
    out = text.snippet("<b>关于</b>制发规范性文件的通知", ["制发", "通知"])
    assert "<mark>制发</mark>" in out and "<mark>通知</mark>" in out and "&lt;b&gt;" in out


CJK = st.sampled_from(list("政府信息公开制发规范性文件通知工作会议年度报告的和"))
docs = st.lists(st.text(CJK, min_size=1, max_size=30), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None)
@given(docs=docs, word=st.text(CJK, min_size=1, max_size=5))
def test_tantivy_matches_exactly_what_a_substring_scan_matches(docs: list[str], word: str) -> None:
    engine = TantivyEngine(tempfile.mkdtemp())
    published = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    engine.write([Entry(i + 1, "", d, 1, 2026, "", "", published) for i, d in enumerate(docs)], [])
    words = (word,)
    found = engine.search(words, Filters(), limit=100)
    expected = {i + 1 for i, d in enumerate(docs) if word in d}
    assert set(found.ids) == expected and found.total == len(expected)
