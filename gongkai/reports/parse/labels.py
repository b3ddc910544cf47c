"""Which template row a label names.

Rows are found by their labels, never by their position: published tables drop rows, split
labels across page breaks, misspell them (「其他法律行政止公开」 in a real 2024 report) and
reorder the 第二十条 blocks. A label is matched by a distinctive keyword first; failing that by
its item number inside the group it belongs to (（三）不予公开 2. …), checked against the official
wording. Input labels are already normalised by `normalize.label`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from gongkai.reports import tables
from gongkai.reports.parse import normalize

# Item keywords, most specific first. Each occurs in exactly one official Table 三 label.
_T3_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("本年新收", "new"),
    ("本年度新收", "new"),
    ("上年结转", "carried_in"),
    ("上年度结转", "carried_in"),
    ("结转下年度", "carried_out"),
    ("下年度继续办理", "carried_out"),
    ("部分公开", "partly_granted"),
    ("国家秘密", "withheld.state_secret"),
    ("法律行政法规禁止", "withheld.prohibited_by_law"),
    ("法规禁止公开", "withheld.prohibited_by_law"),
    ("三安全一稳定", "withheld.security_stability"),
    ("第三方合法权益", "withheld.third_party"),
    ("内部事务", "withheld.internal_affairs"),
    ("过程性信息", "withheld.process_info"),
    ("执法案卷", "withheld.enforcement_file"),
    ("行政查询", "withheld.administrative_query"),
    ("不掌握", "unavailable.not_held"),
    ("另行制作", "unavailable.needs_creation"),
    ("没有现成信息", "unavailable.needs_creation"),
    ("补正后", "unavailable.unclear_after_correction"),
    ("信访举报", "not_processed.petition"),
    ("举报投诉", "not_processed.petition"),
    ("重复申请", "not_processed.repeated"),
    ("出版物", "not_processed.publication"),
    ("大量反复", "not_processed.excessive"),
    ("重新出具", "not_processed.confirm_or_reissue"),
    ("确认或重", "not_processed.confirm_or_reissue"),
    ("不补正", "other.no_correction"),
    ("收费通知", "other.unpaid_fee"),
    ("缴纳费用", "other.unpaid_fee"),
    ("予以公开", "granted"),
)

# The merged group cells of 三、本年度办理结果, by numeral or by name.
_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("(三)", "不予公开", "withheld"),
    ("(四)", "无法提供", "unavailable"),
    ("(五)", "不予处理", "not_processed"),
    ("(六)", "其他处理", "other"),
)
_ITEM = re.compile(r"(?<![0-9])([1-9])\.")
_BY_NUMBER: dict[tuple[str, str], tables.T3Row] = {
    (row.key.split(".")[0], row.number): row for row in tables.TEMPLATE_2021.t3_rows if row.number
}


def t3_group(label: str) -> str | None:
    """The outcome group a label opens, if it names one."""
    for numeral, name, group in _GROUPS:
        if name in label or numeral in label:
            return group
    return None


def t3_row(label: str, group: str | None = None) -> str | None:
    """The Table 三 row key of `label`; `group` is the outcome group seen last (for 3.其他)."""
    found = [(label.rfind(word), key) for word, key in _T3_KEYWORDS if word in label]
    if found:
        return max(found)[1]
    own_group = t3_group(label) or group
    item = _ITEM.search(label)
    if own_group and item:
        row = _BY_NUMBER.get((own_group, item.group(1)))
        rest = label[item.end() :]
        if row and (
            (row.key == "other.other" and rest.startswith("其他")) or _similar(rest, row.label)
        ):
            return row.key
    if "其他处理" in label and not item:
        return "other"  # the 2019 template's single （六）其他处理 row
    if "总计" in label and ("(七)" in label or len(label) <= 4):
        return "handled_total"
    return None


def _similar(found: str, official: str) -> bool:
    return SequenceMatcher(None, found, normalize.label(official)).ratio() >= 0.6


_T2_LABELS: tuple[tuple[str, str], ...] = (
    ("行政规范性文件", "normative_documents"),
    ("规范性文件", "normative_documents"),
    ("规范性档案", "normative_documents"),  # a Taiwan mirror's word for 文件
    ("规章", "regulations"),
    ("行政许可", "licensing"),
    ("其他对外管理服务事项", "other_services"),
    ("行政处罚", "punishment"),
    ("行政强制", "enforcement"),
    ("行政事业性收费", "fees"),
    ("政府集中采购", "procurement"),
)


_ANNOTATION = re.compile(r"\([^()]*\)")


def t2_item(label: str) -> str | None:
    """The Table 二 item a short label names (a sentence that mentions 行政许可 is no label).
    A fill-in note in brackets after the name (「规章(设区的市…应提供相关数据)」, as some
    provinces print the form) is not part of it."""
    bare = _ANNOTATION.sub("", label)
    for word, key in _T2_LABELS:
        if bare.endswith(word) and len(bare) <= len(word) + 14:
            return key
    return None


def is_t4_header(label: str) -> bool:
    return "行政复议" in label and "行政诉讼" in label


def is_t3_header(label: str) -> bool:
    return "自然人" in label or "申请人情况" in label or "勾稽关系" in label


_MARKERS_2021 = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
    "收费通知",
    "不补正",
)
_MARKERS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "第二十条第(九)项",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购总金额",
)


def template_votes(labels: str) -> tuple[int, int]:
    """How many 2021-only and 2019-only markers (regulations.md §1.9) the labels carry."""
    return (sum(m in labels for m in _MARKERS_2021), sum(m in labels for m in _MARKERS_2019))
