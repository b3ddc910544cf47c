"""Identity document numbers with a checksum: 居民身份证 (GB 11643-1999, ISO 7064 MOD 11-2) and
统一社会信用代码 (GB 32100-2015). A typo in either is caught before a case is saved."""

from __future__ import annotations

from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_error(number: str, today: date | None = None) -> str | None:
    """None if `number` is a valid 18-digit resident ID; otherwise the reason, in Chinese."""
    value = number.strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return "居民身份证号码应为18位，前17位为数字，最后一位为数字或X"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期无效"
    if born < date(1900, 1, 1) or born > (today or date.today()):
        return "居民身份证号码中的出生日期无效"
    checksum = _ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11]
    if value[17] != checksum:
        return "居民身份证号码校验位不正确，请核对是否输错"
    return None


def credit_code_error(code: str) -> str | None:
    """None if `code` is a valid 18-character 统一社会信用代码; otherwise the reason."""
    value = code.strip().upper()
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        return "统一社会信用代码应为18位，由数字和大写字母（不含I、O、Z、S、V）组成"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    if _USCC_CHARS[(31 - total % 31) % 31] != value[17]:
        return "统一社会信用代码校验位不正确，请核对是否输错"
    return None
