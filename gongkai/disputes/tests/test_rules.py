"""Table 四 from records: the year a dispute counts in, its result at that year's end."""

from __future__ import annotations

from datetime import date

from gongkai.disputes.rules import Record, problems, table_four

TODAY = date(2026, 11, 29)


def test_a_dispute_counts_in_the_year_it_was_brought_with_its_result_at_year_end() -> None:
    records = [
        Record("reconsideration", date(2021, 3, 1), date(2021, 5, 1), "corrected"),
        Record("reconsideration", date(2021, 11, 1), date(2022, 1, 20), "upheld"),  # pending
        Record("litigation_direct", date(2021, 6, 1), None, "pending"),
        Record("litigation_direct", date(2020, 6, 1), date(2021, 2, 1), "upheld"),  # 2020's
        Record("litigation_after_reconsideration", date(2021, 7, 1), date(2021, 12, 31), "other"),
    ]
    cells = table_four(records, 2021)
    assert cells["disputes.reconsideration.corrected"] == 1
    assert cells["disputes.reconsideration.pending"] == 1
    assert cells["disputes.reconsideration.upheld"] == 0
    assert cells["disputes.reconsideration.total"] == 2
    assert cells["disputes.litigation_direct.pending"] == 1
    assert cells["disputes.litigation_direct.total"] == 1
    assert cells["disputes.litigation_after_reconsideration.other"] == 1
    assert len(cells) == 15 and sum(cells.values()) == 2 * 4
    assert table_four(records, 2022)["disputes.reconsideration.total"] == 0
    assert table_four(records, 2020)["disputes.litigation_direct.pending"] == 1


def test_problems_are_explained_in_chinese() -> None:
    review = Record("reconsideration", date(2021, 3, 1), date(2021, 5, 1), "corrected")
    assert problems(review, None, TODAY) == []
    assert problems(Record("reconsideration", date(2021, 3, 1), None, "upheld"), None, TODAY) == [
        "已审结的须填写审结日期和结果；尚未审结的不填审结日期"
    ]
    assert "审结日期不能早于申请或起诉日期" in problems(
        Record("reconsideration", date(2021, 3, 1), date(2021, 2, 1), "upheld"), None, TODAY
    )
    assert "申请或起诉日期不能晚于今天" in problems(
        Record("litigation_direct", date(2027, 1, 1)), None, TODAY
    )
    lawsuit = Record("litigation_after_reconsideration", date(2021, 6, 1))
    assert problems(lawsuit, None, TODAY) == ["复议后起诉须关联此前的行政复议"]
    assert problems(lawsuit, review, TODAY) == []
    assert problems(
        Record("litigation_after_reconsideration", date(2021, 2, 1)), review, TODAY
    ) == ["复议后起诉的日期不能早于复议申请日期"]
    assert problems(Record("litigation_direct", date(2021, 6, 1)), review, TODAY) == [
        "只有复议后起诉可以关联此前的行政复议"
    ]
