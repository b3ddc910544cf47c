"""Personal data in text about to be published: resident ID numbers (with a valid checksum),
mobile numbers and bank card numbers (Luhn). Found before 保密审查, masked or confirmed by the
editor; the monthly self-check runs the same scan over what is already published."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core.idnumbers import resident_id_error

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")
KINDS = {"id": "居民身份证号码", "mobile": "手机号码", "card": "银行卡号"}


@dataclass(frozen=True)
class Hit:
    kind: str
    value: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def masked(self) -> str:
        return mask(self.value)


def scan(text: str) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match[str]) -> None:
        if any(match.start() < e and match.end() > s for s, e in taken):
            return
        hits.append(Hit(kind, match.group(), match.start(), match.end()))
        taken.append(match.span())

    for match in _ID.finditer(text):
        if resident_id_error(match.group()) is None:
            add("id", match)
    for match in _MOBILE.finditer(text):
        add("mobile", match)
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 16 <= len(digits) <= 19 and _luhn(digits):
            add("card", match)
    return sorted(hits, key=lambda h: h.start)


def mask(value: str) -> str:
    """138****1234: keep the first three and last four characters."""
    digits = value.replace(" ", "").replace("-", "")
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_all(text: str) -> str:
    out, cursor = [], 0
    for hit in scan(text):
        out += [text[cursor : hit.start], hit.masked]
        cursor = hit.end
    return "".join([*out, text[cursor:]])


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
