"""The report's outline: its title (agency and year) and the six sections' prose.

Headings are recognised by their words, not their numbering, because reports reword and
renumber them (「五、存在问题及改进情况」, 「政府信息公开工作存在的主要问题及改进情况」). Lines
that wrap inside a paragraph are joined back so that a sentence split by a line break still
reads as one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from gongkai.reports.parse import normalize
from gongkai.reports.parse.blocks import Block, Line

_SUBSECTION = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[）)]")
# A heading run into its paragraph (a report pasted as one line): 「…编制。 一、总体情况 2022年，…」
_RUN_IN = re.compile(r"(?:(?<=[。；;！？!?])|(?<=\s))\s*(?=[一二三四五六][、.．]\S)")
# The template's own headings, which a run-in heading may be followed by without a space.
_KNOWN_HEADING = re.compile(
    r"[一二三四五六][、.．]\s*(?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况"
    r"|(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、和及]?(?:提起)?行政诉讼(?:的)?情况"
    r"|(?:政府信息公开工作)?存在的主要问题及改进情况|其他需要报告的事项)"
)
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
    r"(?P<agency>.*?)(?P<year>(?:19|20)\d{2})\s*年度?(?:的)?\s*(?P<after>[^\d，,。]{0,30}?)"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?报告"
)
TITLE_SPAN = 160
_AGENCY_NOISE = re.compile(r"^.*[>›»|_]|^关于|[《》“”\"]")
_SENTENCE_OR_LONG = re.compile(r"[。；;]")
# Page furniture after the report on a web page: once it starts, the report has ended.
_FURNITURE = re.compile(
    r"^(?:主办[:：]|承办[:：]|版权所有|Copyright|网站标识码|网站地图|技术支持[:：]|【?打印(?:本页)?】?$|"
    r"【?关闭(?:窗口)?】?$|扫一扫|上一篇[:：]|下一篇[:：]|相关(?:链接|附件)[:：]?$)|ICP备|公网安备",
    re.I,
)


@dataclass
class Outline:
    agency: str = ""
    title_year: int | None = None
    title: str = ""
    sections: dict[str, list[str]] = field(default_factory=dict)  # key → paragraphs
    preamble: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)  # site footer after the report

    def text(self, key: str) -> str:
        return "\n".join(self.sections.get(key, []))

    @property
    def found(self) -> set[str]:
        return set(self.sections)


def is_furniture(text: str) -> bool:
    """Page furniture of a web page (footer, print and close links): not the report."""
    return bool(_FURNITURE.search(text))


def heading_of(text: str) -> str | None:
    """The section a heading line opens. 「（二）依申请公开情况」 numbered in brackets is a
    subsection of 一、总体情况, not the section it names."""
    if len(text) > 40 or _SENTENCE_OR_LONG.search(text.rstrip("。")) or _SUBSECTION.match(text):
        return None
    bare = _NUMBERING.sub("", text).rstrip("：:。 ")
    for key, pattern in _HEADINGS:
        if pattern.search(bare):
            return key
    return None


def outline(blocks: list[Block]) -> Outline:
    result = Outline()
    # Paragraphs are gathered as pieces and joined once: joining a wrapped line onto a growing
    # string would copy it every time (quadratic on a long paragraph).
    pieces: dict[int, list[list[str]]] = {}
    current: list[str] = result.preamble
    previous_joinable = False
    for block in blocks:
        if not isinstance(block, Line):
            previous_joinable = False
            continue
        text = normalize.inline(block.raw if block.cells is None else " ".join(block.cells))
        if not text:
            continue
        if result.sections and _FURNITURE.search(text):
            current = result.trailer
            continue
        key = heading_of(text)
        if key is not None and key not in result.sections:
            current = result.sections.setdefault(key, [])
            previous_joinable = False
            continue
        paragraphs = pieces.setdefault(id(current), [])
        if block.cont and previous_joinable and current:
            last = paragraphs[-1][-1]
            if (
                last[-1:].isascii()
                and last[-1:].isalpha()
                and text[:1].isascii()
                and text[:1].isalpha()
            ):
                paragraphs[-1].append(" ")
            paragraphs[-1].append(text)
        else:
            current.append("")
            paragraphs.append([text])
        previous_joinable = block.cells is None
    for paragraphs_of in (result.preamble, result.trailer, *result.sections.values()):
        paragraphs_of[:] = ["".join(parts) for parts in pieces.get(id(paragraphs_of), [])]
    _title(result)
    return result


def split_run_in(blocks: list[Block]) -> list[Block]:
    """Headings put on lines of their own: run into a long line, or wrapped over short ones."""
    return _wrapped_headings(list(_run_in(blocks)))


_HEADING_ENDS = ("情况", "事项")  # how the template's headings end
_WRAP_PIECES = 24  # 「总\n体\n情\n况」: a heading's characters one per line, as flip-books give it


def _wrapped_headings(blocks: list[Block]) -> list[Block]:
    """A heading wrapped over lines (「一、总体」「情况」, or a character per line) is one line."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        joined = None
        first = normalize.inline(block.raw) if isinstance(block, Line) else ""
        if _short_line(block) and not first.endswith(_HEADING_ENDS):
            text = first
            for j in range(i + 1, min(i + 1 + _WRAP_PIECES, len(blocks))):
                if not _short_line(blocks[j]):
                    break
                text += normalize.inline(blocks[j].raw)  # type: ignore[union-attr]
                if heading_of(text) is not None and _NUMBERING.match(text):
                    if text.endswith(_HEADING_ENDS) or heading_of(first) is None:
                        joined = (j, text)
                    break
        if joined:
            out.append(Line(joined[1]))
            i = joined[0] + 1
        else:
            out.append(block)
            i += 1
    return out


