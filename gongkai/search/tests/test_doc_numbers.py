"""文号 in every shape readers and editors type them: one normal form, in the index and in queries."""

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
    ("written", "normal"),
    [
        ("国办发〔2017〕47号", "国办发2017年47号"),
        ("豫政办〔2021〕12号", "豫政办2021年12号"),
        ("洛政〔2020〕3号", "洛政2020年3号"),
        ("京政发[2019]1号", "京政发2019年1号"),
        ("国函（2016）102号", "国函2016年102号"),
        ("财预〔2021〕 5号", "财预2021年5号"),  # odd spaces
        ("财预 〔 2021 〕  5 号", "财预2021年5号"),
        ("洛开管〔2026〕99号", "洛开管2026年99号"),
        ("洛开管[2026]99号", "洛开管2026年99号"),
        ("洛开管(2026)99号", "洛开管2026年99号"),
        ("洛开管［2026］99号", "洛开管2026年99号"),  # full-width brackets
        ("洛开管【2026】99号", "洛开管2026年99号"),
        ("洛开管（２０２６）９９号", "洛开管2026年99号"),  # full-width digits
        ("洛开管2026年99号", "洛开管2026年99号"),
        ("洛开管 2026 99号", "洛开管2026年99号"),
        ("洛开管 2026年 99号", "洛开管2026年99号"),
        ("国发〔2017〕第3号", "国发2017年3号"),
        ("2026〕99号", "2026年99号"),  # part of one, the opening bracket left out
        ("〔2026〕99", "2026年99"),
        ("洛开管〔2026〕", "洛开管2026年"),
        ("（洛开管〔2026〕99号）印发", "(洛开管2026年99号)印发"),  # inside a sentence
    ],
)
def test_every_shape_of_a_doc_number_has_one_normal_form(written: str, normal: str) -> None:
    assert text.normalise(written) == normal


@pytest.mark.parametrize(
    "unchanged",
    ["于2021年3月召开", "规划（2021-2025）", "12026 99号", "第3号楼", "2021", "公开", ""],
)
def test_other_text_is_only_folded(unchanged: str) -> None:
    assert text.normalise(unchanged) == text.fold(unchanged)


def test_a_year_never_runs_into_the_number() -> None:
    # 2021 is part of 〔2021〕3号 but not of 〔2020〕21号 (the 年 stays between them).
    assert "2021" in text.normalise("洛开管〔2021〕3号")
    assert "2021" not in text.normalise("洛开管〔2020〕21号")


def test_offsets_lead_back_to_the_text_as_written() -> None:
    written = "印发洛开管〔２０２６〕 99号的通知"
    normal, offsets = text.normalised(written)
    assert normal == "印发洛开管2026年99号的通知" and len(offsets) == len(normal)
    start = normal.index("2026年99号")
    end = offsets[start + len("2026年99号") - 1] + 1
    assert written[offsets[start] : end] == "２０２６〕 99号"


@pytest.mark.parametrize(
    "typed",
    ["洛开管〔2026〕99号", "洛开管[2026]99号", "洛开管（2026）99号", "洛开管 2026 99号",
     "洛开管2026年99号", "洛开管【２０２６】９９号"],
)  # fmt: skip
def test_a_doc_number_typed_as_keywords_is_one_word(typed: str) -> None:
    assert text.parse(typed).words == ("洛开管2026年99号",)


def test_a_doc_number_is_marked_where_it_is_written() -> None:
    marked = text.mark("关于印发<规定>的通知（洛开管〔2026〕99号）", ["洛开管2026年99号"])
    assert marked == "关于印发&lt;规定&gt;的通知（<mark>洛开管〔2026〕99号</mark>）"


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("洛开管〔2026〕99号", ("洛开管", 2026, 99)),
        ("国函（2016）102号", ("国函", 2016, 102)),
        ("〔2026〕99号", ("", 2026, 99)),
        ("洛开管〔2026〕", ("洛开管", 2026, None)),
        ("洛开管", ("洛开管", None, None)),
    ],
)
def test_doc_number_parts(typed: str, parts: tuple[str, int | None, int | None]) -> None:
    assert text.doc_number_parts(typed) == parts


def test_nearest_doc_numbers_share_the_code_then_the_year_then_the_number() -> None:
    candidates = [
        "洛开管〔2025〕99号",
        "国办发〔2026〕99号",
        "洛开管〔2026〕3号",
        "洛开管〔2026〕98号",
        "",
    ]
    assert text.nearest_doc_numbers("洛开管〔2026〕99号", candidates) == [
        "洛开管〔2026〕98号",
        "洛开管〔2026〕3号",
        "洛开管〔2025〕99号",
    ]
    assert text.nearest_doc_numbers("国办发 2026 100号", candidates, limit=1) == [
        "国办发〔2026〕99号"
    ]


DOC_CHARS = st.sampled_from(list("洛开管国发〔〕[]()（）【】年号第 0129２９"))


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(st.text(DOC_CHARS, min_size=1, max_size=24), min_size=1, max_size=20),
    typed=st.text(DOC_CHARS, min_size=1, max_size=12),
)
def test_tantivy_matches_what_a_scan_of_the_normalised_text_matches(
    docs: list[str], typed: str
) -> None:
    """The index and the query are normalised alike: the engine finds exactly the items whose
    normalised text holds every word (the 文号 numbers' whole terms included)."""
    engine = TantivyEngine(tempfile.mkdtemp())
    published = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    engine.write([Entry(i + 1, "", d, 1, 2026, "", "", published) for i, d in enumerate(docs)], [])
    engine.mark_dictionary()  # as a rebuild leaves it: whole terms in use
    words = text.parse(typed).words
    found = engine.search(words, Filters(), limit=100) if words else None
    expected = {i + 1 for i, d in enumerate(docs) if all(w in text.normalise(d) for w in words)}
    if found is not None:
        assert set(found.ids) == expected and found.total == len(expected)
