"""Figures stated in the prose, each with the sentence it came from.

Only wordings with one meaning are read (「共收到政府信息公开申请38件」, 「行政复议351件，其中结果
维持72件…」); a sentence that does not match is left alone rather than guessed at. 「5500余条」
is recorded as approximate: a lower bound, not a count the tables can be held to. A figure whose
clause names another year (「2020年2件、2021年6件」) is about that year, not the report's, and is
not read as the report's; a count qualified by who brought it (「直接提起行政诉讼5件」) is read as
that count, not the total.

Besides the named figures, every total the prose splits into parts (「共…N条，其中…、…」,
「…包括…」, 「…分别为…」, or 「答复…805件」 followed by each kind of outcome) is kept as
`stated_total.<n>`, so that its parts can be held to it.
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
            rf"(?:办结|答复|办理完毕|处理完毕|完成办理)(?:了)?{_GAP}(?:(?:政府)?信息公开)?(?:申请)?(?:共计|共)?{_N}件",
        ),
        (
            "applications_processed",  # 「办理…申请N件」: received or handled, the text does not say
            rf"(?<![完结])办理(?:了)?{_GAP}(?:政府)?信息公开申请(?:共计|合计|总计|共)?{_N}件",
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
        ("granted_and_partly", rf"予以公开(?:和|及|与|、|或)部分公开(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("granted", rf"(?<![不部])予以公开(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("partly_granted", rf"(?<![和及与、或])部分公开(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("withheld", rf"不予公开(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("unavailable", rf"无法提供(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("not_processed", rf"不予处理(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("other_handling", rf"其他处理(?:的)?(?:申请)?(?:共)?{_N}件"),
        ("reconsiderations", rf"行政复议(?:案件|申请)?(?:共计|共)?{_N}(?:件|起)"),
        (
            "lawsuits_direct",
            rf"(?:未经复议)?直接(?:向法院)?(?:提起)?(?:行政)?(?:诉讼|起诉)(?:案件)?{_N}(?:件|起)",
        ),
        (
            "lawsuits_after",
            rf"复议后(?:向法院)?(?:提起)?(?:行政)?(?:诉讼|起诉)(?:案件)?{_N}(?:件|起)",
        ),
        ("lawsuits", rf"行政诉讼(?:案件)?(?:共计|共)?{_N}(?:件|起)"),
        (
            "proactive_items_total",
            rf"主动(?:公开|发布)(?:了)?(?:各类)?(?:政府|政务)?(?:信息|内容)(?:共计|共)?{_N}条",
        ),
        ("normative_in_force", rf"现行有效(?:的)?(?:行政)?规范性文件(?:共计|共)?{_N}件"),
        ("normative_issued", rf"(?:制发|印发|出台)(?:了)?(?:行政)?规范性文件(?:共计|共)?{_N}件"),
    )
)
# A claim with no number: 「行政复议7件，诉讼9件，均获维持」 (held to Table 四's other results).
_ALL_UPHELD = re.compile(
    r"(?:行政复议|行政诉讼|复议|诉讼|案件)[^。；;]{0,24}?(?:均|全部|都|全都)(?:获|被|予以|得到|已)?维持"
)
# Counts qualified by who brought them are those counts, not the total (「被直接提起行政诉讼5件」).
_QUALIFIED_LAWSUIT = re.compile(r"(?:直接|复议后|经复议)(?:向法院)?(?:提起|起诉)?$")
_OUTCOME_KEYS = (
    "granted_and_partly",
    "granted",
    "partly_granted",
    "withheld",
    "unavailable",
    "not_processed",
    "other_handling",
)
OUTCOME_LABELS = {
    "granted_and_partly": "予以公开及部分公开",
    "granted": "予以公开",
    "partly_granted": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other_handling": "其他处理",
}
_PERCENT = re.compile(
    r"^[，,]?(?:占|占比|比例为|占总数的|占全部申请的?|占比为)(?P<p>\d+(?:\.\d+)?)%"
)
_PARTS_START = re.compile(
    r"^[，,\s]{0,2}[（(]?\s*(?:在[^，,。；]{0,12}?(?:当中|之中|中)[，,]?|"
    r"(?P<intro>其中|包括|涉及|分别为|分别是|分别有)[：:]?)"
)
_PART = re.compile(
    r"(?P<label>[^、，,；;。：:\d（）()][^，,；;。：:\d（）()]{0,23}?)(?P<v>\d+)(?P<u>件|条|个|起|篇|期)"
)
_PART_SEPARATOR = re.compile(r"^(?:[、，,]|以及|和|及|与)+")
_ASIDE = re.compile(r"[（(](?!\s*其中)[^（）()]{0,40}[）)]")  # 「(2025年新增163条)」
_CATCH_ALL = ("其他", "其它", "其余", "另有")
_TOTAL = re.compile(r"(?P<n>\d+)(?P<approx>余|多)?(?P<u>条|件|个|篇|期)")
_CLAUSE_END = "。；;，,：:\n"


_PERIOD = re.compile(
    r"(?:统计期限|统计期间|统计时限|统计时间|数据统计|统计周期)[^。]{0,12}?((?:19|20)\d{2})年1月1日[^。]{0,6}?"
    r"(?:至|到|—|－|-)[^。]{0,3}?((?:19|20)\d{2})年12月31日"
)
_YEAR = re.compile(r"((?:19|20)\d{2})年")


def read(
    preamble: Sequence[str], sections: Mapping[str, Sequence[str]], year: int | None = None
) -> dict[str, NarrativeFigure]:
    """Every figure of the prose: the preamble, 一、总体情况, 五 and 六 (paragraph lists).
    `year`: the report's year, when known (figures of other years are then not its)."""
    overview = list(sections.get("overview", ()))
    prose = [*preamble, *overview, *sections.get("problems", ()), *sections.get("other", ())]
    period = _period_year([*preamble, *overview])
    year = year or (period.value if period else None)
    figures = extract(prose, year)
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


