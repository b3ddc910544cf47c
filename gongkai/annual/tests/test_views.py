"""The upload page: a user checks a report in the browser and downloads the result."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from gongkai.reports.parse import parse_document
from gongkai.reports.tests.conftest import GOLDEN, SEED

URL = "/reports/check/"
pytestmark = pytest.mark.django_db  # the site header reads the session


def _upload(client: Client, path: Path, **extra: object) -> HttpResponse:
    return client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), **extra})


def test_form_is_labelled_and_in_chinese(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-CN">' in page
    for field in ("id_file", "id_text", "id_previous"):
        assert f'<label for="{field}">' in page
    assert 'href="#main"' in page  # skip link for keyboard users
    assert "年度报告核对" in client.get("/").content.decode()  # linked from the home page


def test_upload_a_pdf_shows_tables_and_marked_cells(client: Client) -> None:
    response = _upload(client, GOLDEN / "hongze-district-2024.pdf")
    assert response.status_code == 200
    page = response.content.decode()
    assert "核对结果：淮安市洪泽区人民政府 2024年度" in page
    # 「区政府办代表区政府受理…17件」 against the district's 95: another scope, a warning
    assert "正文称收到申请数为17件，表中对应数字为95件" in page
    assert "两者统计范围可能不同" in page
    cell = re.search(
        r'<td data-cell="applications.new.total" class="mark-warning" aria-describedby="(finding-\d+)">95</td>',
        page,
    )
    assert cell, "the questioned cell is marked and points at its finding"
    assert f'id="{cell.group(1)}"' in page
    assert page.count('<table class="report"') == 3


def test_paste_text(client: Client) -> None:
    response = client.post(URL, {"text": SEED.read_text(encoding="utf-8")})
    assert response.status_code == 200
    assert "洛阳高新技术产业开发区管理委员会党政办公室" in response.content.decode()


def test_previous_year_upload(client: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    earlier = SEED.read_text(encoding="utf-8").replace("2021年", "2020年")
    earlier = earlier.replace("四、结转下年度继续办理\t\t0", "四、结转下年度继续办理\t\t4")
    response = client.post(
        URL,
        {
            "file": SimpleUploadedFile("2021.txt", SEED.read_bytes()),
            "previous": SimpleUploadedFile("2020.txt", earlier.encode()),
        },
    )
    assert "而2020年报告“结转下年度继续办理”为4" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择一个报告文件，或粘贴报告全文。"),
        ({"text": "   "}, "请选择一个报告文件，或粘贴报告全文。"),
        ({"text": "随便写的一段话。"}, "可能不是年度报告"),
        ({"file": SimpleUploadedFile("r.pdf", b"%PDF-1.4 broken")}, "无法读取：PDF"),
        ({"file": SimpleUploadedFile("r.txt", b"x"), "text": "y"}, "请只选择一种方式"),
        (
            {
                "file": SimpleUploadedFile("r.txt", b"x"),
                "previous": SimpleUploadedFile("p.docx", b"PK\x03\x04junk"),
            },
            "无法读取上一年度报告",
        ),
    ],
)
def test_bad_submissions_get_a_chinese_reason(
    client: Client, data: dict[str, object], message: str
) -> None:
    response = client.post(URL, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page


def test_upload_size_limit(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REPORT_UPLOAD_MAX_BYTES = 1000
    response = client.post(URL, {"file": SimpleUploadedFile("big.txt", b"x" * 5000)})
    assert response.status_code == 422
    assert "文件过大" in response.content.decode()


@pytest.mark.parametrize("fmt", ["json", "html", "docx", "pdf", "md"])
def test_downloads_read_back_as_the_same_report(client: Client, fmt: str) -> None:
    page = _upload(client, SEED).content.decode()
    hidden = re.search(r'name="report" value="([^"]*)"', page)
    assert hidden
    report_json = html.unescape(hidden.group(1))
    response = client.post(reverse("reports:export"), {"report": report_json, "fmt": fmt})
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    original, _ = parse_document(SEED.read_bytes(), SEED.name)
    assert parse_document(response.content, f"download.{fmt}")[0] == original
    if fmt == "json":
        assert len(json.loads(response.content)["findings"]) == 1  # one LAYOUT_REPAIRED


def test_export_rejects_tampered_data(client: Client) -> None:
    response = client.post(reverse("reports:export"), {"report": '{"schema": "x"}', "fmt": "pdf"})
    assert response.status_code == 400
    assert "报告数据无效" in response.content.decode()
    assert client.post(reverse("reports:export"), {"fmt": "zip"}).status_code == 400
    assert client.get(reverse("reports:export")).status_code == 405


def test_export_of_a_report_with_megabytes_of_text_is_refused_in_time(client: Client) -> None:
    """Anyone can post a report to the export: 1.5 million characters of prose would keep
    WeasyPrint busy for minutes; the bounded worker stops it and the reader is told why."""
    import json
    import random
    import time

    from gongkai.reports import examples

    data = examples.generate(random.Random(1), "2021").to_json([])
    data["sections"]["overview"] = "政府信息公开工作总体情况。" * 120_000
    start = time.monotonic()
    response = client.post(
        reverse("reports:export"), {"report": json.dumps(data, ensure_ascii=False), "fmt": "pdf"}
    )
    assert time.monotonic() - start < 12
    assert response.status_code == 422 and "报告内容过长" in response.content.decode()
    data["sections"]["overview"] = "政府信息公开工作总体情况。"  # an ordinary report still exports
    response = client.post(
        reverse("reports:export"), {"report": json.dumps(data, ensure_ascii=False), "fmt": "pdf"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
