"""索引号: the catalogue's unique key for an item, by a rule the agency configures."""

from __future__ import annotations

import string

DEFAULT_RULE = "{agency}-{category}-{year}-{seq:05d}"
FIELDS = {"agency", "category", "year", "seq"}


class RuleError(ValueError):
    pass


def validate(rule: str) -> str:
    """The rule if usable; otherwise RuleError with the reason in Chinese."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(rule) if name is not None}
    except ValueError as error:
        raise RuleError(f"索引号规则格式有误：{error}") from error
    unknown = names - FIELDS
    if unknown:
        raise RuleError(
            "索引号规则只能使用 {agency} {category} {year} {seq}：" + "、".join(unknown)
        )
    if "seq" not in names:
        raise RuleError("索引号规则必须包含序号 {seq}，否则无法保证唯一")
    try:
        format_number(rule, "X", "01", 2021, 1)
    except (ValueError, KeyError, IndexError) as error:
        raise RuleError(f"索引号规则格式有误：{error}") from error
    return rule


def format_number(rule: str, agency: str, category: str, year: int, seq: int) -> str:
    return rule.format(agency=agency, category=category, year=year, seq=seq)