def extract(paragraphs: list[str], year: int | None = None) -> dict[str, NarrativeFigure]:
    found: dict[str, NarrativeFigure] = {}
    totals: list[NarrativeFigure] = []
    for paragraph in paragraphs:
        for key, pattern in _PATTERNS:
            if key in found:
                continue
            for match in pattern.finditer(paragraph):
                if _other_year(paragraph, match.start(), year):
                    continue
                if key == "lawsuits" and _QUALIFIED_LAWSUIT.search(
                    paragraph[max(0, match.start() - 8) : match.start()]
                ):
                    continue
                found[key] = _figure(paragraph, match)
                break
        if "all_upheld" not in found and (claim := _ALL_UPHELD.search(paragraph)):
            found["all_upheld"] = NarrativeFigure(
                1, sentence(paragraph, claim.start(), claim.end())
            )
        outcomes = _outcome_breakdown(paragraph, year)
        if outcomes:
            totals.append(outcomes)
        totals += _totals_with_parts(paragraph, year)
    for n, (first, second) in enumerate(_restated(paragraphs, year), start=1):
        found[f"restated.{n}"] = NarrativeFigure(
            first.value, first.quote, (Part(second.quote, second.value),)
        )
    named = {(f.value, f.quote) for f in found.values() if f.parts}
    unique = {(f.value, f.quote): f for f in totals if (f.value, f.quote) not in named}
    for n, figure in enumerate(unique.values(), start=1):
        found[f"stated_total.{n}"] = figure
    return found


# The same quantity stated twice: 「政府网站主动公开信息1200条」 … 「政府网站主动公开信息1230条」.
_STATEMENT = re.compile(r"(?P<n>\d+)(?P<approx>余|多)?(?P<u>条|件)")
_NOT_THE_SAME = re.compile(
    r"同比|较上年|较去年|上年|去年|上一年|增长|下降|减少|增加|新增|累计|以来|平均|每"
)
_LEADING = re.compile(
    r"^(?:其中|全年|本年度?|今年|共计|共|合计|总计|累计|通过|在|已|均|并|又|还|另)+"
)
_SAME_WORDS = (
    ("政府门户网站", "网站"),
    ("门户网站", "网站"),
    ("政府网站", "网站"),
    ("政府信息", "信息"),
    ("政务信息", "信息"),
    ("各类", ""),
    ("共计", ""),
    ("共", ""),
    ("了", ""),
)


def _restated(
    paragraphs: list[str], year: int | None
) -> list[tuple[NarrativeFigure, NarrativeFigure]]:
    """Pairs of statements of one subject, word for word, with different numbers. The subject is
    the whole clause before the number; a clause that compares (同比, 较上年), accumulates
    (累计, 以来), adds (新增) or names another year is not a statement of the year's count."""
    seen: dict[tuple[str, str], NarrativeFigure] = {}
    pairs = []
    for paragraph in paragraphs:
        for match in _STATEMENT.finditer(paragraph):
            if match.group("approx") or _other_year(paragraph, match.start(), year):
                continue
            clause_start = max(paragraph.rfind(mark, 0, match.start()) for mark in _CLAUSE_END) + 1
            clause = _YEAR.sub("", paragraph[clause_start : match.start()])
            if _NOT_THE_SAME.search(clause) or re.search(r"\d", clause):
                continue
            sentence_start = max(paragraph.rfind(mark, 0, match.start()) for mark in "。；;\n") + 1
            if _STATEMENT.search(_YEAR.sub("", paragraph[sentence_start:clause_start])):
                continue  # a part of a list after the sentence's own count, not a statement
            subject = _LEADING.sub("", clause.strip())
            for word, same in _SAME_WORDS:
                subject = subject.replace(word, same)
            if len(subject) < 5 or not re.fullmatch(r"[\u4e00-\u9fff]+", subject):
                continue
            figure = NarrativeFigure(
                int(match.group("n")), sentence(paragraph, match.start(), match.end())
            )
            earlier = seen.get((subject, match.group("u")))
            if earlier is None:
                seen[(subject, match.group("u"))] = figure
            elif earlier.value != figure.value and earlier.quote != figure.quote:
                pairs.append((earlier, figure))
    return pairs


