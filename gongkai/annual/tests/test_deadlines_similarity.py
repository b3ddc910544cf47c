from __future__ import annotations

from datetime import date

from gongkai.annual.deadlines import due
from gongkai.annual.similarity import THRESHOLD, similarity


def test_departments_publish_by_31_january_governments_by_31_march() -> None:
    assert due(2025, False, None, date(2026, 1, 10)).state == "soon"
    assert (
        due(2025, False, None, date(2026, 2, 1)).label
        == "已超过公布期限（2026年01月31日），尚未公布"
    )
    assert due(2025, True, None, date(2026, 2, 1)).state == "open"
    assert due(2025, True, None, date(2026, 3, 5)).label == "请于2026年03月31日前公布，还有26天"
    assert due(2025, True, None, date(2025, 12, 1)).state == "open"
    assert due(2025, False, date(2026, 1, 31), date(2026, 5, 1)).state == "published"
    assert due(2025, False, date(2026, 2, 1), date(2026, 5, 1)).state == "late"
    assert due(2025, True, date(2026, 3, 31), date(2026, 5, 1)).state == "published"


def test_a_copy_with_new_numbers_is_still_a_copy() -> None:
    last = "2024年，我办共收到政府信息公开申请30件，全部按期答复。下一步将加强培训。"
    copied = "2025年，我办共收到政府信息公开申请38件，全部按期答复。下一步将加强培训。"
    rewritten = "本年度依申请公开工作量上升，新设网上申请渠道，答复质量由法制机构逐件审核。"
    assert similarity(copied, last) == 1.0
    assert similarity(rewritten, last) < THRESHOLD  # type: ignore[operator]
    assert similarity("", last) is None
