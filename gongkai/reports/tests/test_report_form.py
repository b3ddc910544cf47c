"""The report's look (issue 17): its three tables drawn as the 2021 form draws them, compared span
by span with the form written out by hand (form.py) — in the renderer's HTML, in what the
editor's sanitiser keeps of it (the body stored on the published item), in the page of its own
and in the PDF; the six parts in order under one title; and the one stylesheet that draws the
bordered grid on screen, on a phone and in print."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import tinycss2
from lxml import html as lxml_html

from gongkai.publishing import html as editor_html
from gongkai.reports import tables
from gongkai.reports.render import render
from gongkai.reports.render.html import render_body, render_html, stylesheet
from gongkai.reports.tables import ReportData
from gongkai.reports.tests import form

STAGES: dict[str, Callable[[ReportData], str]] = {
    "renderer": render_body,
    "sanitised": lambda report: editor_html.clean(render_body(report)),
    "page": render_html,
}


@pytest.mark.parametrize("stage", STAGES)
def test_each_table_has_the_forms_merged_cells(seed_report: ReportData, stage: str) -> None:
    drawn = form.report_tables(STAGES[stage](seed_report))
    assert len(drawn) == 3
    for table, (rows, head) in zip(drawn, form.TABLES, strict=True):
        assert form.html_rows(table) == rows
        # Tables 三 and 四: header rows in a thead (print repeats them on each page); 表二: a
        # tbody per 第二十条 block, so no block's header stands over another's rows.
        theads = table.findall("thead")
        assert [len(t.findall("tr")) for t in theads] == ([head] if head else [])
    blocks = drawn[0].findall("tbody")
    assert [len(block.findall("tr")) for block in blocks] == form.TABLE_TWO_BLOCKS


@pytest.mark.parametrize("stage", STAGES)
def test_header_cells_are_marked_for_centring_and_the_outcome_label_for_setting_upright(
    seed_report: ReportData, stage: str
) -> None:
    for table, (rows, _) in zip(
        form.report_tables(STAGES[stage](seed_report)), form.TABLES, strict=True
    ):
        heads = [
            [(cell.get("class") or "") for cell in tr if cell.tag == "th"]
            for tr in table.iter("tr")
        ]
        for classes, row in zip(heads, rows, strict=True):
            header_row = all(text != form.VALUE for text, _, _ in row)
            labels = [text for text, _, _ in row if text != form.VALUE]
            expected = [
                " ".join(
                    [
                        *(["head"] if header_row else []),
                        *(["vertical"] if t == "三、本年度办理结果" else []),
                    ]
                )
                for t in labels
            ]
            assert classes == expected


def test_the_body_is_the_six_parts_in_order_without_the_title(seed_report: ReportData) -> None:
    t = form.TITLES
    expected = [("h2", t[0]), ("h2", t[1]), ("table", ""), ("h2", t[2]), ("table", "")]
    expected += [("h2", t[3]), ("table", ""), ("h2", t[4]), ("h2", t[5])]
    body = render_body(seed_report)
    for markup in (body, editor_html.clean(body)):
        assert form.headings(markup) == expected
        # The item's page has the title as its h1: the body opens with 一、总体情况, not with the
        # title again (the old body was a whole page: its <title> and <h1> survived as text).
        assert markup.startswith(f"<h2>{t[0]}</h2>")
        assert seed_report.agency not in markup.split("<h2>")[0]
    agency, title = seed_report.agency, f"{seed_report.year}年政府信息公开工作年度报告"
    page = render_html(seed_report)
    assert form.headings(page.split("<body>")[1]) == [("h1", agency + title), *expected]


def test_sub_headings_of_the_overview_are_headings_and_run_in_ones_stay_prose() -> None:
    report = ReportData(
        template="2021",
        agency="某局",
        year=2021,
        sections={"overview": "（一）主动公开方面\n正文。\n（二）依申请公开情况。收到申请3件。"},
    )
    body = render_body(report)
    assert "<h3>（一）主动公开方面</h3><p>正文。</p>" in body.replace("\n", "")
    assert "<p>（二）依申请公开情况。收到申请3件。</p>" in body


def test_the_sanitiser_keeps_every_class_the_form_is_drawn_by(seed_report: ReportData) -> None:
    body = render_body(seed_report)

    def classes(markup: str) -> list[tuple[str, str]]:
        tree = lxml_html.fromstring(f"<div>{markup}</div>")
        return [(e.tag, e.get("class", "")) for e in tree.iter() if e.get("class")]

    kept = classes(editor_html.clean(body))
    assert kept == classes(body)
    assert set(kept) == {("table", "report"), ("th", "head"), ("th", "vertical")}


def test_the_2019_template_merges_its_single_other_row() -> None:
    """Reports checked on the upload page may be in the 2019 trial format: （六）其他处理 one row,
    the outcome label over 20 rows."""
    report = ReportData(template="2019", agency="某局", year=2019)
    three = form.html_rows(form.report_tables(render_body(report))[1])
    assert three[5][0] == ("三、本年度办理结果", 20, 1)
    assert [row[0] for row in three if row[0][0] == "（六）其他处理"] == [("（六）其他处理", 1, 2)]
    assert len(three) == 3 + len(tables.TEMPLATE_2019.t3_rows)


# --- the stylesheet -------------------------------------------------------------------------------


def _rules(
    nodes: list[tinycss2.ast.Node],
) -> dict[str, dict[str, str]]:
    """selector → {property: value} of the qualified rules among `nodes`."""
    out: dict[str, dict[str, str]] = {}
    for node in nodes:
        if node.type != "qualified-rule":
            continue
        declarations = tinycss2.parse_declaration_list(
            node.content, skip_comments=True, skip_whitespace=True
        )
        for selector in tinycss2.serialize(node.prelude).split(","):
            found = out.setdefault(" ".join(selector.split()), {})
            for d in declarations:
                if d.type == "declaration":
                    found[d.lower_name] = tinycss2.serialize(d.value).strip()
    return out


def _media(sheet: list[tinycss2.ast.Node], query: str) -> list[tinycss2.ast.Node]:
    for node in sheet:
        if (
            node.type == "at-rule"
            and node.lower_at_keyword == "media"
            and " ".join(tinycss2.serialize(node.prelude).split()) == query
        ):
            return tinycss2.parse_rule_list(node.content, skip_comments=True)
    raise AssertionError(f"no @media {query}")


def test_the_stylesheet_draws_a_bordered_grid_on_screen_on_a_phone_and_in_print() -> None:
    sheet = tinycss2.parse_stylesheet(stylesheet(), skip_comments=True, skip_whitespace=True)
    screen = _rules(sheet)
    assert screen["table.report"]["border-collapse"] == "collapse"
    assert "solid" in screen["table.report th"]["border"]
    assert "solid" in screen["table.report td"]["border"]
    assert screen["table.report th.head"]["text-align"] == "center"  # headers centred
    assert screen["table.report td"]["text-align"] == "center"  # numbers centred
    assert screen["table.report th"]["text-align"] == "left"  # row labels as the form has them
    assert screen["table.report th.vertical"]["writing-mode"] == "vertical-rl"
    phone = _rules(_media(sheet, "screen and (max-width: 40em)"))
    assert phone["table.report"]["overflow-x"] == "auto"  # scrolls in its box, not squeezed
    assert phone["table.report th"]["min-width"].endswith("em")
    printed = _media(sheet, "print")
    pages = [n for n in printed if n.type == "at-rule" and n.lower_at_keyword == "page"]
    assert pages and "A4" in tinycss2.serialize(pages[0].content)
    rules = _rules(printed)
    assert "#000" in rules["table.report th"]["border"]  # black borders
    assert rules["table.report thead"]["display"] == "table-header-group"  # repeated
    assert rules["table.report tr"]["break-inside"] == "avoid"  # no row cut in two
    # The page of its own (and so the PDF) is drawn by the same file the site links.
    assert stylesheet() in render_html(ReportData(template="2021"))


# --- the PDF ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_pdf_draws_the_same_merged_cells(seed_report: ReportData) -> None:
    read = form.pdf_form(render(seed_report, "pdf"))
    assert form.blocks(form.shape(read["two"])) == form.blocks(form.grid(form.TABLE_TWO))
    head = form.grid(form.TABLE_THREE_HEAD)
    # 表三 runs onto a second page: its header again there, the same three rows.
    assert read["three_heads"] and all(found == head for found in read["three_heads"])
    body = read["three_rows"]
    assert [form.row_label(row) for row in body] == [row[-8][0] for row in form.TABLE_THREE_BODY]
    assert form.shape([row[3:] for row in body]) == [[form.VALUE] * 7] * len(body)
    assert form.shape(read["four"]) == form.grid(form.TABLE_FOUR_HEAD + form.TABLE_FOUR_BODY)
