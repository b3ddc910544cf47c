"""The hostile-file corpus (gongkai/core/tests/files.py) through every path a file comes in by:
`gongkai check`, the report checker page and its API, and an editor's attachment upload. Each is answered
within 10 s with a Chinese reason, no process goes past 512 MB (the parsing workers cannot:
core/tests/test_bounded.py), no 5xx, and a draft is never lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.core.tests.files import Hostile, corpus
from gongkai.publishing.models import Attachment, Column, Publication

SECONDS = 10.0
MEMORY_MB = 512
# The web paths run in this test process, which is already as large as the tests before made
# it; what a request adds is measured instead. A serving process starts at about 150 MB
# (bench/hostile.py measures gunicorn's workers), so a request may add at most this much.
REQUEST_MB = MEMORY_MB - 150 - 100  # and 100 MB to spare
FILES = corpus()
IDS = [h.name for h in FILES]
pytestmark = pytest.mark.slow

# Runs a command and prints the largest resident set of it and everything it waited for.
_PEAK = (
    "import resource, subprocess, sys; "
    "result = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr); "
    "sys.exit(result.returncode)"
)


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current size


def _peak_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmHWM")


def _timed_post(client: Client, url: str, data: dict[str, object]) -> tuple[object, float, int]:
    """The response, its seconds, and how far it raised this process's resident memory."""
    _reset_peak()
    before = _peak_mb()
    start = time.monotonic()
    response = client.post(url, data)
    return response, time.monotonic() - start, _peak_mb() - before


@pytest.mark.parametrize("hostile", FILES, ids=IDS)
def test_cli(hostile: Hostile, tmp_path: Path) -> None:
    path = tmp_path / hostile.name
    path.write_bytes(hostile.data)
    script = Path(sys.executable).with_name("gongkai")
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, str(script), "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - start
    *message, peak = result.stderr.strip().splitlines()
    assert elapsed <= SECONDS and int(peak) <= MEMORY_MB, (elapsed, peak)
    assert "Traceback" not in result.stderr
    if result.returncode == 2:  # refused: one line saying why
        assert message and message[0].startswith(f"无法读取 {path}：")
    else:  # read (it is not a report, and the findings say so)
        assert result.returncode == 1 and "结果：错误" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", FILES, ids=IDS)
def test_report_checker_page(hostile: Hostile) -> None:
    upload = SimpleUploadedFile(hostile.name, hostile.data)
    response, elapsed, added = _timed_post(Client(), reverse("reports:check"), {"file": upload})
    assert elapsed <= SECONDS and added <= REQUEST_MB, (elapsed, added)
    page = response.content.decode()
    if response.status_code == 422:
        assert "无法读取" in page or "文件过大" in page
        assert "请选择一个报告文件" not in page  # the file came: one reason, the right one
    else:
        assert response.status_code == 200 and "核对结果" in page


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", FILES, ids=IDS)
def test_checker_api(hostile: Hostile) -> None:
    """POST /api/v1/check: the upload page's limits, the answer a problem in Chinese or the
    report as read (and never the rate limit: each test is a fresh cache)."""
    upload = SimpleUploadedFile(hostile.name, hostile.data)
    response, elapsed, added = _timed_post(Client(), reverse("api:check"), {"file": upload})
    assert elapsed <= SECONDS and added <= REQUEST_MB, (elapsed, added)
    body = json.loads(response.content)
    if response.status_code == 422:
        assert response["Content-Type"] == "application/problem+json"
        assert body["errors"] == ["file"] and (
            "无法读取" in body["detail"] or "过大" in body["detail"]
        )
    else:
        assert response.status_code == 200 and body["schema"] == "gongkai.report/1"


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", FILES, ids=IDS)
def test_attachment_upload_keeps_the_draft(hostile: Hostile, office) -> None:  # type: ignore[no-untyped-def]
    editor = Client()
    editor.force_login(office.editor)
    column = Column.objects.get(agency=office.agency, slug="tzgg")
    form = {
        "column": column.pk,
        "title": "关于公布年度报告附件的通知",
        "publisher": office.agency.name,
        "written_on": "2026-03-09",
        "topic": "综合政务",
        "validity": "valid",
        "body": "<p>正文照旧保留。</p>",
    }
    assert editor.post(reverse("office:publication_new"), form).status_code == 302
    draft = Publication.objects.get()
    before = (draft.title, draft.body, draft.version)
    upload = SimpleUploadedFile(hostile.name, hostile.data)
    response, elapsed, added = _timed_post(
        editor,
        reverse("office:publication_edit", args=[draft.pk]),
        {**form, "title": "改过的标题", "version": draft.version, "uploads": [upload]},
    )
    assert elapsed <= SECONDS and added <= REQUEST_MB, (elapsed, added)
    assert response.status_code == 200  # the form again, with the reason, not a 5xx
    page = response.content.decode()
    assert f"附件“{hostile.name}”" in page
    assert 'value="改过的标题"' in page and "正文照旧保留" in page  # what was typed is kept
    draft.refresh_from_db()
    assert (draft.title, draft.body, draft.version) == before  # and the saved draft untouched
    assert not Attachment.objects.exists()


# The spreadsheet imports read files too (core.sheets, in the same bounded workers): the
# register (XLSX or CSV) and the four-column CSV imports of the publishing registers.


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", FILES, ids=IDS)
def test_register_import(hostile: Hostile) -> None:
    from gongkai.applications.models import ImportBatch
    from gongkai.applications.tests import factories
    from gongkai.orgs.models import Role

    agency = factories.agency()
    head = Client()
    head.force_login(factories.staff(agency, Role.HEAD))
    upload = SimpleUploadedFile(hostile.name, hostile.data)
    response, elapsed, added = _timed_post(
        head, reverse("office:register_import"), {"agency": agency.pk, "file": upload}
    )
    assert elapsed <= SECONDS and added <= REQUEST_MB, (elapsed, added)
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", FILES, ids=IDS)
def test_csv_import(hostile: Hostile, office) -> None:  # type: ignore[no-untyped-def]
    from gongkai.publishing.models import ProactiveFigure

    editor = Client()
    editor.force_login(office.editor)
    upload = SimpleUploadedFile(hostile.name, hostile.data)
    response, elapsed, added = _timed_post(
        editor, reverse("office:figures"), {"import": "1", "file": upload}
    )
    assert elapsed <= SECONDS and added <= REQUEST_MB, (elapsed, added)
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not ProactiveFigure.objects.exists()
