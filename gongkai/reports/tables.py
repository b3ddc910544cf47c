"""The national annual-report templates as data, and a report as data.

Every row, column and cell key of ../shared/spec/report-json.md lives here and nowhere else:
the parser, the checks, the renderers and the platform's report builder all read these tables.
Templates: 国办公开办函〔2021〕30号 (report years 2021-) and the 2019 trial format of
国办公开办函〔2019〕60号 (report years 2019-2020).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SCHEMA = "gongkai.report/1"

Cell = int | Decimal | None

# The form's marks for "none" in a cell: the dash 《政府信息公开工作年度报告》 tables use for zero, and
# / for "not applicable". A cell so marked is null in `cells` but counts as 0 in arithmetic; a
# truly empty cell is unknown.
ZERO_MARKS = frozenset({"-", "--", "—", "——", "–", "―", "－", "/", "／", "\\", "无", "無"})
# The mark of a cell the reader could not place (LAYOUT_UNRESOLVED): unknown, and not "left
# empty" by the document either.
UNREAD = "?"

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
)
T3_COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, "total")
T3_COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}

DISPUTE_GROUPS: tuple[str, ...] = (
    "reconsideration",
    "litigation_direct",
    "litigation_after_reconsideration",
)
DISPUTE_GROUP_LABELS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_reconsideration": "行政诉讼·复议后起诉",
}
DISPUTE_RESULTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
DISPUTE_RESULT_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

SECTION_KEYS: tuple[str, ...] = ("overview", "problems", "other")
# The parts of a report in the template's order (the sections and the tables between them).
PARTS: tuple[str, ...] = ("overview", "proactive", "applications", "disputes", "problems", "other")
SECTION_TITLES: dict[str, str] = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "disputes": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


@dataclass(frozen=True)
class T3Row:
    """A row of Table 三. `group` is the merged vertical label of 三、本年度办理结果."""

    key: str
    label: str
    group: str = ""
    number: str = ""

    @property
    def is_outcome(self) -> bool:
        return self.key not in ("new", "carried_in", "handled_total", "carried_out")


_GROUP_WITHHELD = "（三）不予公开"
_GROUP_UNAVAILABLE = "（四）无法提供"
_GROUP_NOT_PROCESSED = "（五）不予处理"
_GROUP_OTHER = "（六）其他处理"
OUTCOME_GROUP_LABEL = "三、本年度办理结果"

_T3_HEAD: tuple[T3Row, ...] = (
    T3Row("new", "一、本年新收政府信息公开申请数量"),
    T3Row("carried_in", "二、上年结转政府信息公开申请数量"),
    T3Row("granted", "（一）予以公开"),
    T3Row("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    T3Row("withheld.state_secret", "属于国家秘密", _GROUP_WITHHELD, "1"),
    T3Row("withheld.prohibited_by_law", "其他法律行政法规禁止公开", _GROUP_WITHHELD, "2"),
    T3Row("withheld.security_stability", "危及“三安全一稳定”", _GROUP_WITHHELD, "3"),
    T3Row("withheld.third_party", "保护第三方合法权益", _GROUP_WITHHELD, "4"),
    T3Row("withheld.internal_affairs", "属于三类内部事务信息", _GROUP_WITHHELD, "5"),
    T3Row("withheld.process_info", "属于四类过程性信息", _GROUP_WITHHELD, "6"),
    T3Row("withheld.enforcement_file", "属于行政执法案卷", _GROUP_WITHHELD, "7"),
    T3Row("withheld.administrative_query", "属于行政查询事项", _GROUP_WITHHELD, "8"),
    T3Row("unavailable.not_held", "本机关不掌握相关政府信息", _GROUP_UNAVAILABLE, "1"),
    T3Row("unavailable.needs_creation", "没有现成信息需要另行制作", _GROUP_UNAVAILABLE, "2"),
    T3Row(
        "unavailable.unclear_after_correction", "补正后申请内容仍不明确", _GROUP_UNAVAILABLE, "3"
    ),
    T3Row("not_processed.petition", "信访举报投诉类申请", _GROUP_NOT_PROCESSED, "1"),
    T3Row("not_processed.repeated", "重复申请", _GROUP_NOT_PROCESSED, "2"),
    T3Row("not_processed.publication", "要求提供公开出版物", _GROUP_NOT_PROCESSED, "3"),
    T3Row("not_processed.excessive", "无正当理由大量反复申请", _GROUP_NOT_PROCESSED, "4"),
    T3Row(
        "not_processed.confirm_or_reissue",
        "要求行政机关确认或重新出具已获取信息",
        _GROUP_NOT_PROCESSED,
        "5",
    ),
)
_T3_OTHER_2021: tuple[T3Row, ...] = (
    T3Row(
        "other.no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _GROUP_OTHER,
        "1",
    ),
    T3Row(
        "other.unpaid_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _GROUP_OTHER,
        "2",
    ),
    T3Row("other.other", "其他", _GROUP_OTHER, "3"),
)
T3_OTHER_2019 = T3Row("other", _GROUP_OTHER)
_T3_TAIL: tuple[T3Row, ...] = (
    T3Row("handled_total", "（七）总计"),
    T3Row("carried_out", "四、结转下年度继续办理"),
)


@dataclass(frozen=True)
class ProactiveItem:
    """A data row of Table 二, under its 第二十条 block caption, with its value columns."""

    key: str
    label: str
    caption: str
    columns: tuple[tuple[str, str], ...]
    money_columns: frozenset[str] = frozenset()


_DOCS_2021 = (
    ("issued", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (("decisions", "本年处理决定数量"),)
PROACTIVE_2021: tuple[ProactiveItem, ...] = (
    ProactiveItem("regulations", "规章", "第二十条第（一）项", _DOCS_2021),
    ProactiveItem("normative_documents", "行政规范性文件", "第二十条第（一）项", _DOCS_2021),
    ProactiveItem("licensing", "行政许可", "第二十条第（五）项", _DECISIONS_2021),
    ProactiveItem("punishment", "行政处罚", "第二十条第（六）项", _DECISIONS_2021),
    ProactiveItem("enforcement", "行政强制", "第二十条第（六）项", _DECISIONS_2021),
    ProactiveItem(
        "fees",
        "行政事业性收费",
        "第二十条第（八）项",
        (("amount", "本年收费金额（单位：万元）"),),
        frozenset({"amount"}),
    ),
)

_DOCS_2019 = (
    ("made", "本年新制作数量"),
    ("published", "本年新公开数量"),
    ("total_public", "对外公开总数量"),
)
_ITEMS_2019 = (
    ("previous", "上一年项目数量"),
    ("change", "本年增/减"),
    ("decisions", "处理决定数量"),
)
PROACTIVE_2019: tuple[ProactiveItem, ...] = (
    ProactiveItem("regulations", "规章", "第二十条第（一）项", _DOCS_2019),
    ProactiveItem("normative_documents", "规范性文件", "第二十条第（一）项", _DOCS_2019),
    ProactiveItem("licensing", "行政许可", "第二十条第（五）项", _ITEMS_2019),
    ProactiveItem("other_services", "其他对外管理服务事项", "第二十条第（五）项", _ITEMS_2019),
    ProactiveItem("punishment", "行政处罚", "第二十条第（六）项", _ITEMS_2019),
    ProactiveItem("enforcement", "行政强制", "第二十条第（六）项", _ITEMS_2019),
    ProactiveItem("fees", "行政事业性收费", "第二十条第（八）项", _ITEMS_2019[:2]),
    ProactiveItem(
        "procurement",
        "政府集中采购",
        "第二十条第（九）项",
        (("items", "采购项目数量"), ("amount", "采购总金额")),
        frozenset({"amount"}),
    ),
)


@dataclass(frozen=True)
class Template:
    name: str
    proactive_prefix: str
    proactive: tuple[ProactiveItem, ...]
    t3_rows: tuple[T3Row, ...]

    def proactive_keys(self) -> list[str]:
        return [
            f"{self.proactive_prefix}.{item.key}.{col}"
            for item in self.proactive
            for col, _ in item.columns
        ]

    def t3_keys(self) -> list[str]:
        return [t3_key(row.key, col) for row in self.t3_rows for col in T3_COLUMNS]

    def keys(self) -> list[str]:
        return [*self.proactive_keys(), *self.t3_keys(), *DISPUTE_KEYS]

    @property
    def outcome_rows(self) -> tuple[T3Row, ...]:
        return tuple(row for row in self.t3_rows if row.is_outcome)

    def money_keys(self) -> frozenset[str]:
        return frozenset(
            f"{self.proactive_prefix}.{item.key}.{col}"
            for item in self.proactive
            for col in item.money_columns
        )


def t3_key(row: str, column: str) -> str:
    return f"applications.{row}.{column}"


def dispute_key(group: str, result: str) -> str:
    return f"disputes.{group}.{result}"


DISPUTE_KEYS: tuple[str, ...] = tuple(
    dispute_key(g, r) for g in DISPUTE_GROUPS for r in DISPUTE_RESULTS
)

TEMPLATE_2021 = Template(
    "2021", "proactive", PROACTIVE_2021, (*_T3_HEAD, *_T3_OTHER_2021, *_T3_TAIL)
)
TEMPLATE_2019 = Template(
    "2019", "proactive_2019", PROACTIVE_2019, (*_T3_HEAD, T3_OTHER_2019, *_T3_TAIL)
)
TEMPLATES: dict[str, Template] = {"2021": TEMPLATE_2021, "2019": TEMPLATE_2019}

# Keys a document may carry outside its own template: a 2021 report that kept the 2019 single
# （六）其他处理 row (seen in real reports) keeps that row's cells beside the inferred sub-rows.
OTHER_2019_KEYS: tuple[str, ...] = tuple(t3_key("other", col) for col in T3_COLUMNS)
MONEY_KEYS: frozenset[str] = TEMPLATE_2021.money_keys() | TEMPLATE_2019.money_keys()
# 本年增/减 of the 2019 template is the one column where a negative number is legitimate.
SIGNED_KEYS: frozenset[str] = frozenset(
    k for k in TEMPLATE_2019.proactive_keys() if k.endswith(".change")
)


def cell_label(key: str, template: Template = TEMPLATE_2021) -> str:
    """A cell in the template's own words: its table, row and column (the key if unknown)."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == template.proactive_prefix:
        for item in template.proactive:
            columns = dict(item.columns)
            if item.key == parts[1] and parts[2] in columns:
                return f"表二 {item.label}：{columns[parts[2]]}"
    if len(parts) >= 3 and parts[0] == "applications":
        rows = {row.key: row for row in template.t3_rows}
        row_key, column = ".".join(parts[1:-1]), parts[-1]
        if row_key in rows and column in T3_COLUMN_LABELS:
            row = rows[row_key]
            number = f" {row.number}." if row.number else ""
            where = f"{row.group}{number}{row.label}" if row.group else row.label
            return f"表三 {where}：{T3_COLUMN_LABELS[column]}"
    group, result = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
    if parts[0] == "disputes" and group in DISPUTE_GROUP_LABELS and result in DISPUTE_RESULT_LABELS:
        return f"表四 {DISPUTE_GROUP_LABELS[group]}：{DISPUTE_RESULT_LABELS[result]}"
    return key


