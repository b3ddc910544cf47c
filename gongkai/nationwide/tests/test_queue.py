"""The national audit end to end with the immediate backend (each task runs where it is queued):
`gongkai check --queue DIR`, the stored results, `--results` with its CSV, a task run twice."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from gongkai.cli import main
from gongkai.nationwide import services, tasks
from gongkai.nationwide.models import AuditBatch, AuditResult, Status
from gongkai.reports.batch import SUMMARY_FIELDS
from gongkai.reports.tests.conftest import GOLDEN, SEED

pytestmark = pytest.mark.django_db

REPORTS = (SEED, GOLDEN / "hongze-district-2024.pdf", GOLDEN / "huaian-city-2024.pdf")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    (reports / "jiangsu").mkdir(parents=True)
    shutil.copy(SEED, reports / SEED.name)
    for path in REPORTS[1:]:
        shutil.copy(path, reports / "jiangsu" / path.name)
    (reports / "junk.pdf").write_bytes(b"%PDF-1.4\n not a report")
    (reports / "notes.xlsx").write_bytes(b"not a report format")  # not a report suffix: left out
    return reports


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), sorted(reader, key=lambda row: row["path"])


def test_queue_then_results_as_gongkai_check_dir(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--queue", str(folder)]) == 0
    out = capsys.readouterr().out
    batch_id = int(re.search(r"已排入第 (\d+) 批：4 份报告", out).group(1))  # type: ignore[union-attr]
    assert f"gongkai check --results {batch_id}" in out and "db_worker" in out

    audit = AuditBatch.objects.get(pk=batch_id)
    assert audit.file_count == 4 and audit.source == str(folder.resolve())
    results = {Path(r.path).name: r for r in audit.results.all()}
    assert set(results) == {p.name for p in REPORTS} | {"junk.pdf"}
    assert results["junk.pdf"].status == Status.UNREADABLE and results["junk.pdf"].reason
    seed = results[SEED.name]
    assert seed.status == Status.OK and seed.year == 2021 and seed.agency
    assert seed.seconds is not None and seed.worker and seed.finished
    assert len(seed.findings) == seed.errors + seed.warnings + seed.infos
    assert all({"code", "severity", "message"} <= set(f) for f in seed.findings)

    queued_csv = tmp_path / "queued.csv"
    assert main(["check", "--results", str(batch_id), "--csv", str(queued_csv)]) == 2
    out = capsys.readouterr().out
    assert "共 4 份：已核对 4 份，待核对 0 份；无法读取 1 份" in out
    assert "junk.pdf" in out and "最慢" in out and "尚有" not in out

    # The same files through `gongkai check DIR`: the same columns and, file by file, the same
    # row (no two reports of one agency in consecutive years here, so no cross-year pairing).
    direct_csv = tmp_path / "direct.csv"
    assert main(["check", str(folder.resolve()), "--summary", str(direct_csv)]) == 2
    queued_fields, queued_rows = _csv(queued_csv)
    direct_fields, direct_rows = _csv(direct_csv)
    assert queued_fields == direct_fields == list(SUMMARY_FIELDS)
    assert queued_rows == direct_rows


def test_results_while_pending_and_exit_status(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in folder.rglob("junk.pdf"):
        path.unlink()
    audit = services.queue(str(folder))
    assert main(["check", "--results", str(audit.pk)]) == 0  # the golden reports have no error
    AuditResult.objects.filter(batch=audit, path__endswith=SEED.name).update(status=Status.PENDING)
    assert main(["check", "--results", str(audit.pk)]) == 0
    out = capsys.readouterr().out
    assert "待核对 1 份" in out and "尚有 1 份待核对" in out


def test_a_task_run_twice_stores_one_result(folder: Path) -> None:
    audit = services.queue(str(folder))
    path = str(folder.resolve() / SEED.name)
    first = AuditResult.objects.get(batch=audit, path=path)
    assert tasks.check_file.call(audit.pk, path) == Status.OK
    assert AuditResult.objects.filter(batch=audit, path=path).count() == 1
    assert AuditResult.objects.get(pk=first.pk).finished == first.finished  # not read again

    # A result row that was never created (a task queued by hand) is created once, then kept.
    extra = str(folder.resolve() / "jiangsu" / "huaian-city-2024.pdf")
    AuditResult.objects.filter(batch=audit, path=extra).delete()
    for _ in range(2):
        assert tasks.check_file.call(audit.pk, extra) == Status.OK
    assert AuditResult.objects.filter(batch=audit, path=extra).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditResult.objects.create(batch=audit, path=extra)


def test_a_task_for_a_deleted_batch_does_nothing(folder: Path) -> None:
    audit = services.queue(str(folder))
    batch_id = audit.pk
    audit.delete()
    assert tasks.check_file.call(batch_id, str(folder / SEED.name)) == "deleted"
    assert not AuditResult.objects.exists()


def test_queue_refuses_what_holds_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--queue", str(tmp_path)]) == 2
    assert "没有可核对的报告文件" in capsys.readouterr().err
    assert main(["check", "--queue", str(tmp_path / "missing")]) == 2
    assert "不是目录" in capsys.readouterr().err
    assert main(["check", "--results", "999"]) == 2
    assert "没有第 999 批核对" in capsys.readouterr().err
    assert not AuditBatch.objects.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", str(SEED), "--queue", "."],
        ["check", "--queue", ".", "--results", "1"],
        ["check", str(SEED), "--csv", "x.csv"],
    ],
)
def test_bad_combinations_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "参数错误" in capsys.readouterr().err
