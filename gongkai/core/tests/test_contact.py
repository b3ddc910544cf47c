"""The limits of what people write (core.contact): phones, e-mail, postcode, lengths, each
refused with its reason in Chinese, and the same in the forms and the register import."""

from __future__ import annotations

import re

import pytest

from gongkai.core import contact

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "19912345678",
        "+86 138 1234 5678",
        "+8613812345678",
        "138-1234-5678",
        "０５７１－８８８８８８８８",  # full-width, as typed with a Chinese input method
        "0571-88888888",
        "057188888888",
        "010-12345678-123",
        "010-12345678转8001",
        "(0379) 6123 4567",
        "（0379）61234567",
        "0379-6123456",
        "88888888",
        "400-810-8888",
    ],
)
def test_phones_that_reach_someone(phone: str) -> None:
    assert contact.phone_problem(phone) is None


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("abc", "联系电话格式不正确"),
        ("138", "联系电话格式不正确"),
        ("12345678901", "联系电话格式不正确"),  # no mobile starts with 12
        ("1381234567", "联系电话格式不正确"),  # ten digits
        ("138123456789", "联系电话格式不正确"),
        ("0571-08888888", "联系电话格式不正确"),  # a local number never starts with 0
        ("=1+1", "联系电话格式不正确"),
        ("13812345678，0379-61234567", "请只填写一个电话号码"),
        ("1" * 41, "联系电话最多40个字符"),
    ],
)
def test_phones_refused_with_the_reason(phone: str, reason: str) -> None:
    problem = contact.phone_problem(phone)
    assert problem and problem.startswith(reason)
    assert not LATIN_WORD.search(problem)


def test_normalised_phone_is_what_is_kept() -> None:
    assert contact.normalise_phone(" ０５７１－８８８８ ８８８８ ") == "0571-88888888"
    assert contact.normalise_phone("(0379) 6123 4567") == "0379-61234567"


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("lisi@example.com", True),
        ("li.si+gk@mail.example.com.cn", True),
        ("张三@例子.中国", True),
        ("not-an-email", False),
        ("a@b", False),
        ("a b@example.com", False),
        ("a@@example.com", False),
        ("a@example.c", False),
        ("x" * 250 + "@a.cn", False),
    ],
)
def test_email(email: str, ok: bool) -> None:
    problem = contact.email_problem(email)
    assert (problem is None) is ok
    if problem:
        assert problem in (contact.EMAIL_INVALID, contact.EMAIL_TOO_LONG)
        assert "Email" not in problem and not LATIN_WORD.search(problem)


@pytest.mark.parametrize(
    ("postcode", "ok"),
    [
        ("471000", True),
        ("４７１０００", True),
        ("47100", False),
        ("4710000", False),
        ("abcdef", False),
    ],
)
def test_postcode(postcode: str, ok: bool) -> None:
    assert (contact.postcode_problem(postcode) is None) is ok


def test_a_length_is_refused_with_its_reason() -> None:
    problem = contact.DESCRIPTION.problem("某" * 120_000)
    assert problem is not None
    assert problem.startswith("所需信息的描述最多10000个字（现有120000个字）。")
    assert "分为几件申请" in problem
    assert contact.DESCRIPTION.problem("某" * 10_000) is None
    assert contact.NOTE.named("延期理由").problem("理" * 2001) == (
        "延期理由最多2000个字（现有2001个字）。请写明要点，详细材料可作为附件或另行存档"
    )


def test_every_reason_is_chinese() -> None:
    limits = [v for v in vars(contact).values() if isinstance(v, contact.Limit)]
    assert len(limits) >= 7
    for found in limits:
        assert not LATIN_WORD.search(found.template.replace("%(show_value)d", "")), found


def test_the_applicants_problems_by_field() -> None:
    found = contact.applicant_problems(
        {
            "name": "李" * 101,
            "phone": "abc",
            "email": "not-an-email",
            "postcode": "4710",
            "address": "",
            "contact_person": "王五",
        }
    )
    assert sorted(found) == ["email", "name", "phone", "postcode"]


def test_the_columns_are_as_wide_as_the_limits() -> None:
    """A limit longer than its column would turn a refusal into a database error."""
    pytest.importorskip("django")
    from gongkai.applications.models import Applicant

    widths = {f.name: f.max_length for f in Applicant._meta.fields}
    assert widths["name"] == contact.NAME.most
    assert widths["contact_person"] == contact.CONTACT_PERSON.most
    assert widths["address"] == contact.ADDRESS.most
    assert widths["phone"] == contact.PHONE_MAX
    assert widths["email"] == contact.EMAIL_MAX
    assert widths["postcode"] == 6
