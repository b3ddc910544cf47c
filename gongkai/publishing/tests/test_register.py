"""The normative-document register reproduces the seed's Table 二 line through the web page."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from gongkai.publishing.models import NormativeDocument, NormativeKind


def test_register_reproduces_the_seed_table_two(office, client: Client) -> None:
    # 27 documents issued 2015–2020 and still in force, one repealed in 2020, one issued in 2021.
    for number in range(27):
        NormativeDocument.objects.create(
            agency=office.agency,
            kind=NormativeKind.NORMATIVE,
            title=f"关于规范管理的通知（{number}）",
            doc_number=f"洛开管〔{2015 + number % 6}〕{number + 1}号",
            issued_on=date(2015 + number % 6, 3, 1) + timedelta(days=number),
        )
    NormativeDocument.objects.create(
        agency=office.agency, kind=NormativeKind.NORMATIVE, title="已废止的办法",
        doc_number="洛开管〔2016〕99号", issued_on=date(2016, 1, 4),
        ended_on=date(2020, 9, 1), end_kind="repealed",
    )  # fmt: skip
    client.force_login(office.editor)
    response = client.post(
        reverse("office:normative") + "?year=2021",
        {
            "agency": office.agency.pk,
            "kind": NormativeKind.NORMATIVE,
            "title": "洛阳高新区政府信息公开工作办法",
            "doc_number": "洛开管〔2021〕3号",
            "issued_on": "2021-06-18",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("office:normative") + "?year=2021")
    counts = page.context["counts"]
    assert (counts["normative_documents"].issued, counts["normative_documents"].repealed,
            counts["normative_documents"].in_force) == (1, 0, 28)  # fmt: skip
    assert (counts["regulations"].issued, counts["regulations"].in_force) == (0, 0)


def test_register_refuses_a_duplicate_and_bad_dates(office, client: Client) -> None:
    client.force_login(office.editor)
    data = {
        "agency": office.agency.pk,
        "kind": NormativeKind.NORMATIVE,
        "title": "办法",
        "doc_number": "洛开管〔2021〕3号",
        "issued_on": "2021-06-18",
    }
    assert client.post(reverse("office:normative"), data).status_code == 302
    again = client.post(reverse("office:normative"), data)
    assert "本机关已登记过这个文号" in again.content.decode()
    bad = client.post(
        reverse("office:normative"),
        {**data, "doc_number": "x", "ended_on": "2020-01-01", "end_kind": "repealed"},
    )
    assert "不能早于制发日期" in bad.content.decode()
    assert NormativeDocument.objects.count() == 1
    nonsense = client.post(reverse("office:normative"), {**data, "issued_on": "2021-02-30"})
    assert nonsense.status_code == 200 and "有效日期" in nonsense.content.decode()


def test_figures_entered_and_imported(office, client: Client) -> None:
    from gongkai.publishing.models import ProactiveFigure

    client.force_login(office.editor)
    url = reverse("office:figures") + "?year=2021"
    missing_source = client.post(url, {"licensing_value": "3"})
    assert "请注明数据来源" in missing_source.content.decode()
    assert (
        client.post(url, {"licensing_value": "3", "licensing_source": "审批系统"}).status_code
        == 302
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "年度,事项,数值,数据来源\n2021,行政处罚,0,执法台账\n2021,fees,0.1250,财务\n".encode(
        "gb18030"
    )
    response = client.post(url, {"import": "1", "file": SimpleUploadedFile("f.csv", csv)})
    assert response.status_code == 302
    values = {f.item: f.value for f in ProactiveFigure.objects.filter(year=2021)}
    assert (
        values["licensing"] == 3 and values["punishment"] == 0 and str(values["fees"]) == "0.1250"
    )
    bad = client.post(
        url, {"import": "1", "file": SimpleUploadedFile("f.csv", b"2021,unknown,1,x\n")}
    )
    assert "事项“unknown”不认识" in bad.content.decode()