def cell_order(key: str) -> tuple[int, int]:
    """Sort key that lists cells in template order (2021, then 2019-only keys, then unknown)."""
    for rank, index in enumerate(_KEY_INDEX):
        if key in index:
            return rank, index[key]
    return 2, 0


_KEY_INDEX: tuple[dict[str, int], dict[str, int]] = (
    {k: i for i, k in enumerate(TEMPLATE_2021.keys())},
    {k: i for i, k in enumerate(TEMPLATE_2019.keys())},
)


@dataclass(frozen=True)
class Part:
    label: str
    value: int


@dataclass(frozen=True)
class NarrativeFigure:
    """A number stated in the prose, with the sentence it came from."""

    value: int
    quote: str
    parts: tuple[Part, ...] = ()
    percent: Decimal | None = None
    approximate: bool = False  # 「5500余条」: a lower bound, not an exact count
    complete: bool = False  # the parts claim to be all of it (分别为…, or end with 其他/其余)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "quote": self.quote}
        if self.parts:
            out["parts"] = [{"label": p.label, "value": p.value} for p in self.parts]
        if self.percent is not None:
            out["percent"] = str(self.percent)
        if self.approximate:
            out["approximate"] = True
        if self.complete:
            out["complete"] = True
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NarrativeFigure:
        return cls(
            value=int(data["value"]),
            quote=str(data.get("quote", "")),
            parts=tuple(Part(str(p["label"]), int(p["value"])) for p in data.get("parts", ())),
            percent=Decimal(str(data["percent"])) if data.get("percent") is not None else None,
            approximate=bool(data.get("approximate", False)),
            complete=bool(data.get("complete", False)),
        )


