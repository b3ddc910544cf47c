"""What the public may see of a case (applications.public): the tracking page's facts and
nothing else — no applicant, no description, no handler, no notes."""

from __future__ import annotations

import dataclasses
from datetime import date
from types import SimpleNamespace

import pytest

from gongkai.applications.public import PublicStatus, public_status


def _case(**fields: object) -> SimpleNamespace:
    base: dict[str, object] = {
        "tracking_code": "HB2035-ABCDEF",
        "agency": SimpleNamespace(name="某市生态环境局", phone="0379-1111"),
        "received_on": date(2035, 12, 6),
        "status": "registered",
        "due_date": date(2036, 1, 4),
        "due_predicted": True,
        "outcome": "",
        "concluded_on": None,
        "served_on": None,
        "due_caveat": lambda: "该日期按预测的2036年节假日安排计算",
        "applicant": SimpleNamespace(name="王秘密", id_number="11010519491231002X"),
        "description": "秘密描述",
    }
    return SimpleNamespace(**{**base, **fields})


def test_only_the_tracking_page_facts_are_copied_out() -> None:
    assert [f.name for f in dataclasses.fields(PublicStatus)] == [
        "tracking_code",
        "agency",
        "agency_phone",
        "received_on",
        "status",
        "due_date",
        "due_predicted",
        "due_caveat",
        "outcome",
        "concluded_on",
        "served_on",
    ]
    shown = public_status(_case())  # type: ignore[arg-type]
    assert shown == PublicStatus(
        "HB2035-ABCDEF", "某市生态环境局", "0379-1111", date(2035, 12, 6), "办理中",
        date(2036, 1, 4), True, "该日期按预测的2036年节假日安排计算", "", None, None,
    )  # fmt: skip
    assert "王秘密" not in repr(shown) and "秘密描述" not in repr(shown)
    with pytest.raises(dataclasses.FrozenInstanceError):
        shown.status = "已办结"  # type: ignore[misc]


def test_a_closed_case_shows_its_outcome_and_no_deadline() -> None:
    shown = public_status(
        _case(status="closed", outcome="withheld.third_party", concluded_on=date(2036, 1, 2))  # type: ignore[arg-type]
    )
    assert (shown.status, shown.due_date, shown.due_predicted, shown.due_caveat) == (
        "已办结",
        None,
        False,
        "",
    )
    assert shown.outcome == "不予公开：保护第三方合法权益"
