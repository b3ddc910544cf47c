"""What `gongkai restore` (and `gongkai backup`) refuse, as an operator meets it: one Chinese line
on stderr, exit status 2, no traceback, and nothing in the installation changed. Then the
database step alone, on each engine: a wrong count or a broken dump leaves the target as it was.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import tarfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection

from gongkai.backup import archive, services
from gongkai.backup.archive import BackupError, Entry, Manifest
from gongkai.backup.databases import Postgres, Sqlite
from gongkai.backup.tests.conftest import postgres_connect
from gongkai.cli import main
from gongkai.orgs.models import Agency

pytestmark = pytest.mark.django_db
ATTACHMENT = "attachments/1/2026/03/通知.pdf"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def _backup(tmp_path: Path, capsys: Any) -> Path:
    out = tmp_path / "gongkai.tar"
    assert main(["backup", str(out)]) == 0
    capsys.readouterr()
    return out


def _refused(capsys: Any, *args: str) -> str:
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def _untouched(media: Path, files: dict[str, bytes]) -> None:
    """The files are where they were, and neither staging nor a set-aside copy is left."""
    found = {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }
    assert found == files
    assert not [p for p in media.iterdir() if p.name.startswith(".")] if media.exists() else True
    if connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"])
        assert not list(database.parent.glob(f".{database.name}.restore-*"))


def test_a_freshly_migrated_database_holds_nothing() -> None:
    assert services.holdings(services.database()) == ([], True)


def test_an_installation_with_data_is_refused_unless_replace(
    office: Any, media: Path, tmp_path: Path, capsys: Any
) -> None:
    out = _backup(tmp_path, capsys)  # the committed (empty) database: a valid archive
    (media / "attachments").mkdir(parents=True)
    (media / ATTACHMENT).parent.mkdir(parents=True)
    (media / ATTACHMENT).write_bytes(b"%PDF-1.7 kept")
    line = _refused(capsys, "restore", str(out))
    assert line.startswith("gongkai restore：目标平台不是空的：数据库中已有数据（")
    assert f"上传目录 {media.resolve()} 中已有文件" in line and "请加 --replace" in line
    assert Agency.objects.filter(pk=office.agency.pk).exists()
    _untouched(media, {ATTACHMENT: b"%PDF-1.7 kept"})


def test_files_alone_make_an_installation_not_empty(
    media: Path, tmp_path: Path, capsys: Any
) -> None:
    out = _backup(tmp_path, capsys)
    (media / "x.pdf").parent.mkdir(parents=True)
    (media / "x.pdf").write_bytes(b"%PDF")
    line = _refused(capsys, "restore", str(out))
    assert "上传目录" in line and "数据库中已有数据" not in line


def _damaged(good: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    data = good.read_bytes()
    with tarfile.open(good) as tar:
        database = tar.getmember(archive.DATABASE_MEMBERS[connection.vendor]).offset_data
        attachment = tar.getmember(archive.MEDIA + ATTACHMENT).offset_data
    out = {}
    for label, (content, message) in {
        "truncated": (data[: len(data) // 2], "备份文件已损坏或不完整"),
        "database changed": (_flip(data, database + 40), "校验不符：“database."),
        "attachment changed": (_flip(data, attachment + 3), f"校验不符：“media/{ATTACHMENT}”"),
        "not an archive": (b"\x89PNG\r\n" + bytes(3000), "不是 gongkai 的备份文件"),
    }.items():
        path = tmp_path / f"{label}.tar"
        path.write_bytes(content)
        out[label] = (path, message)
    return out


def _flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x20
    return bytes(changed)


def test_a_damaged_archive_is_refused_before_anything_is_touched(
    office: Any, media: Path, tmp_path: Path, capsys: Any
) -> None:
    (media / ATTACHMENT).parent.mkdir(parents=True)
    (media / ATTACHMENT).write_bytes(b"%PDF-1.7 original")
    good = _backup(tmp_path, capsys)
    # --replace: the most destructive restore, stopped by the verification alone.
    for label, (path, message) in _damaged(good, tmp_path).items():
        line = _refused(capsys, "restore", "--replace", str(path))
        assert message in line, label
        assert Agency.objects.filter(pk=office.agency.pk).exists(), label
        _untouched(media, {ATTACHMENT: b"%PDF-1.7 original"})
        assert message in _refused(capsys, "restore", "--check", str(path))
    assert main(["restore", "--check", str(good)]) == 0
    assert "校验通过" in capsys.readouterr().out
    assert "找不到备份文件" in _refused(capsys, "restore", str(tmp_path / "no-such.tar"))


def _archive(tmp_path: Path, **changes: Any) -> Path:
    """A well-formed archive whose manifest says what `changes` say."""
    dump = tmp_path / "dump"
    dump.write_bytes(b"not read: refused first")
    vendor = changes.get("vendor", connection.vendor)
    out = tmp_path / "crafted.tar"
    with archive.Writer(out) as writer:
        entry = writer.add(archive.DATABASE_MEMBERS[vendor], dump)
        manifest = Manifest(vendor=vendor, gongkai_version="9.9", created_at="2030-01-01",
                            migrations={}, tables={}, database=entry)  # fmt: skip
        writer.finish(dataclasses.replace(manifest, **changes))
    return out


def test_another_engine_or_a_newer_gongkai_is_refused(
    media: Path, tmp_path: Path, capsys: Any
) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    line = _refused(capsys, "restore", str(_archive(tmp_path, vendor=other)))
    assert "不支持跨数据库恢复" in line
    newer = _archive(tmp_path, migrations={"orgs": ["0001_initial", "0999_from_the_future"]})
    line = _refused(capsys, "restore", str(newer))
    assert "来自较新的 gongkai（9.9，有本程序没有的迁移 orgs.0999_from_the_future" in line
    _untouched(media, {})
    assert not media.exists()


def test_a_missing_pg_dump_is_one_line(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match=r"^找不到 pg_dump：.*apt-get install postgresql-client"):
        Postgres(connection).dump(tmp_path / "dump", [])
    with pytest.raises(BackupError, match=r"^找不到 pg_restore"):
        Postgres(connection).load(tmp_path / "dump", _manifest({}), clear=False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="backs up the PostgreSQL database")
def test_backup_without_pg_dump_writes_nothing(
    media: Path, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    out = tmp_path / "backups"
    out.mkdir()
    assert "找不到 pg_dump" in _refused(capsys, "backup", str(out))
    assert list(out.iterdir()) == []


def _manifest(tables: dict[str, int], vendor: str = "sqlite") -> Manifest:
    return Manifest(vendor=vendor, gongkai_version="0", created_at="", migrations={},
                    tables=tables, database=Entry("", 0))  # fmt: skip


def test_sqlite_a_copy_that_does_not_match_its_manifest_is_not_put_in_place(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source.sqlite3"
    with sqlite3.connect(source) as database:
        database.execute("CREATE TABLE orgs_agency (id integer PRIMARY KEY, name text)")
        database.executemany("INSERT INTO orgs_agency (name) VALUES (?)", [("甲",), ("乙",)])
    staged = tmp_path / "staged"
    snapshot = Sqlite(source).dump(staged, [("orgs_agency", "name")])
    assert snapshot.tables == {"orgs_agency": 2} and snapshot.files == {"甲", "乙"}
    target = Sqlite(tmp_path / "live.sqlite3")
    target.path.write_bytes(b"")  # an empty file, as a first connection leaves
    with pytest.raises(
        BackupError, match="表 orgs_agency 恢复出 2 行，备份清单为 3 行，未做任何改动"
    ):
        target.load(staged, _manifest({"orgs_agency": 3}), clear=False)
    assert target.path.read_bytes() == b"" and staged.exists()
    target.load(staged, _manifest({"orgs_agency": 2}), clear=False)
    with sqlite3.connect(target.path) as database:
        assert database.execute("SELECT name FROM orgs_agency ORDER BY id").fetchall() == [
            ("甲",),
            ("乙",),
        ]


def _tables(settings: dict[str, Any]) -> int:
    with postgres_connect(settings) as database:
        row = database.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
        return int(row[0])


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "postgresql", reason="restores into PostgreSQL")
def test_postgres_a_wrong_count_or_a_broken_dump_rolls_everything_back(
    tmp_path: Path, scratch_postgres: dict[str, Any]
) -> None:
    dump = tmp_path / "database.pgdump"
    snapshot = Postgres(connection).dump(dump, [])
    right = dataclasses.replace(
        _manifest(snapshot.tables, "postgresql"), derived_tables=snapshot.derived
    )
    wrong = dataclasses.replace(right, tables={**right.tables, "django_migrations": 1})
    target = Postgres(SimpleNamespace(settings_dict=scratch_postgres))
    with pytest.raises(
        BackupError, match=r"^恢复数据库失败，已全部回滚：表 django_migrations 恢复出"
    ):
        target.load(dump, wrong, clear=False)
    assert _tables(scratch_postgres) == 0
    broken = tmp_path / "broken.pgdump"
    broken.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    with pytest.raises(BackupError, match=r"^pg_restore 失败，数据库未改动"):
        target.load(broken, right, clear=False)
    assert _tables(scratch_postgres) == 0
    target.load(dump, right, clear=False)
    assert _tables(scratch_postgres) == len(right.tables) + len(right.derived_tables)
    target.load(dump, right, clear=True)  # a migrated or used database: replaced whole
    with pytest.raises(BackupError, match="已全部回滚"):
        target.load(dump, wrong, clear=True)  # the DROP SCHEMA rolled back with the rest
    assert _tables(scratch_postgres) == len(right.tables) + len(right.derived_tables)
