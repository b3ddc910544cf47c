from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.idnumbers import credit_code_error, resident_id_error


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "11010519491231002x", "110101199003074514", "440306198512120026"],
)
def test_valid_resident_ids(number: str) -> None:
    assert resident_id_error(number) is None


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "校验位"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100", "18位"),
        ("110105203012310023", "出生日期"),
    ],
)
def test_invalid_resident_ids(number: str, reason: str) -> None:
    assert reason in (resident_id_error(number, date(2026, 1, 1)) or "")


def test_credit_codes() -> None:
    assert credit_code_error("91350100M000100Y43") is None
    assert "校验位" in (credit_code_error("91350100M000100Y44") or "")
    assert "18位" in (credit_code_error("91350100M000100Y4") or "")
    assert "18位" in (credit_code_error("91350100M0001OOY43") or "")  # letter O is not allowed
