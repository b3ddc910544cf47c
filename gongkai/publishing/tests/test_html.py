"""The editor's sanitiser (publishing.html.clean): what it keeps of a table, which classes it
lets through (the annual report's, nothing else), what it drops."""

from __future__ import annotations

from gongkai.publishing import html


def test_a_report_table_keeps_its_class_spans_and_row_groups() -> None:
    markup = (
        '<table class="report"><thead><tr><th class="head" colspan="3" rowspan="2">申请人情况</th>'
        '</tr></thead><tbody><tr><th class="vertical" rowspan="22">三、本年度办理结果</th>'
        '<td colspan="3">0</td></tr></tbody></table>'
    )
    assert html.clean(markup) == markup.replace('"report">', '"report" tabindex="0">', 1)


def test_other_classes_styles_and_scripts_are_dropped() -> None:
    cleaned = html.clean(
        '<table class="report wide" style="border:0" onclick="x()"><tbody><tr>'
        '<th class="head big" scope="col">表</th><td class="head mark-error">1</td></tr></tbody>'
        '</table><p class="report">正文</p><span class="vertical">字</span><script>x()</script>'
    )
    assert cleaned == (
        '<table class="report" tabindex="0"><tbody><tr><th class="head" scope="col">表</th>'
        "<td>1</td></tr></tbody></table><p>正文</p><span>字</span>"
    )


def test_a_whole_page_pasted_in_leaves_its_title_as_text() -> None:
    """Why the report's body is rendered without its own <title> and <h1>: the sanitiser keeps
    their text, which then stood at the top of the item's body, repeating the page's title."""
    cleaned = html.clean("<html><head><title>标题</title></head><body><h1>标题</h1><h2>一</h2>")
    assert cleaned.count("标题") == 2 and cleaned.endswith("<h2>一</h2>")


def test_tables_are_reachable_by_keyboard_and_scopes_are_only_htmls() -> None:
    from gongkai.publishing.html import clean

    cleaned = clean(
        '<table tabindex="7" onfocus="x()"><tr><th scope="col">年份</th>'
        '<th scope="javascript:x">数</th></tr></table>'
    )
    assert cleaned == (
        '<table tabindex="0"><tbody><tr><th scope="col">年份</th><th>数</th></tr></tbody></table>'
    )
