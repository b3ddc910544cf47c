"""Turn the rows the walk found into cells under the template's keys.

Numbers are read exactly (Decimal); a blank, —, ／ or 无 is None, and what it showed is kept in
`marks` (a zero mark counts as 0 in the arithmetic, an empty cell is unknown); a cell that holds
text or a fraction where a count belongs is None with a VALUE_INVALID finding, never a guess.
Short rows go through `repair.fit_row`; a row that gives only one number gives its 总计. The rows
repaired are reported together, in one LAYOUT_REPAIRED finding.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.core.findings import Finding, error, warning
from gongkai.reports import tables
from gongkai.reports.parse import normalize, repair
from gongkai.reports.parse.assign import Found, Walk
from gongkai.reports.tables import Cell, Template

_T3_IDENTITY: tuple[repair.Identity, ...] = ((6, (0, 1, 2, 3, 4, 5)),)
_T4_IDENTITIES: tuple[repair.Identity, ...] = tuple(
    (g * 5 + 4, (g * 5, g * 5 + 1, g * 5 + 2, g * 5 + 3)) for g in range(3)
)
_NON_OUTCOME = ("new", "carried_in", "handled_total", "carried_out")


class CellReader:
    def __init__(self, template: Template, walk: Walk) -> None:
        self.template = template
        self.walk = walk
        self.cells: dict[str, Cell] = {}
        self.marks: dict[str, str] = {}
        self.findings: list[Finding] = []
        self.repaired: list[tuple[Found, list[str], list[int | None], tuple[int | None, ...]]] = []
        self.four_places = "保留4位小数" in walk.all_labels

    def read(self) -> tuple[dict[str, Cell], list[Finding]]:
        self._proactive()
        self._applications()
        self._disputes()
        self._duplicates()
        self._report_repairs()
        return self.cells, self.findings

    # Table 二 ---------------------------------------------------------------------------
    def _proactive(self) -> None:
        items = {item.key: item for item in self.template.proactive}
        for (table, key), found in self.walk.found.items():
            if table != "T2":
                continue
            item = items.get(key)
            if item is None:
                self.findings.append(
                    warning(
                        "TEMPLATE_MIXED",
                        f"表二出现了{self.template.name}版模板没有的行“{found.row.quote}”，未读取",
                        quote=found.row.quote,
                    )
                )
                continue
            keys = [f"{self.template.proactive_prefix}.{key}.{col}" for col, _ in item.columns]
            if found.row.glued and len(keys) > 1 and not any(k in tables.MONEY_KEYS for k in keys):
                self._store_glued(
                    keys, found, repair.split_glued(found.row.values[0], len(keys), ())
                )
                continue
            values = list(found.row.values)
            while len(values) > len(keys) and not values[-1]:
                values.pop()
            if len(values) > len(keys) or 0 < len(values) < len(keys):
                self._unresolved(keys, found, f"模板有 {len(keys)} 列，本行有 {len(values)} 个值")
                continue
            for cell_key, raw in zip(keys, values + [""] * (len(keys) - len(values)), strict=True):
                self.cells[cell_key] = self._value(cell_key, raw, found)
                if self.cells[cell_key] is None and _mark(raw):
                    self.marks[cell_key] = _mark(raw)

    # Table 三 ---------------------------------------------------------------------------
    def _applications(self) -> None:
        rows = {key: found for (table, key), found in self.walk.found.items() if table == "T3"}
        position = {row.key: i for i, row in enumerate(self.template.t3_rows)}
        # Totals first: the outcome rows' column bounds come from them.
        order = sorted(rows, key=lambda k: (k not in _NON_OUTCOME, position.get(k, len(position))))
        bounds: list[int | None] | None = None
        for key in order:
            found = rows[key]
            keys = [tables.t3_key(key, col) for col in tables.T3_COLUMNS]
            if key not in _NON_OUTCOME and bounds is None:
                bounds = self._outcome_bounds()
            outcome_bounds = () if key in _NON_OUTCOME else (bounds or ())
            if found.row.glued:
                self._store_glued(
                    keys,
                    found,
                    repair.split_glued(found.row.values[0], 7, _T3_IDENTITY, outcome_bounds),
                )
                continue
            given, marks = self._counts(keys, found)
            if len(given) == 1 and not found.row.grid:
                blanks: list[int | None] = [None] * 6
                given, marks = blanks + given, {6 + i: m for i, m in marks.items()}
            fitted = repair.fit_row(given, 7, _T3_IDENTITY, outcome_bounds)
            self._store(keys, found, given, fitted, marks)
        self._other_rows(rows)

    def _outcome_bounds(self) -> list[int | None]:
        bounds: list[int | None] = []
        for col in tables.T3_COLUMNS:
            handled = self.cells.get(tables.t3_key("handled_total", col))
            new = self.cells.get(tables.t3_key("new", col))
            carried = self.cells.get(tables.t3_key("carried_in", col))
            if handled is not None:
                bounds.append(int(handled))
            elif new is not None and carried is not None:
                bounds.append(int(new) + int(carried))
            else:
                bounds.append(None)
        return bounds

    def _other_rows(self, rows: dict[str, Found]) -> None:
        """Keep a 2019-style single （六）其他处理 row; derive the 2021 sub-rows only when proven."""
        subrows = ("other.no_correction", "other.unpaid_fee", "other.other")
        if self.template.name != "2021" or "other" not in rows or any(k in rows for k in subrows):
            return
        combined = [self.cells.get(tables.t3_key("other", col)) for col in tables.T3_COLUMNS]
        zero = all(v == 0 for v in combined)
        for sub in subrows:
            for col in tables.T3_COLUMNS:
                self.cells[tables.t3_key(sub, col)] = 0 if zero else None
        cells = tuple(tables.t3_key(sub, col) for sub in subrows for col in tables.T3_COLUMNS)
        if zero:
            self.findings.append(
                warning(
                    "LAYOUT_REPAIRED",
                    "表三“（六）其他处理”只有一行（2019年版格式），各列均为0，"
                    "因此其下三个子项（逾期不补正、逾期未缴费、其他）均读作0",
                    cells,
                    rows["other"].row.quote,
                )
            )
        else:
            self.findings.append(
                warning(
                    "LAYOUT_UNRESOLVED",
                    "表三“（六）其他处理”只有一行（2019年版格式），合计不为0，"
                    "无法拆分到2021年版的三个子项，这三行留空",
                    cells,
                    rows["other"].row.quote,
                )
            )

    # Table 四 ---------------------------------------------------------------------------
    def _disputes(self) -> None:
        found = self.walk.found.get(("T4", "T4"))
        if found is None:
            return
        keys = list(tables.DISPUTE_KEYS)
        if found.row.glued:
            self._store_glued(
                keys, found, repair.split_glued(found.row.values[0], 15, _T4_IDENTITIES)
            )
            return
        given, marks = self._counts(keys, found)
        self._store(keys, found, given, repair.fit_row(given, 15, _T4_IDENTITIES), marks)

    # shared ---------------------------------------------------------------------------
    def _store(
        self,
        keys: list[str],
        found: Found,
        given: list[int | None],
        fitted: repair.Fit,
        marks: dict[int, str],
    ) -> None:
        if fitted.values is None:
            self._unresolved(keys, found, fitted.reason)
            return
        for key, value in zip(keys, fitted.values, strict=True):
            self.cells[key] = value
        if fitted.columns is not None:
            for index, mark in marks.items():
                column = fitted.columns[index]
                if column >= 0:  # the cell showed a mark, not a number: null, the mark kept
                    self.cells[keys[column]] = None
                    self.marks[keys[column]] = mark
        if len(given) != len(keys) and any(v is not None for v in given):
            self.repaired.append((found, keys, given, fitted.values))

    def _store_glued(self, keys: list[str], found: Found, fitted: repair.Fit) -> None:
        """A row whose digits ran together: read only when one cut fits (repair.split_glued)."""
        if fitted.values is None:
            self._unresolved(keys, found, fitted.reason)
            return
        for key, value in zip(keys, fitted.values, strict=True):
            self.cells[key] = value
        self.repaired.append((found, keys, [None], fitted.values))

    def _report_repairs(self) -> None:
        """One finding for every row read by inference: what each gave, what it was read as."""
        if not self.repaired:
            return
        described = []
        for found, keys, given, values in self.repaired:
            shown = (
                f"数字连写为{found.row.values[0]}"
                if found.row.glued
                else " ".join("空" if v is None else str(v) for v in given)
            )
            read = "、".join(f"{_column_name(k)}{v}" for k, v in zip(keys, values, strict=True))
            described.append(f"{_row_name(found)}（{shown}）读作：{read}")
        self.findings.append(
            warning(
                "LAYOUT_REPAIRED",
                f"{len(self.repaired)}行的数字少于（或多于）模板的列数，按各行合计与各列总计推算，"
                "唯一可能的读法如下，请核对原表：" + "；".join(described),
                tuple(k for _, keys, _, _ in self.repaired for k in keys),
                self.repaired[0][0].row.quote,
            )
        )

    def _unresolved(self, keys: list[str], found: Found, reason: str) -> None:
        for key in keys:
            self.cells[key] = None
            self.marks[key] = tables.UNREAD
        self.findings.append(
            warning(
                "LAYOUT_UNRESOLVED",
                f"{_row_name(found)}无法可靠读取（{reason}），这些单元格按空白处理，请核对原文",
                tuple(keys),
                found.row.quote,
            )
        )

    def _counts(self, keys: list[str], found: Found) -> tuple[list[int | None], dict[int, str]]:
        """The row's numbers (a zero mark as 0, so repair can use it) and, by position, the
        marks the row showed in place of numbers."""
        values = list(found.row.values)
        while len(values) > len(keys) and not values[0]:
            values.pop(0)  # an empty label column of a grid
        while len(values) > len(keys) and not values[-1]:
            values.pop()
        aligned = len(values) == len(keys)
        counts: list[int | None] = []
        marks: dict[int, str] = {}
        for i, raw in enumerate(values):
            mark = _mark(raw)
            if mark:
                marks[i] = mark
            counts.append(
                0
                if mark in tables.ZERO_MARKS
                else self._count((keys[i],) if aligned else tuple(keys), raw, found)
            )
        return counts, marks

    def _count(self, keys: tuple[str, ...], raw: str, found: Found) -> int | None:
        kind, number, unit = normalize.classify(raw)
        if kind is normalize.Token.BLANK:
            return None
        if (
            kind is normalize.Token.TEXT
            or number is None
            or number != number.to_integral_value()
            or unit == "%"
        ):
            self.findings.append(
                error(
                    "VALUE_INVALID",
                    f"{_row_name(found)}中的“{raw}”不是件数（应为非负整数），该单元格按空白处理",
                    keys,
                    found.row.quote,
                )
            )
            return None
        return int(number)

    def _value(self, key: str, raw: str, found: Found) -> Cell:
        if key not in tables.MONEY_KEYS:
            return self._count((key,), raw, found)
        kind, number, unit = normalize.classify(raw)
        if kind is normalize.Token.BLANK:
            return None
        if kind is normalize.Token.TEXT or number is None or unit not in ("", "万元", "元"):
            self.findings.append(
                error(
                    "VALUE_INVALID",
                    f"金额“{raw}”不是数字，该单元格按空白处理",
                    (key,),
                    found.row.quote,
                )
            )
            return None
        if unit == "元":
            converted = number / Decimal(10000)
            self.findings.append(
                warning(
                    "MONEY_PRECISION",
                    f"金额单元格写作“{raw}”（单位：元），模板单位为万元，已换算为{tables.format_money(converted)}万元",
                    (key,),
                    found.row.quote,
                )
            )
            return converted
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if number != 0 and (places > 4 or (self.four_places and places < 4)):
            self.findings.append(
                warning(
                    "MONEY_PRECISION",
                    f"金额“{raw}”万元给出了 {places} 位小数，模板要求保留4位小数（精确到元）",
                    (key,),
                    found.row.quote,
                )
            )
        return number

    def _duplicates(self) -> None:
        """One warning per template row printed again with other numbers (however often)."""
        repeats: dict[tuple[str, str], int] = {}
        for found in self.walk.duplicates:
            first = self.walk.found[(found.table, found.key)]
            if first.row.values != found.row.values:
                repeats[(found.table, found.key)] = repeats.get((found.table, found.key), 0) + 1
        for slot, count in repeats.items():
            first = self.walk.found[slot]
            times = "又出现了一次" if count == 1 else f"又出现了{count}次"
            self.findings.append(
                warning(
                    "ROW_DUPLICATE",
                    f"{_row_name(first)}{times}且数字不同，采用第一次出现的数字",
                    quote=first.row.quote,
                )
            )


def _mark(raw: str) -> str:
    """What a blank-like cell shows ("——", "/", "无"), "" for an empty cell or a number."""
    kind, _, _ = normalize.classify(raw)
    if kind is not normalize.Token.BLANK:
        return ""
    return raw.strip().replace(" ", "")


def _row_name(found: Found) -> str:
    if found.table == "T4":
        return "表四（行政复议、行政诉讼）数字行"
    if found.table == "T2":
        return f"表二“{_T2_NAMES.get(found.key, found.key)}”行"
    return f"表三“{_T3_NAMES.get(found.key, found.key)}”行"


_T2_NAMES = {item.key: item.label for t in tables.TEMPLATES.values() for item in t.proactive}
_T3_NAMES = {
    row.key: f"{row.group}{row.number}.{row.label}" if row.number else row.label
    for t in tables.TEMPLATES.values()
    for row in t.t3_rows
}


def _column_name(key: str) -> str:
    parts = key.split(".")
    if parts[0] == "disputes":
        return f"{tables.DISPUTE_GROUP_LABELS[parts[1]]}{tables.DISPUTE_RESULT_LABELS[parts[2]]}"
    if parts[0].startswith("proactive"):
        return _T2_COLUMNS.get((parts[1], parts[2]), parts[2])
    return tables.T3_COLUMN_LABELS.get(parts[-1], parts[-1])


_T2_COLUMNS = {
    (item.key, column): label
    for template in tables.TEMPLATES.values()
    for item in template.proactive
    for column, label in item.columns
}
