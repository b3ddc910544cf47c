"""ReportData → Markdown: headings, paragraphs and pipe tables (merged cells flattened into
each row's label, so that every row reads on its own)."""

from __future__ import annotations

from gongkai.reports import tables
from gongkai.reports.render import layout
from gongkai.reports.render.html import paragraphs
from gongkai.reports.tables import OUTCOME_GROUP_LABEL, ReportData, t3_key


def render_markdown(report: ReportData) -> str:
    template = report.template_def or tables.TEMPLATE_2021
    agency, title = layout.title(report)
    out = [f"# {agency}{title}", ""]
    for key in ("overview", "proactive", "applications", "disputes", "problems", "other"):
        out += [f"## {tables.SECTION_TITLES[key]}", ""]
        if key == "proactive":
            out += _proactive(report, template)
        elif key == "applications":
            out += _applications(report, template)
        elif key == "disputes":
            out += _disputes(report)
        else:
            out += [line for p in paragraphs(report.sections.get(key, "")) for line in (p, "")]
    return "\n".join(out).rstrip() + "\n"


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "｜") for c in cells) + " |"


def _proactive(report: ReportData, template: tables.Template) -> list[str]:
    out: list[str] = []
    caption = None
    for item in template.proactive:
        if item.caption != caption:
            caption = item.caption
            out += [
                f"{caption}",
                "",
                _pipe(["信息内容", *(label for _, label in item.columns)]),
                _pipe(["---"] * (len(item.columns) + 1)),
            ]
        keys = [f"{template.proactive_prefix}.{item.key}.{col}" for col, _ in item.columns]
        out.append(_pipe([item.label, *(layout.value_text(report, k) for k in keys)]))
    return [*out, ""]


def _applications(report: ReportData, template: tables.Template) -> list[str]:
    out = [
        layout.T3_NOTE,
        "",
        _pipe(["项目", *tables.T3_COLUMN_LABELS.values()]),
        _pipe(["---"] * 8),
    ]
    for row in template.t3_rows:
        if row.group:
            label = f"{OUTCOME_GROUP_LABEL}{row.group} {row.number}.{row.label}"
        elif row.is_outcome or row.key == "handled_total":
            label = f"{OUTCOME_GROUP_LABEL}{row.label}"
        else:
            label = row.label
        values = [layout.value_text(report, t3_key(row.key, c)) for c in tables.T3_COLUMNS]
        out.append(_pipe([label, *values]))
    return [*out, ""]


def _disputes(report: ReportData) -> list[str]:
    heads = [
        f"{tables.DISPUTE_GROUP_LABELS[g]}·{tables.DISPUTE_RESULT_LABELS[r]}"
        for g in tables.DISPUTE_GROUPS
        for r in tables.DISPUTE_RESULTS
    ]
    return [
        _pipe(heads),
        _pipe(["---"] * 15),
        _pipe([layout.value_text(report, k) for k in tables.DISPUTE_KEYS]),
        "",
    ]
