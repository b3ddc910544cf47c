"""`gongkai backup`, then `gongkai restore` into a fresh database and MEDIA_ROOT (another
process, configured as a new machine would be): every table's rows equal by primary key, every
uploaded file equal by hash, and search finds the published item, by its title and by the text
of its attachment, in the index the restore rebuilt.

The source is the test database with committed data (agencies, staff, cases with their events,
a published item with a DOCX attachment, a draft with a PDF, a dispute with its judgment)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gongkai.backup.tests.conftest import postgres_rows, postgres_url, sqlite_rows
from gongkai.cli import main
from gongkai.core.workflow import SystemActor

SYSTEM = SystemActor("测试数据")  # records decided by the platform, as a register import

# A Tuesday morning; the search below is run at the next day's, so that nothing in this test
# depends on the machine's clock.
MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ROOT = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.time_machine(MORNING),
]

SEARCH = """
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import django
import time_machine

django.setup()
from gongkai.search import services
from gongkai.search.engine import Filters

with time_machine.travel(datetime(2026, 3, 11, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
    for word in sys.argv[1:]:
        page = services.search(word, Filters())
        print(word, page.total, *[hit.publication.title for hit in page.hits], sep="|")
"""


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _seed(office: Any) -> None:
    from gongkai.applications import services as cases
    from gongkai.applications.tests import factories
    from gongkai.disputes.models import Dispute, DisputeDocument, Kind, Result, Stage
    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Column

    column = Column.objects.get(agency=office.agency, slug="tzgg")
    item = publishing.save_draft(
        office.editor,
        publishing.Draft(
            column=column,
            title="关于开展备份恢复演练的通知",
            publisher=office.agency.name,
            written_on=date(2026, 3, 9),
            doc_number="洛开管〔2026〕7号",
            body="<p>请各单位做好数据备份。</p>",
        ),
        uploads=[SimpleUploadedFile("演练方案.docx", _docx("演练方案：异地机房恢复校验"))],
    )
    item = publishing.act(office.editor, item, "submit", item.version)
    item = publishing.act(office.reviewer, item, "approve", item.version, note="同意公开")
    publishing.act(office.editor, item, "publish", item.version)
    publishing.save_draft(
        office.editor,
        publishing.Draft(column=column, title="尚未发布的草稿", publisher="党政办",
                         written_on=date(2026, 3, 10)),
        uploads=[SimpleUploadedFile("草稿附件.pdf", _pdf())],
    )  # fmt: skip
    answered = factories.case(office.agency, date(2026, 2, 24))
    answered = cases.decide(answered, SYSTEM, on=date(2026, 3, 3), outcome="granted",
                            today_=date(2026, 3, 10))  # fmt: skip
    cases.serve(answered, SYSTEM, on=date(2026, 3, 3), method="direct", today_=date(2026, 3, 10))
    factories.case(office.agency, date(2026, 3, 9))  # still open
    dispute = Dispute.objects.create(
        agency=office.agency, kind=Kind.LITIGATION_DIRECT, body="洛阳市西工区人民法院",
        case_number="（2026）豫0303行初7号", application=answered, filed_on=date(2026, 1, 5),
        decided_on=date(2026, 3, 2), stage=Stage.DECIDED, result=Result.UPHELD,
    )  # fmt: skip
    document = DisputeDocument(dispute=dispute, title="判决书")
    document.file.save("判决书.pdf", ContentFile(_pdf()))


def _hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _round_trip(office: Any, tmp_path: Path, settings: Any, capsys: Any, url: str) -> Path:
    """Seeds, backs up in this process, restores into `url` in another; returns its media."""
    media, restored_media = tmp_path / "media", tmp_path / "restored" / "media"
    settings.MEDIA_ROOT = str(media)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    _seed(office)
    out = tmp_path / "backups" / "gongkai.tar"
    out.parent.mkdir()
    assert main(["backup", str(out)]) == 0
    assert "上传文件 3 个" in capsys.readouterr().out
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(restored_media),
        "SEARCH_INDEX_DIR": str(tmp_path / "restored" / "index"),
        "SEARCH_BACKEND": django_settings.SEARCH_BACKEND,
    }
    restored = _run(["-m", "gongkai.cli", "restore", str(out)], env)
    assert restored.returncode == 0, restored.stderr
    assert "恢复完成" in restored.stdout and "检索索引已重建（1 条已发布信息）" in restored.stdout
    assert "各表行数与备份清单一致" in restored.stdout and not restored.stderr

    assert _hashes(restored_media) == _hashes(media)
    assert len(_hashes(media)) == 3  # the DOCX, the draft's PDF, the judgment
    found = _run(["-c", SEARCH, "备份恢复演练", "异地机房", "没有的词"], env)
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines() == [
        "备份恢复演练|1|关于开展备份恢复演练的通知",
        "异地机房|1|关于开展备份恢复演练的通知",  # the attachment's text
        "没有的词|0",
    ]
    return restored_media


def _assert_same_rows(source: dict[str, Any], restored: dict[str, Any]) -> None:
    assert restored.keys() == source.keys()
    for table in source:
        assert restored[table] == source[table], table
    models = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert models <= source.keys()
    for table in (
        "orgs_agency", "applications_application", "applications_caseevent",
        "publishing_publication", "publishing_attachment", "publishing_publicationevent",
        "disputes_disputedocument",
    ):  # fmt: skip
        assert source[table], f"{table} is empty: the comparison would prove nothing"


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite round trip runs in the SQLite pass"
)
def test_sqlite_round_trip(office: Any, tmp_path: Path, settings: Any, capsys: Any) -> None:
    target = tmp_path / "restored" / "db.sqlite3"
    _round_trip(office, tmp_path, settings, capsys, f"sqlite:///{target}")
    _assert_same_rows(sqlite_rows(Path(connection.settings_dict["NAME"])), sqlite_rows(target))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL round trip runs in its pass"
)
def test_postgres_round_trip(
    office: Any, tmp_path: Path, settings: Any, capsys: Any, scratch_postgres: dict[str, Any]
) -> None:
    _round_trip(office, tmp_path, settings, capsys, postgres_url(scratch_postgres))
    _assert_same_rows(postgres_rows(connection.settings_dict), postgres_rows(scratch_postgres))
