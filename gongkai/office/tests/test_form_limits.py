"""Every field of the back office's forms has a limit, refused in Chinese with its reason: a
number too large for its column or its computation is an input error, never a server error."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.office.forms import ExtendForm, FeeNoticeForm, TemplateForm
from gongkai.office.publishing_forms import (
    ColumnForm,
    FiguresImportForm,
)
from gongkai.office.sitecheck_forms import WaiveForm


def _errors(form: Any) -> str:
    assert not form.is_valid()
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_a_fee_notice_counts_at_most_ten_thousand_pieces_or_pages() -> None:
    # per_piece adds the pieces one by one: a billion would hold the request for minutes.
    data = {"on": "2026-03-10", "version": 1, "basis": "per_volume", "quantity": 10**9}
    assert "一件申请的件数或页数不超过10000" in _errors(FeeNoticeForm(data))


def test_notes_have_a_length_with_a_reason() -> None:
    data = {"on": "2026-03-10", "version": 1, "days": 5, "reason": "理" * 2001}
    assert "延期理由最多2000个字（现有2001个字）" in _errors(ExtendForm(data))
    assert "请填写豁免理由" in _errors(WaiveForm({"version": 1}))
    assert "文书正文最多20000个字" in _errors(
        TemplateForm({"title": "回执", "body": "文" * 20_001})
    )


def test_article_20_figures_imports_stay_in_their_columns() -> None:
    with pytest.raises(ValueError, match="2008至2100"):
        FiguresImportForm.parse(["99999999999", "fees", "3", ""])
    with pytest.raises(ValueError, match="整数部分最多10位"):
        FiguresImportForm.parse(["2025", "fees", "1" + "0" * 12, "财务台账"])
    assert FiguresImportForm.parse(["2025", "行政许可", "12", ""])[:3] == (2025, "licensing", 12)


@pytest.mark.django_db
def test_a_columns_update_period_and_order_are_bounded() -> None:
    from gongkai.orgs.services import create_agency

    agency = create_agency("某市统计局", code="TJ")
    data = {"name": "统计数据", "slug": "tjsj", "column_class": "static", "category": "",
            "update_days": 10**12, "order": 10**12}  # fmt: skip
    errors = _errors(ColumnForm(data, agency=agency))
    assert "更新周期最长366天" in errors and "排序号最大为9999" in errors
