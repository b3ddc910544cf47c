"""A report in the 2019 trial format (国办公开办函〔2019〕60号), with the habits real ones have:
总计 cells left blank, a negative 本年增/减, a unit written into the 采购 cell, prose that
contradicts the table (modelled on 上海市人民政府办公厅 2019, regulations.md §1.6)."""

from __future__ import annotations

from decimal import Decimal

from gongkai.core.findings import Severity
from gongkai.reports.checks import check_document

REPORT = """某市人民政府办公厅2019年政府信息公开工作年度报告
一、总体情况
2019年，本机关认真贯彻落实新修订的《中华人民共和国政府信息公开条例》。2019年共收到政府信息公开申请859件，其中无法提供300件。
二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t5\t5\t120
规范性文件\t12\t12\t310
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t50\t-3\t1200
其他对外管理服务事项\t20\t2\t80
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t30\t0\t400
行政强制\t10\t-1\t12
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t3\t0
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t6\t251000元
三、收到和处理政府信息公开申请情况
\t\t\t申请人情况\t\t\t\t\t\t
\t\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t\t\t821\t35\t0\t0\t2\t1\t859
二、上年结转政府信息公开申请数量\t\t\t18\t0\t0\t0\t0\t0\t18
三、本年度办理结果\t（一）予以公开\t\t258\t35\t0\t0\t2\t1\t
\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t3\t0\t0\t0\t0\t0\t
\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t
\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t
\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t
\t\t4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t
\t\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t
\t\t6.属于四类过程性信息\t32\t0\t0\t0\t0\t0\t
\t\t7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t
\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t
\t（四）无法提供\t1.本机关不掌握相关政府信息\t252\t0\t0\t0\t0\t0\t
\t\t2.没有现成信息需要另行制作\t12\t0\t0\t0\t0\t0\t
\t\t3.补正后申请内容仍不明确\t1\t0\t0\t0\t0\t0\t
\t（五）不予处理\t1.信访举报投诉类申请\t44\t0\t0\t0\t0\t0\t
\t\t2.重复申请\t3\t0\t0\t0\t0\t0\t
\t\t3.要求提供公开出版物\t25\t0\t0\t0\t0\t0\t
\t\t4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t
\t\t5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t
\t（六）其他处理\t\t137\t0\t0\t0\t0\t0\t
\t（七）总计\t\t767\t35\t0\t0\t2\t1\t805
四、结转下年度继续办理\t\t\t72\t0\t0\t0\t0\t0\t72
四、政府信息公开行政复议、行政诉讼情况
行政复议\t\t\t\t\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉
\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
10\t2\t1\t3\t16\t5\t1\t0\t2\t8\t1\t0\t0\t0\t1
五、存在的主要问题及改进情况
公开解读形式有待丰富。
六、其他需要报告的事项
无。
"""


def test_2019_trial_template() -> None:
    report, findings = check_document(REPORT.encode(), "2019.txt")
    assert report.template == "2019"
    assert (report.agency, report.year) == ("某市人民政府办公厅", 2019)
    cells = report.cells
    assert cells["proactive_2019.regulations.made"] == 5
    assert cells["proactive_2019.licensing.change"] == -3  # 本年增/减 may be negative
    assert cells["proactive_2019.other_services.decisions"] == 80
    assert cells["proactive_2019.fees.previous"] == 3
    assert cells["proactive_2019.procurement.amount"] == Decimal("25.1")  # 251000元 → 万元
    assert cells["applications.other.natural_person"] == 137  # （六）其他处理 is one row
    assert "applications.other.no_correction.total" not in cells
    # A text row's trailing empty cell cannot be told from layout: the 总计 left blank is
    # recovered from the row's own parts, and the reader says so.
    assert cells["applications.granted.total"] == 296
    repaired = [
        f
        for f in findings
        if f.code == "LAYOUT_REPAIRED" and "applications.granted.total" in f.cells
    ]
    assert "总计296" in repaired[0].message
    assert cells["disputes.reconsideration.total"] == 16

    codes = {(f.code, f.severity) for f in findings}
    assert ("MONEY_PRECISION", Severity.WARNING) in codes  # the 元 in the 万元 cell
    assert not any(f.code == "VALUE_INVALID" for f in findings)
    mismatch = [f.message for f in findings if f.code == "TEXT_TABLE_MISMATCH"]
    assert mismatch == ["正文称无法提供为300件，表中对应数字为265件"]
    # 767 + 72 = 839 = 821 + 18: the natural-person column balances
    assert not any(f.code == "T3_BALANCE" and "自然人" in f.message for f in findings)


def test_blank_totals_in_a_web_table_are_uncertain_not_zero() -> None:
    page = REPORT.replace("\t", "</td><td>").splitlines()
    html = (
        "<html><body>"
        + "".join(
            f"<table><tr><td>{line}</td></tr></table>" if "</td>" in line else f"<p>{line}</p>"
            for line in page
        )
        + "</body></html>"
    )
    report, findings = check_document(html.encode(), "2019.html")
    assert report.cells["applications.granted.total"] is None
    uncertain = [
        f
        for f in findings
        if f.code == "CHECK_UNCERTAIN" and "applications.granted.total" in f.cells
    ]
    assert uncertain and uncertain[0].severity is Severity.INFO
