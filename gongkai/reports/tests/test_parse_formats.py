"""HTML, Word and PDF readers: the shapes real documents take, and files they must refuse."""

from __future__ import annotations

import io
import zipfile

import docx
import pypdf
import pytest

from gongkai.reports.parse import UnreadableDocument, parse_document, read_blocks
from gongkai.reports.parse.blocks import Table
from gongkai.reports.render import render
from gongkai.reports.tables import ReportData
from gongkai.reports.tests.conftest import GOLDEN

T3_ROWS = """
<tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan=3><span>一、本年新收</span><span>政府信息公开申请数量</span></td>
    <td><span>1</span><span>2</span></td><td>0</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>12</td></tr>
<tr><td colspan=3>二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>9</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>9</td></tr>
<tr><td rowspan=2>（三）不予公开</td><td>1．属于国家秘密</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>3.危及"三安全一稳定"</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
"""


def _html(body: str, charset: str = "utf-8") -> bytes:
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"</head><body>{body}</body></html>"
    )
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


def test_html_spans_rowspans_and_nested_layout_tables() -> None:
    page = _html(
        "<table class=layout><tr><td><div>首页 &gt; 政务公开</div>"
        "<h1>某县人民政府2022年政府信息公开工作年度报告</h1>"
        f"<table border=1>{T3_ROWS}</table></td></tr></table>",
        charset="gb2312",
    )
    report, _ = parse_document(page, "report.html")
    assert report.agency == "某县人民政府"
    assert report.year == 2022
    assert report.cells["applications.new.natural_person"] == 12  # digits split into two spans
    assert report.cells["applications.new.other_org"] is None  # &nbsp; is a blank, not 0
    assert report.cells["applications.carried_in.total"] == 1
    assert report.cells["applications.granted.total"] == 9
    assert report.cells["applications.withheld.state_secret.natural_person"] == 1
    assert report.cells["applications.withheld.security_stability.total"] == 2


def test_html_grid_marks_merged_positions() -> None:
    blocks = read_blocks(_html(f"<table>{T3_ROWS}</table>"), "t.html")
    grid = next(b for b in blocks if isinstance(b, Table))
    assert grid.rows[0][:4] == (grid.rows[0][0], None, None, "申请人情况")
    assert grid.rows[1][:4] == (None, None, None, "自然人")
    assert all(len(row) == 10 for row in grid.rows)


def test_html_deeply_nested_and_declared_wrongly() -> None:
    for depth in (300, 5000, 100_000):  # past libxml2's limit the page is read as text
        nested = "<div>" * depth + "某局2021年政府信息公开工作年度报告" + "</div>" * depth
        assert parse_document(_html(nested), "deep.html")[0].year == 2021
    # declared GBK but actually UTF-8: decoded by what works
    mislabelled = _html("<p>某局2021年政府信息公开工作年度报告</p>").replace(b"utf-8", b"gbk")
    assert parse_document(mislabelled, "x.html")[0].agency == "某局"


def _docx_with_merged_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("某区统计局")
    document.add_paragraph("2023年政府信息公开工作年度报告")
    document.add_heading("四、政府信息公开行政复议、行政诉讼情况", level=2)
    table = document.add_table(rows=4, cols=15)
    table.cell(0, 0).merge(table.cell(0, 4)).text = "行政复议"
    table.cell(0, 5).merge(table.cell(0, 14)).text = "行政诉讼"
    for c, label in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        table.cell(1, c).merge(table.cell(2, c)).text = label
    table.cell(1, 5).merge(table.cell(1, 9)).text = "未经复议直接起诉"
    table.cell(1, 10).merge(table.cell(1, 14)).text = "复议后起诉"
    for c in range(10):
        table.cell(2, 5 + c).text = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][c % 5]
    for c, value in enumerate([1, 2, 0, 0, 3, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]):
        table.cell(3, c).text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_merged_cells() -> None:
    report, findings = parse_document(_docx_with_merged_table(), "report.docx")
    assert (report.agency, report.year) == ("某区统计局", 2023)
    assert report.cells["disputes.reconsideration.corrected"] == 2
    assert report.cells["disputes.reconsideration.total"] == 3
    assert report.cells["disputes.litigation_direct.total"] == 1
    assert findings == []


def test_pdf_golden_tables_span_page_breaks() -> None:
    """Table 三 of the Huaian report breaks between pages 4 and 5 inside a merged group cell."""
    report, _ = parse_document((GOLDEN / "huaian-city-2024.pdf").read_bytes(), "huaian.pdf")
    assert report.cells["applications.unavailable.not_held.total"] == 769  # page 4
    assert report.cells["applications.unavailable.needs_creation.total"] == 11  # page 5


def test_pdf_without_text_is_refused(seed_report: ReportData) -> None:
    import weasyprint

    blank = weasyprint.HTML(
        string="<html><body><div style='height:5cm;background:#000'></div></body></html>"
    )
    with pytest.raises(UnreadableDocument, match="没有可读取的文字"):
        parse_document(blank.write_pdf(), "scan.pdf")


def test_encrypted_pdf_is_refused(seed_report: ReportData) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(seed_report, "pdf")))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(UnreadableDocument, match="已加密"):
        parse_document(out.getvalue(), "locked.pdf")


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.txt", "文件为空"),
        (b"   \n\t ", "blank.txt", "文件为空"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png", "图片"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.doc", "旧版 Word"),
        (b"%PDF-1.7\n" + bytes(200), "broken.pdf", "PDF"),
        (b"PK\x03\x04" + bytes(60), "broken.docx", "Word"),
        (b"not a pdf at all, just words", "fake.pdf", "不是 PDF"),
        (bytes(range(256)) * 40, "noise.bin", "二进制"),
        ("今天天气很好，我们去公园散步。".encode(), "note.txt", "不是年度报告"),
        (b'{"schema": "other"}', "x.json", "gongkai.report/1"),
        (b"{not json", "x.json", "JSON"),
    ],
)
def test_unreadable_files_get_a_reason(data: bytes, name: str, reason: str) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        parse_document(data, name)
    assert reason in caught.value.reason


def test_zip_bomb_named_docx_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(260):
                member.write(chunk)
    assert len(buffer.getvalue()) < 2_000_000
    with pytest.raises(UnreadableDocument, match="解压后过大"):
        parse_document(buffer.getvalue(), "bomb.docx")
