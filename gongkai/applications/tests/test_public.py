"""What the public may see of a case (applications.public): the tracking page's facts and
nothing else — no applicant, no description, no handler, no notes."""

from __future__ import annotations

import dataclasses
from datetime import date
from types import SimpleNamespace

import pytest

from gongkai.applications.public import (
    PublicStatus,
    applicant_may_download,
    literal_parts,
    public_status,
)


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
        "explanation",
        "extension_days",
        "correction",
        "documents",
    ]
    shown = public_status(_case())  # type: ignore[arg-type]
    assert shown == PublicStatus(
        "HB2035-ABCDEF", "某市生态环境局", "0379-1111", date(2035, 12, 6), "办理中",
        date(2036, 1, 4), True, "该日期按预测的2036年节假日安排计算", "", None, None,
        "您的申请已收到，正在办理。我们会在答复期限前作出答复。", 0, None, (),
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


def _event(action: str, on: date, **data: object) -> SimpleNamespace:
    return SimpleNamespace(action=action, on=on, data=data)


class _Notices:
    def title(self, key: str) -> str:
        return {"reply": "答复书"}.get(key, key)

    def text(self, key: str) -> str:
        return "申请人：\n请补正文号。\n" if key == "correction" else ""


def test_a_correction_shows_its_notice_deadline_and_whether_it_may_be_answered() -> None:
    events = [
        _event("received", date(2035, 12, 6)),
        _event("request_correction", date(2035, 12, 10), reply_by="2035-12-24", what="文号"),
    ]
    shown = public_status(
        _case(status="correction", due_date=None),
        events,
        _Notices(),
        date(2035, 12, 25),  # type: ignore[arg-type]
    )
    assert shown.status == "待补正" and "补正告知书" in shown.explanation
    assert shown.correction is not None
    assert shown.correction.notice == ((("申请人：", False),), (("请补正文号。", False),))
    assert (shown.correction.reply_by, shown.correction.may_answer) == (date(2035, 12, 24), True)
    assert shown.correction.overdue  # the 25th is after the deadline
    assert [d.key for d in shown.documents] == ["acknowledgement", "correction"]
    answered = public_status(
        _case(status="registered"),  # type: ignore[arg-type]
        [*events, _event("receive_correction", date(2035, 12, 20), online=True)],
        _Notices(),
        date(2035, 12, 25),
    )
    assert answered.correction is not None
    assert (answered.correction.answered_on, answered.correction.answered_online) == (
        date(2035, 12, 20),
        True,
    )
    assert not answered.correction.may_answer and not answered.correction.overdue


def test_the_reply_is_offered_only_once_served() -> None:
    decided = [_event("received", date(2036, 1, 2)), _event("decide", date(2036, 1, 20))]
    shown = public_status(_case(status="decided", outcome="granted"), decided, _Notices())  # type: ignore[arg-type]
    assert [d.key for d in shown.documents] == ["acknowledgement"]
    assert not applicant_may_download("reply", decided)
    served = [*decided, _event("serve", date(2036, 1, 21))]
    shown = public_status(
        _case(status="closed", outcome="granted", served_on=date(2036, 1, 21)),  # type: ignore[arg-type]
        served,
        _Notices(),
    )
    assert [(d.key, d.title) for d in shown.documents][-1] == ("reply", "答复书")
    assert applicant_may_download("reply", served) and not applicant_may_download(
        "consultation", served
    )
    assert shown.explanation == "我们已作出答复并送达，您可以在下方下载答复书。"


def test_plain_words_for_an_extension_and_for_a_lapsed_correction() -> None:
    extended = public_status(
        _case(),  # type: ignore[arg-type]
        [_event("received", date(2036, 1, 2)), _event("extend", date(2036, 1, 20), days=15)],
    )
    assert extended.extension_days == 15
    lapsed = public_status(
        _case(status="closed", outcome="other.no_correction"),  # type: ignore[arg-type]
        [
            _event("request_correction", date(2036, 1, 5), reply_by="2036-01-19"),
            _event("lapse_correction", date(2036, 1, 26)),
        ],
    )
    assert "视为放弃申请" in lapsed.explanation
    assert lapsed.correction is not None and not lapsed.correction.may_answer


def test_codes_and_addresses_are_told_apart_from_the_words_around_them() -> None:
    assert literal_parts(
        "您的申请（跟踪码：HB2035-ABCDEF）详见 https://gk.example/track/。", "HB2035-ABCDEF"
    ) == (
        ("您的申请（跟踪码：", False),
        ("HB2035-ABCDEF", True),
        ("）详见 ", False),
        ("https://gk.example/track/", True),
        ("。", False),
    )
    assert literal_parts("没有代码", "") == (("没有代码", False),)