def _other_year(text: str, start: int, year: int | None) -> bool:
    """The clause before a figure names a year other than the report's: 「2020年2件」."""
    if year is None:
        return False
    clause_start = max(text.rfind(mark, 0, start) for mark in _CLAUSE_END) + 1
    years = {int(y) for y in _YEAR.findall(text[clause_start:start])}
    return bool(years - {year})


def _figure(text: str, match: re.Match[str]) -> NarrativeFigure:
    after = text[match.end() :]
    percent = _PERCENT.match(after)
    parts, complete = _parts(after, "")
    return NarrativeFigure(
        value=int(match.group("n")),
        quote=sentence(text, match.start(), match.end()),
        parts=parts,
        percent=Decimal(percent.group("p")) if percent else None,
        approximate=bool(match.group("approx")),
        complete=complete,
    )


def _parts(after: str, unit: str) -> tuple[tuple[Part, ...], bool]:
    """The parts listed after a total (「其中A3条、B4条」), and whether they claim to be all."""
    after = _ASIDE.sub("", after[:600])
    start = _PARTS_START.match(after)
    if not start:
        return (), False
    rest = after[start.end() :]
    parts: list[Part] = []
    while True:
        match = _PART.match(rest)
        if not match or (unit and match.group("u") != unit):
            break
        parts.append(Part(match.group("label"), int(match.group("v"))))
        rest = rest[match.end() :]
        separator = _PART_SEPARATOR.match(rest)
        if not separator:
            break
        rest = rest[separator.end() :]
    introduced = start.group("intro") or ""
    complete = bool(parts) and (
        introduced.startswith("分别") or parts[-1].label.lstrip("共计").startswith(_CATCH_ALL)
    )
    return tuple(parts), complete


def _totals_with_parts(paragraph: str, year: int | None) -> list[NarrativeFigure]:
    """Every 「N条，其中…」 of the paragraph with at least two parts of the same unit."""
    out = []
    for match in _TOTAL.finditer(paragraph):
        if _other_year(paragraph, match.start(), year):
            continue
        parts, complete = _parts(paragraph[match.end() :], match.group("u"))
        if len(parts) < 2:
            continue
        out.append(
            NarrativeFigure(
                int(match.group("n")),
                sentence(paragraph, match.start(), match.end()),
                parts,
                approximate=bool(match.group("approx")),
                complete=complete,
            )
        )
    return out


def _outcome_breakdown(paragraph: str, year: int | None) -> NarrativeFigure | None:
    """「答复…805件…予以公开及部分公开258件；不予公开35件；…其他处理0件」: every kind of outcome
    stated after the number answered, in one paragraph, is that number split."""
    handled = next(p for k, p in _PATTERNS if k == "applications_handled").search(paragraph)
    if not handled or _other_year(paragraph, handled.start(), year):
        return None
    rest = paragraph[handled.end() :]
    found: dict[str, int] = {}
    for key, pattern in _PATTERNS:
        if key in _OUTCOME_KEYS and (match := pattern.search(rest)):
            found[key] = int(match.group("n"))
    granted = "granted_and_partly" in found or {"granted", "partly_granted"} <= set(found)
    if not granted or not {"withheld", "unavailable", "not_processed", "other_handling"} <= set(
        found
    ):
        return None
    if "granted_and_partly" in found:
        found.pop("granted", None)
        found.pop("partly_granted", None)
    parts = tuple(Part(OUTCOME_LABELS[k], v) for k, v in found.items())
    return NarrativeFigure(
        int(handled.group("n")),
        sentence(paragraph, handled.start(), handled.end()),
        parts,
        complete=True,
    )


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of `text` around [start, end), for quoting."""
    left = max(text.rfind(mark, 0, start) for mark in "。；;\n") + 1
    rights = [p for p in (text.find(mark, end) for mark in "。；;\n") if p != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()
