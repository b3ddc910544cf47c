"""The three tables of the 2021 template (国办公开办函〔2021〕30号) as the form draws them, written
out by hand from the official form (and the two real reports in fixtures/real, which draw it so),
not from gongkai's own layout: every header row, every label cell, each as (text, rowspan,
colspan); a value cell is VALUE. And the readers that take a drawn table back to that shape:
HTML (lxml) and PDF (pdfplumber's grid, where a merged cell leaves None in the places it covers).
Used by the golden tests of the renderer (reports/tests) and of the published item (annual/tests).
"""

from __future__ import annotations

import io
import re
from typing import Any

from lxml import html as lxml_html

Cell = tuple[str, int, int]  # (text, rowspan, colspan)
Row = list[Cell]
VALUE = "#"  # a value cell: its number is the report's, its place and span are the form's
V: Cell = (VALUE, 1, 1)
V3: Cell = (VALUE, 1, 3)  # Table 二: a one-figure row's value spans the block's three columns
SEVEN: Row = [V] * 7  # Table 三: 自然人, the five 法人或其他组织 columns, 总计

TITLES = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# 表二 (the 二、主动公开政府信息情况 table): four blocks, each a full-width caption, a header
# row and its rows; the one-figure blocks' figure and header span three columns.
TABLE_TWO: list[Row] = [
    [("第二十条第（一）项", 1, 4)],
    [("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1), ("现行有效件数", 1, 1)],
    [("规章", 1, 1), V, V, V],
    [("行政规范性文件", 1, 1), V, V, V],
    [("第二十条第（五）项", 1, 4)],
    [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
    [("行政许可", 1, 1), V3],
    [("第二十条第（六）项", 1, 4)],
    [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
    [("行政处罚", 1, 1), V3],
    [("行政强制", 1, 1), V3],
    [("第二十条第（八）项", 1, 4)],
    [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
    [("行政事业性收费", 1, 1), V3],
]
TABLE_TWO_BLOCKS = [4, 3, 4, 3]  # rows per block (caption, header, its rows)

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# 表三 (三、收到和处理政府信息公开申请情况): three header rows under the note; the outcome rows
# under 三、本年度办理结果 (22 rows), their groups （三）…（六） merged down their items.
TABLE_THREE_HEAD: list[Row] = [
    [(NOTE, 3, 3), ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    [
        ("商业企业", 1, 1),
        ("科研机构", 1, 1),
        ("社会公益组织", 1, 1),
        ("法律服务机构", 1, 1),
        ("其他", 1, 1),
    ],
]
TABLE_THREE_BODY: list[Row] = [
    [("一、本年新收政府信息公开申请数量", 1, 3), *SEVEN],
    [("二、上年结转政府信息公开申请数量", 1, 3), *SEVEN],
    [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2), *SEVEN],
    [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2), *SEVEN],
    [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1), *SEVEN],
    [("2.其他法律行政法规禁止公开", 1, 1), *SEVEN],
    [("3.危及“三安全一稳定”", 1, 1), *SEVEN],
    [("4.保护第三方合法权益", 1, 1), *SEVEN],
    [("5.属于三类内部事务信息", 1, 1), *SEVEN],
    [("6.属于四类过程性信息", 1, 1), *SEVEN],
    [("7.属于行政执法案卷", 1, 1), *SEVEN],
    [("8.属于行政查询事项", 1, 1), *SEVEN],
    [("（四）无法提供", 3, 1), ("1.本机关不掌握相关政府信息", 1, 1), *SEVEN],
    [("2.没有现成信息需要另行制作", 1, 1), *SEVEN],
    [("3.补正后申请内容仍不明确", 1, 1), *SEVEN],
    [("（五）不予处理", 5, 1), ("1.信访举报投诉类申请", 1, 1), *SEVEN],
    [("2.重复申请", 1, 1), *SEVEN],
    [("3.要求提供公开出版物", 1, 1), *SEVEN],
    [("4.无正当理由大量反复申请", 1, 1), *SEVEN],
    [("5.要求行政机关确认或重新出具已获取信息", 1, 1), *SEVEN],
    [
        ("（六）其他处理", 3, 1),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 1),
        *SEVEN,
    ],
    [("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1, 1), *SEVEN],
    [("3.其他", 1, 1), *SEVEN],
    [("（七）总计", 1, 2), *SEVEN],
    [("四、结转下年度继续办理", 1, 3), *SEVEN],
]
_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
# 表四 (四、政府信息公开行政复议、行政诉讼情况): 行政复议's five results span two rows; 行政诉讼
# splits into 未经复议直接起诉 and 复议后起诉, five results each; one row of 15 figures.
TABLE_FOUR_HEAD: list[Row] = [
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
    [
        *((r, 2, 1) for r in _RESULTS),
        ("未经复议直接起诉", 1, 5),
        ("复议后起诉", 1, 5),
    ],
    [(r, 1, 1) for r in _RESULTS * 2],
]
TABLE_FOUR_BODY: list[Row] = [[V] * 15]

# (table, its header rows in a thead: 0 for 表二, whose blocks are a tbody each)
TABLES: list[tuple[list[Row], int]] = [
    (TABLE_TWO, 0),
    (TABLE_THREE_HEAD + TABLE_THREE_BODY, len(TABLE_THREE_HEAD)),
    (TABLE_FOUR_HEAD + TABLE_FOUR_BODY, len(TABLE_FOUR_HEAD)),
]


# --- HTML ----------------------------------------------------------------------------------------


def html_rows(table: Any) -> list[Row]:
    """A drawn <table> (lxml) as rows of (text, rowspan, colspan); a <td> is VALUE."""
    rows = []
    for tr in table.iter("tr"):
        rows.append(
            [
                (
                    VALUE if cell.tag == "td" else cell.text_content().strip(),
                    int(cell.get("rowspan", "1")),
                    int(cell.get("colspan", "1")),
                )
                for cell in tr
                if cell.tag in ("th", "td")
            ]
        )
    return rows


def report_tables(markup: str) -> list[Any]:
    """The <table class="report"> elements of a page or a body, in order."""
    if "<html" in markup:
        tree = lxml_html.document_fromstring(markup.encode("utf-8"))
    else:
        tree = lxml_html.fromstring(f"<div>{markup}</div>")
    return [t for t in tree.iter("table") if "report" in (t.get("class") or "").split()]


def headings(markup: str) -> list[tuple[str, str]]:
    """(tag, text) of every h1/h2 and table in document order: the parts and where the tables
    stand between them."""
    tree = lxml_html.fromstring(f"<div>{markup}</div>")
    return [
        (e.tag, e.text_content().strip() if e.tag != "table" else "")
        for e in tree.iter("h1", "h2", "table")
    ]


# --- PDF -----------------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(\.\d+)?")


def grid(rows: list[Row]) -> list[list[str | None]]:
    """The positions a drawing covers, as pdfplumber reads a ruled table: a cell's text at its
    top-left position, None at the others its spans cover."""
    taken: dict[tuple[int, int], str | None] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else None
            c += colspan
    width = max(c for _, c in taken) + 1
    return [[taken[(r, c)] for c in range(width)] for r in range(len(rows))]


def pdf_tables(data: bytes) -> list[list[list[str | None]]]:
    """Every ruled table of a PDF, page by page, its cells' text without line breaks."""
    import pdfplumber

    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                out.append(
                    [
                        [None if cell is None else re.sub(r"\s+", "", cell) for cell in row]
                        for row in table.extract()
                    ]
                )
    return out


def shape(read: list[list[str | None]]) -> list[list[str | None]]:
    """A grid read from a PDF with each figure, or blank cell (a figure not given), replaced by
    VALUE, to compare with `grid` (None stays: a position a merged cell covers)."""
    return [
        [VALUE if text is not None and _NUMBER.fullmatch(text or "0") else text for text in row]
        for row in read
    ]


def blocks(rows: list[list[str | None]]) -> list[list[list[str | None]]]:
    """表二 as its 第二十条 blocks, each without the columns no cell of it divides: a block on a
    page of its own is read only as wide as its own rules (a block of one figure, two columns),
    so blocks are compared one by one."""
    out: list[list[list[str | None]]] = []
    for row in rows:
        if (row[0] or "").startswith("第二十条") or not out:
            out.append([])
        out[-1].append(row)
    return [
        [
            [row[c] for c in range(len(block[0])) if any(r[c] is not None for r in block)]
            for row in block
        ]
        for block in out
    ]


def pdf_form(data: bytes) -> dict[str, Any]:
    """The report's three tables as read from its PDF: 表二 (its pieces, if a page break cut it,
    joined), 表三's header on each page it runs onto and its rows' labels and figures, 表四."""
    found = pdf_tables(data)
    note_width = len(grid(TABLE_THREE_HEAD)[0])
    two: list[list[str | None]] = []
    three_heads: list[list[list[str | None]]] = []
    three_rows: list[list[str | None]] = []
    four: list[list[str | None]] = []
    for table in found:
        first = table[0][0]
        if first == "行政复议":
            four = table
        elif first == NOTE and len(table[0]) == note_width:
            head = len(TABLE_THREE_HEAD)
            three_heads.append(table[:head])
            three_rows += table[head:]
        elif not three_heads:
            two += table
    return {"two": two, "three_heads": three_heads, "three_rows": three_rows, "four": four}


def row_label(row: list[str | None]) -> str:
    """The innermost label of a 表三 row as read from a PDF: its last text in the three label
    columns (a merged group label or a page break's continuation reads as None or '')."""
    return [text for text in row[:3] if text][-1]
