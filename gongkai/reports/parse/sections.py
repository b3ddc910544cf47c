"""The report's outline: its title (agency and year) and the six sections' prose.

Headings are recognised by their words, not their numbering, because reports reword and
renumber them (「五、存在问题及改进情况」, 「政府信息公开工作存在的主要问题及改进情况」). Lines
that wrap inside a paragraph are joined back so that a sentence split by a line break still
reads as one sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from gongkai.reports.parse import normalize
from gongkai.reports.parse.blocks import Block, Line

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六]部分[、:：.]?|\d[、.．])\s*"
)
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("overview", re.compile(r"总体情况|^概述$|^总体$")),
    ("proactive", re.compile(r"主动公开政府信息")),
    ("applications", re.compile(r"收到和处理政府信息公开申请|依申请公开政府信息情况")),
    ("disputes", re.compile(r"(?:行政复议.*行政诉讼|行政诉讼.*行政复议).*情况")),
    ("problems", re.compile(r"存在的?主要问题|存在(?:的)?问题.*改进")),
    ("other", re.compile(r"其他需要报告")),
)
_TITLE = re.compile(
    r"(?P<agency>.*?)(?P<year>(?:19|20)\d{2})\s*年度?(?:的)?\s*(?:政府信息公开|政务公开|信息公开)"
    r"(?:工作)?(?:年度)?(?:工作)?报告"
)
_AGENCY_NOISE = re.compile(r"^.*[>›»|_]|^关于|[《》“”\"]")
_PERIOD = re.compile(
    r"(?:统计期限|统计期间|统计时限|统计时间|数据统计|统计周期)[^。]{0,12}?((?:19|20)\d{2})年1月1日[^。]{0,6}?(?:至|到|—|－|-)"
    r"[^。]{0,3}?((?:19|20)\d{2})年12月31日"
)
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_SENTENCE_OR_LONG = re.compile(r"[。；;]")


@dataclass
class Outline:
    agency: str = ""
    title_year: int | None = None
    title: str = ""
    sections: dict[str, list[str]] = field(default_factory=dict)  # key → paragraphs
    preamble: list[str] = field(default_factory=list)

    def text(self, key: str) -> str:
        return "\n".join(self.sections.get(key, []))

    @property
    def found(self) -> set[str]:
        return set(self.sections)

    def period_year(self) -> tuple[int | None, str]:
        for paragraph in self.preamble + self.sections.get("overview", []):
            match = _PERIOD.search(paragraph)
            if match and match.group(1) == match.group(2):
                return int(match.group(1)), _sentence(paragraph, match.start(), match.end())
        return None, ""

    def text_year(self) -> tuple[int | None, str]:
        """The year the overview speaks of most (「2021年，我办…」)."""
        overview = self.text("overview")
        counts = Counter(int(y) for y in _YEAR.findall(overview))
        if not counts:
            return None, ""
        year, count = counts.most_common(1)[0]
        if count < 2:
            return None, ""
        position = overview.find(f"{year}年")
        return year, _sentence(overview, position, position + 5)


def heading_of(text: str) -> str | None:
    if len(text) > 40 or _SENTENCE_OR_LONG.search(text.rstrip("。")):
        return None
    bare = _NUMBERING.sub("", text).rstrip("：:。 ")
    for key, pattern in _HEADINGS:
        if pattern.search(bare):
            return key
    return None


def outline(blocks: list[Block]) -> Outline:
    result = Outline()
    current: list[str] = result.preamble
    previous_joinable = False
    for block in blocks:
        if not isinstance(block, Line):
            previous_joinable = False
            continue
        text = normalize.inline(block.raw if block.cells is None else " ".join(block.cells))
        if not text:
            continue
        key = heading_of(text)
        if key is not None and key not in result.sections:
            current = result.sections.setdefault(key, [])
            previous_joinable = False
            continue
        if block.cont and previous_joinable and current:
            joiner = (
                " "
                if current[-1][-1:].isascii()
                and text[:1].isascii()
                and current[-1][-1:].isalpha()
                and text[:1].isalpha()
                else ""
            )
            current[-1] += joiner + text
        else:
            current.append(text)
        previous_joinable = block.cells is None
    _title(result)
    return result


def _title(result: Outline) -> None:
    lines = result.preamble[:12] if result.sections else result.preamble[:6]
    for i, line in enumerate(lines):
        match = _TITLE.search(normalize.chinese_year_digits(line))
        if not match:
            continue
        agency = _AGENCY_NOISE.sub("", match.group("agency")).strip(" #：:")
        if not agency and i > 0 and len(lines[i - 1]) <= 40 and "。" not in lines[i - 1]:
            agency = _AGENCY_NOISE.sub("", lines[i - 1]).strip(" #：:")
        result.agency = agency
        result.title_year = int(match.group("year"))
        result.title = line[: match.end()]
        rest = line[match.end() :].strip()
        result.preamble[i : i + 1] = [rest] if rest else []
        return


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。；\n") + 1
    rights = [p for p in (text.find(mark, end) for mark in "。；\n") if p != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()
