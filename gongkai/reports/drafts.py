"""First drafts of the report's prose, written from the same records as its tables.

Every figure is stated in a wording the report parser reads (parse/narrative.py), so a report
drafted here passes the narrative checks (TEXT_TABLE_MISMATCH, the parts of a total) by
construction; the office then edits the prose around the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports.tables import DISPUTE_GROUPS, Cell, dispute_key, t3_key

OVERVIEW_PARTS = ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")
_NUMERALS = "一二三四五六七八九十"
_OUTCOMES = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partly_granted",)),
    ("不予公开", ("withheld.",)),
    ("无法提供", ("unavailable.",)),
    ("不予处理", ("not_processed.",)),
    ("其他处理", ("other.",)),
)


@dataclass(frozen=True)
class Facts:
    """What the drafts say, counted from the records by reports.collect."""

    agency: str
    year: int
    cells: dict[str, Cell]
    published: int = 0  # items the website published in the year
    published_parts: tuple[tuple[str, int], ...] = ()  # (label, count); they sum to `published`
    channels: tuple[tuple[str, int], ...] = ()  # new media: (name, items)
    columns: int = 0
    late_publications: int = 0  # published more than 20 working days after being written
    late_replies: int = 0
    fees_collected: int = 0  # 信息处理费, 元


def overview(facts: Facts) -> str:
    parts = [
        _proactive(facts),
        _applications(facts),
        _management(facts),
        _platform(facts),
        _supervision(facts),
    ]
    return "\n".join(
        f"（{_NUMERALS[i]}）{title}方面\n{text}"
        for i, (title, text) in enumerate(zip(OVERVIEW_PARTS, parts, strict=True))
    )


def problems(facts: Facts) -> str:
    found: list[str] = []
    if facts.late_publications:
        found.append(f"有{facts.late_publications}条信息未在形成或者变更之日起20个工作日内公开")
    if facts.late_replies:
        found.append(f"有{facts.late_replies}件政府信息公开申请未在法定期限内答复")
    if not found:
        return (
            f"{facts.year}年，主动公开的信息均在形成或者变更之日起20个工作日内公开，"
            "政府信息公开申请均在法定期限内答复。下一步将继续提高公开质量和答复水平。"
        )
    listed = "；".join(f"{_NUMERALS[i]}是{text}" for i, text in enumerate(found))
    return (
        f"{facts.year}年，{listed}。下一步将逐条查明原因，完善审核和督办机制，按时公开、按期答复。"
    )


def other(facts: Facts) -> str:
    if facts.fees_collected:
        return f"{facts.year}年，依据《政府信息公开信息处理费管理办法》收取信息处理费{facts.fees_collected}元。"
    return f"{facts.year}年，未收取信息处理费。"


def _proactive(facts: Facts) -> str:
    text = f"{facts.year}年，{facts.agency}在政府网站主动公开各类信息{facts.published}条"
    if facts.published_parts:
        text += "，其中" + "、".join(f"{label}{n}条" for label, n in facts.published_parts)
    text += "。"
    if facts.channels:
        text += (
            "通过新媒体发布信息：" + "、".join(f"{name}{n}条" for name, n in facts.channels) + "。"
        )
    return text


def _applications(facts: Facts) -> str:
    def total(row: str) -> int:
        return int(facts.cells.get(t3_key(row, "total")) or 0)

    outcomes = []
    for label, prefixes in _OUTCOMES:
        n = sum(
            int(value or 0)
            for key, value in facts.cells.items()
            if key.startswith("applications.")
            and key.endswith(".total")
            and key.removeprefix("applications.").removesuffix(".total").startswith(prefixes)
        )
        outcomes.append(f"{label}{n}件")
    timely = (
        f"其中{facts.late_replies}件未在法定期限内答复"
        if facts.late_replies
        else "均在法定期限内答复"
    )
    return (
        f"{facts.year}年，共收到政府信息公开申请{total('new')}件，上年结转{total('carried_in')}件；"
        f"办结{total('handled_total')}件，{timely}。办理结果：{'、'.join(outcomes)}；"
        f"结转下年度继续办理{total('carried_out')}件。"
    )


def _management(facts: Facts) -> str:
    def cell(key: str) -> int:
        return int(facts.cells.get(f"proactive.normative_documents.{key}") or 0)

    return (
        f"{facts.year}年，制发行政规范性文件{cell('issued')}件，废止{cell('repealed')}件，"
        f"年底现行有效{cell('in_force')}件。主动公开信息均经保密审查后发布。"
    )


def _platform(facts: Facts) -> str:
    return (
        f"政府信息公开平台按照国办公开办函〔2019〕61号的要求设置{facts.columns}个栏目，"
        "设有政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开年报。"
    )


def _supervision(facts: Facts) -> str:
    reviews = int(facts.cells.get(dispute_key(DISPUTE_GROUPS[0], "total")) or 0)
    suits = sum(int(facts.cells.get(dispute_key(g, "total")) or 0) for g in DISPUTE_GROUPS[1:])
    return f"{facts.year}年，因政府信息公开被申请行政复议{reviews}件，被提起行政诉讼{suits}件。"