# Spec alias: the parts of the proactive-items sentence are also published under their own key.
_PARTS_ALIAS = "proactive_items_parts"


@dataclass
class ReportData:
    template: str = "unknown"
    agency: str = ""
    year: int | None = None
    sections: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SECTION_KEYS, ""))
    cells: dict[str, Cell] = field(default_factory=dict)
    narrative: dict[str, NarrativeFigure] = field(default_factory=dict)
    # What a null cell showed, when it showed something: "——", "/", "无" (an empty cell has no
    # entry). The cell stays null; the arithmetic counts ZERO_MARKS as 0 (amount()).
    marks: dict[str, str] = field(default_factory=dict)
    # The part (a SECTION_TITLES key) in which the text stops short — cut off mid-table or
    # mid-sentence, as copies of web pages often are; "" when it ends as a report ends. What
    # would come after it is not reported missing.
    truncated: str = ""
    # The part the text begins in when it begins mid-report (a page of a flip-book, the end of a
    # copied page): what would come before it is not reported missing either. "" normally.
    begins: str = ""

    @property
    def template_def(self) -> Template | None:
        return TEMPLATES.get(self.template)

    def amount(self, key: str) -> Cell:
        """The cell for arithmetic: its number, 0 for a zero mark (—, /, 无), None if unknown."""
        value = self.cells.get(key)
        if value is None and self.marks.get(key, "") in ZERO_MARKS:
            return 0
        return value

    def with_narrative(self) -> ReportData:
        """The figures of the prose read from `sections` (for a report written, not parsed)."""
        from gongkai.reports.parse import narrative

        paragraphs = {key: text.split("\n") for key, text in self.sections.items()}
        self.narrative = narrative.read([], paragraphs)
        return self

    def to_json(self, findings: Any = ()) -> dict[str, Any]:
        narrative: dict[str, Any] = {}
        for key in sorted(self.narrative):
            figure = self.narrative[key]
            narrative[key] = figure.to_json()
            if key == "proactive_items_total" and figure.parts:
                narrative[_PARTS_ALIAS] = {
                    "value": narrative[key]["parts"],
                    "quote": figure.quote,
                }
        return {
            "schema": SCHEMA,
            "template": self.template,
            "agency": self.agency,
            "year": self.year,
            "sections": {k: self.sections.get(k, "") for k in SECTION_KEYS},
            "cells": {
                k: cell_to_json(k, self.cells[k]) for k in sorted(self.cells, key=cell_order)
            },
            "narrative": narrative,
            **(
                {"marks": dict(sorted(self.marks.items(), key=lambda kv: cell_order(kv[0])))}
                if self.marks
                else {}
            ),
            "findings": [f.to_json() for f in findings],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportData:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"不是 {SCHEMA} 格式的报告数据")
        year = data.get("year")
        return cls(
            template=str(data.get("template", "unknown")),
            agency=str(data.get("agency", "")),
            year=int(year) if year is not None else None,
            sections={k: str(data.get("sections", {}).get(k, "")) for k in SECTION_KEYS},
            cells={k: cell_from_json(k, v) for k, v in data.get("cells", {}).items()},
            narrative={
                k: NarrativeFigure.from_json(v)
                for k, v in data.get("narrative", {}).items()
                if k != _PARTS_ALIAS
            },
            marks={str(k): str(v) for k, v in (data.get("marks") or {}).items()},
            truncated=str(data.get("truncated") or ""),
            begins=str(data.get("begins") or ""),
        )


def cell_to_json(key: str, value: Cell) -> int | str | None:
    if value is None:
        return None
    if key in MONEY_KEYS:
        return format_money(Decimal(value))
    return int(value)


def cell_from_json(key: str, value: Any) -> Cell:
    if value is None:
        return None
    if key in MONEY_KEYS:
        return Decimal(str(value))
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"单元格 {key} 的值 {value!r} 不是整数")
    return value


def format_money(amount: Decimal) -> str:
    """万元 with at least the 4 places the template asks for; more places are kept, not rounded."""
    exponent = amount.as_tuple().exponent
    places = max(4, -exponent) if isinstance(exponent, int) else 4
    return f"{amount:.{places}f}"
