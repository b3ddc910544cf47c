"""Figures stated in the prose, each with the sentence it came from.

Only wordings with one meaning are read (「共收到政府信息公开申请38件」, 「行政复议351件，其中结果
维持72件…」); a sentence that does not match is left alone rather than guessed at. 「5500余条」
is recorded as approximate: a lower bound, not a count the tables can be held to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from gongkai.reports.tables import NarrativeFigure, Part

_N = r"(?P<n>\d+)(?P<approx>余|多)?"
_GAP = r"[^。；;，,：:（(]{0,14}?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        (
            "applications_received",
            rf"(?:收到|受理|接收|新收|收悉|登记|接到)(?:了)?{_GAP}(?:政府)?信息公开申请(?:共计|合计|总计|共)?{_N}件",
        ),
        (
            "applications_received",
            rf"(?:收到|受理|接收|新收)(?:了)?(?:各类)?(?:依)?申请(?:共计|共)?{_N}件",
        ),
        (
            "applications_handled",
            rf"(?:办结|答复|办理完毕|处理完毕|完成办理)(?:了)?(?:各类)?(?:申请)?(?:共计|共)?{_N}件",
        ),
        (
            "applications_carried_in",
            rf"上(?:一)?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共)?{_N}件",
        ),
        ("applications_carried_out", rf"{_N}件(?:申请)?(?:顺延|结转|转入)(?:到|至)?下(?:一)?年度?"),
        (
            "applications_carried_out",
            rf"结转(?:至|到)?下(?:一)?年度?(?:继续办理)?(?:的)?(?:申请)?(?:共)?{_N}件",
        ),
        ("granted", rf"(?<![不部])予以公开(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("partly_granted", rf"部分公开(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("withheld", rf"不予公开(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("unavailable", rf"无法提供(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("not_processed", rf"不予处理(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("other_handling", rf"其他处理(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("reconsiderations", rf"行政复议(?:案件|申请)?(?:共计|共)?{_N}(?:件|起)"),
        ("lawsuits", rf"行政诉讼(?:案件)?(?:共计|共)?{_N}(?:件|起)"),
        (
            "proactive_items_total",
            rf"主动(?:公开|发布)(?:了)?(?:各类)?(?:政府)?(?:信息)(?:共计|共)?{_N}条",
        ),
    )
)
_PERCENT = re.compile(
    r"^[，,]?(?:占|占比|比例为|占总数的|占全部申请的?|占比为)(?P<p>\d+(?:\.\d+)?)%"
)
_PARTS_START = re.compile(r"^[，,（(]?其中[：:]?")
_PART = re.compile(r"(?P<label>[^、，,；;。：:\d（）()]{1,20}?)(?P<v>\d+)(?P<u>件|条|个|起|篇|期)")
_PART_SEPARATOR = re.compile(r"^[、，,和及与]")


_PERIOD = re.compile(
    r"(?:统计期限|统计期间|统计时限|统计时间|数据统计|统计周期)[^。]{0,12}?((?:19|20)\d{2})年1月1日[^。]{0,6}?"
    r"(?:至|到|—|－|-)[^。]{0,3}?((?:19|20)\d{2})年12月31日"
)
_YEAR = re.compile(r"((?:19|20)\d{2})年")


def read(
    preamble: Sequence[str], sections: Mapping[str, Sequence[str]]
) -> dict[str, NarrativeFigure]:
    """Every figure of the prose: the preamble, 一、总体情况, 五 and 六 (paragraph lists)."""
    overview = list(sections.get("overview", ()))
    prose = [*preamble, *overview, *sections.get("problems", ()), *sections.get("other", ())]
    figures = extract(prose)
    period = _period_year([*preamble, *overview])
    if period:
        figures["statistics_year"] = period
    text_year = _text_year("\n".join(overview))
    if text_year:
        figures["text_year"] = text_year
    return figures


def _period_year(paragraphs: list[str]) -> NarrativeFigure | None:
    for paragraph in paragraphs:
        match = _PERIOD.search(paragraph)
        if match and match.group(1) == match.group(2):
            return NarrativeFigure(
                int(match.group(1)), sentence(paragraph, match.start(), match.end())
            )
    return None


def _text_year(overview: str) -> NarrativeFigure | None:
    """The year the overview speaks of most (「2021年，我办…」), when it says it twice or more."""
    counts = Counter(int(y) for y in _YEAR.findall(overview))
    if not counts:
        return None
    year, count = counts.most_common(1)[0]
    if count < 2:
        return None
    position = overview.find(f"{year}年")
    return NarrativeFigure(year, sentence(overview, position, position + 5))


def extract(paragraphs: list[str]) -> dict[str, NarrativeFigure]:
    found: dict[str, NarrativeFigure] = {}
    for paragraph in paragraphs:
        for key, pattern in _PATTERNS:
            if key in found:
                continue
            match = pattern.search(paragraph)
            if match:
                found[key] = _figure(paragraph, match)
    return found


def _figure(text: str, match: re.Match[str]) -> NarrativeFigure:
    after = text[match.end() :]
    percent = _PERCENT.match(after)
    parts = _parts(after)
    return NarrativeFigure(
        value=int(match.group("n")),
        quote=sentence(text, match.start(), match.end()),
        parts=parts,
        percent=Decimal(percent.group("p")) if percent else None,
        approximate=bool(match.group("approx")),
    )


def _parts(after: str) -> tuple[Part, ...]:
    start = _PARTS_START.match(after)
    if not start:
        return ()
    rest = after[start.end() :]
    parts: list[Part] = []
    while True:
        match = _PART.match(rest)
        if not match:
            break
        parts.append(Part(match.group("label"), int(match.group("v"))))
        rest = rest[match.end() :]
        separator = _PART_SEPARATOR.match(rest)
        if not separator:
            break
        rest = rest[separator.end() :]
    return tuple(parts)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of `text` around [start, end), for quoting."""
    left = max(text.rfind(mark, 0, start) for mark in "。；;\n") + 1
    rights = [p for p in (text.find(mark, end) for mark in "。；;\n") if p != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()
