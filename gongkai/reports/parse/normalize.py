"""Character-level normalisation shared by every reader.

Reports arrive with full-width digits, traditional characters (big5 gateway copies of gov.cn
pages), curly or straight quotes, 1． / 1、 / 1. item numbers and spaces that PDF extraction puts
between Chinese characters and digits. Text is normalised once, here, so that label matching and
number reading never see those variants.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

import opencc

# Full-width ASCII variants (！ … ～) map to ASCII by a fixed offset; the ideographic space too.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Only digits and Latin letters are folded in running text: Chinese punctuation stays as written.
_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_FULLWIDTH_ALNUM.update({0x3000: 0x20, 0xFF0E: 0x2E, 0xFF05: 0x25, 0x00A0: 0x20})

# Common traditional-only characters of these reports: a document that uses several is
# converted as a whole (big5 gateway copies of gov.cn pages); a simplified one is left alone.
_TRADITIONAL = re.compile("[開資訊請數與這國處關會於發機構範規劃報條結轉況題門權複審訴類項計總辦]")

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’"
_SPACE_AROUND_CJK = re.compile(rf"(?<=[{_CJK}{_PUNCT}])[ \t]+|[ \t]+(?=[{_CJK}{_PUNCT}])")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def is_traditional(sample: str) -> bool:
    return len(_TRADITIONAL.findall(sample)) >= 5


def simplified(value: str) -> str:
    converted: str = _converter().convert(value)
    return converted


def text(value: str) -> str:
    """Running text with half-width digits (full-width ０-９ are common in Word documents)."""
    return value.translate(_FULLWIDTH_ALNUM)


@lru_cache(maxsize=16384)
def inline(value: str) -> str:
    """One line or one cell: `text` plus the spaces PDF extraction inserts around CJK removed."""
    value = text(value).replace("\r", "").replace("\n", "")
    return _SPACE_AROUND_CJK.sub("", value).strip()


_LABEL_DROP = re.compile(r"[\s\"'“”‘’「」『』《》:：;；,，。·・\u200b\ufeff]")
_ITEM_NUMBER = re.compile(r"(?<![0-9])([0-9]{1,2})\s*[.．、)）]")
_PAREN = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "【": "(", "】": ")"})


@lru_cache(maxsize=8192)
def label(value: str) -> str:
    """A table label reduced to what identifies it: no spaces, quotes or commas; 1、 → 1."""
    value = text(value).translate(_FULLWIDTH).translate(_PAREN)
    value = _ITEM_NUMBER.sub(r"\1.", value)
    return _LABEL_DROP.sub("", value)


class Token(Enum):
    NUMBER = "number"
    BLANK = "blank"  # blank, —, ／, 无: the document gives no number
    TEXT = "text"


_BLANK_MARKS = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "——",
        "–",
        "―",
        "－",
        "/",
        "／",
        "\\",
        "无",
        "無",
        "空",
        "×",
        "x",
        "X",
        "*",
        "nan",
    }
)
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|条|个|项|次|人|%)?$")


@lru_cache(maxsize=8192)
def classify(token: str) -> tuple[Token, Decimal | None, str]:
    """Read one cell. Returns the kind, the number (exact) and the unit written in the cell."""
    raw = token.translate(_FULLWIDTH).replace(" ", "").replace("\u00a0", "")
    raw = raw.replace("，", ",")
    if raw in _BLANK_MARKS:
        return Token.BLANK, None, ""
    match = _NUMBER.match(raw)
    if not match:
        return Token.TEXT, None, ""
    sign, whole, fraction, unit = match.groups()
    try:
        number = Decimal(sign + whole.replace(",", "") + (fraction or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return Token.TEXT, None, ""
    return Token.NUMBER, number, unit or ""


def is_value(token: str) -> bool:
    return classify(token)[0] is not Token.TEXT


_CN_DIGITS = {
    "〇": "0",
    "零": "0",
    "○": "0",
    "Ｏ": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_CN_YEAR = re.compile("([〇零○Ｏ一二三四五六七八九]{4})(?=年)")


def chinese_year_digits(value: str) -> str:
    """二〇二一年 → 2021年 (titles are sometimes written in Chinese numerals)."""
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), value)