def _short_line(block: Block) -> bool:
    return (
        isinstance(block, Line)
        and block.cells is None
        and 0 < len(block.raw.strip()) <= 24
        and not _SENTENCE_OR_LONG.search(block.raw)
        and not any(ch.isdigit() for ch in block.raw)
    )


def _run_in(blocks: list[Block]) -> Iterator[Block]:
    """Long prose lines split before the section headings run into them, each heading on a line
    of its own (what it is is decided by heading_of, as for any line)."""
    for block in blocks:
        if not isinstance(block, Line) or block.cells is not None or len(block.raw) <= 40:
            yield block
            continue
        raw = block.raw
        # A heading after a sentence or a space, or the template's own heading anywhere (a table
        # flattened into the text runs its last number into the next heading: 「…5949.08三、收到…」).
        starts = sorted(
            {m.end() for m in _RUN_IN.finditer(raw)}
            | {m.start() for m in _KNOWN_HEADING.finditer(raw)}
        )
        start = 0
        for at in starts:
            if at <= start and start:
                continue
            known = _KNOWN_HEADING.match(raw, at)
            head = (
                known.group() if known else re.split(r"[\s。；;]", raw[at : at + 40], maxsplit=1)[0]
            )
            if at == 0 or heading_of(head) is None:
                continue
            if raw[start:at].strip():
                yield Line(raw[start:at], cont=block.cont and start == 0)
            yield Line(head)
            start = at + len(head)
        if start == 0:
            yield block
        elif raw[start:].strip():
            yield Line(raw[start:])


def _title(result: Outline) -> None:
    lines = result.preamble[:12] if result.sections else result.preamble[:6]
    for i, line in enumerate(lines):
        # A title is short: searching only a line's head keeps the lazy pattern linear in the
        # document (a 1 MB paragraph of pasted text made it quadratic: 30 s).
        match = _TITLE.search(normalize.chinese_year_digits(line[:TITLE_SPAN]))
        if not match:
            continue
        # 「某局2024年政府信息公开…」 or 「2024年度某局政府信息公开…」
        agency = _AGENCY_NOISE.sub("", match.group("agency")).strip(" #：:") or match.group(
            "after"
        ).strip(" #：:")
        if not agency and i > 0 and len(lines[i - 1]) <= 40 and "。" not in lines[i - 1]:
            agency = _AGENCY_NOISE.sub("", lines[i - 1]).strip(" #：:")
        result.agency = agency
        result.title_year = int(match.group("year"))
        result.title = line[: match.end()]
        rest = line[match.end() :].strip()
        result.preamble[i : i + 1] = [rest] if rest else []
        return
