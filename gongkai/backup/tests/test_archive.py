"""The archive alone (no database): what is written is read back byte for byte, and every way an
archive can be damaged is refused before anything is placed where the caller uses it."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest

from gongkai.backup import archive
from gongkai.backup.archive import BackupError, Entry, Manifest

FILES = {
    "attachments/3/2026/03/演练方案.docx": b"PK\x03\x04" + b"x" * 5000,
    "disputes/2021/a.pdf": b"%PDF-1.7 ...",
}
DUMP = b"SQLite format 3\x00" + bytes(range(256)) * 40


def _manifest(**overrides: object) -> Manifest:
    fields: dict[str, object] = {
        "vendor": "sqlite",
        "gongkai_version": "0.1.0",
        "created_at": "2026-12-06T03:30:00+08:00",
        "migrations": {"orgs": ["0001_initial"]},
        "tables": {"orgs_agency": 2},
        "database": Entry(hashlib.sha256(DUMP).hexdigest(), len(DUMP)),
    }
    fields.update(overrides)
    return Manifest(**fields)  # type: ignore[arg-type]


def _write(tmp_path: Path, name: str = "backup.tar") -> Path:
    sources = tmp_path / "sources"
    (sources / "media").mkdir(parents=True)
    (sources / "database.sqlite3").write_bytes(DUMP)
    out = tmp_path / name
    with archive.Writer(out) as writer:
        database = writer.add("database.sqlite3", sources / "database.sqlite3")
        files = {}
        for relative, data in FILES.items():
            path = sources / "media" / relative.replace("/", "_")
            path.write_bytes(data)
            files[relative] = writer.add(archive.MEDIA + relative, path)
        writer.finish(_manifest(database=database, files=files))
    return out


def _member_offset(path: Path, name: str) -> int:
    with tarfile.open(path) as tar:
        return tar.getmember(name).offset_data


def test_what_is_written_is_read_back(tmp_path: Path) -> None:
    out = _write(tmp_path)
    assert out.stat().st_mode & 0o777 == 0o600  # applicants' personal data: owner only
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with tarfile.open(out) as tar:
        assert tar.getnames()[-1] == archive.MANIFEST  # last, so a cut archive has none
    placed = tmp_path / "placed"
    manifest = archive.read(out, lambda name: placed / name)
    assert manifest.database == Entry(hashlib.sha256(DUMP).hexdigest(), len(DUMP))
    assert (placed / "database.sqlite3").read_bytes() == DUMP
    for relative, data in FILES.items():
        assert (placed / "media" / relative).read_bytes() == data
        assert manifest.files[relative] == Entry(hashlib.sha256(data).hexdigest(), len(data))
    assert archive.peek(out) == manifest
    assert manifest.summary().startswith("gongkai 0.1.0，SQLite 数据库 1 张表 2 行，上传文件 2 个")


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "backup.tar"
    with pytest.raises(FileNotFoundError), archive.Writer(out) as writer:
        writer.add("database.sqlite3", tmp_path / "no-such-file")
    assert list(tmp_path.iterdir()) == []


def _damaged_copies(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = _write(tmp_path).read_bytes()
    cases: dict[str, tuple[bytes, str]] = {}
    cases["cut in the database"] = (good[:1500], "数据提前结束")
    manifest_header = _member_offset(tmp_path / "backup.tar", archive.MANIFEST) - 512
    cases["cut before the manifest"] = (good[:manifest_header], "找不到备份清单")
    flipped = bytearray(good)
    flipped[_member_offset(tmp_path / "backup.tar", "database.sqlite3") + 100] ^= 0x01
    cases["a byte changed"] = (bytes(flipped), "校验不符：“database.sqlite3”")
    cases["not a tar file"] = (b"<html>not found</html>" * 40, "不是 gongkai 的备份文件")
    cases["empty"] = (b"", "不是 gongkai 的备份文件")
    out = {}
    for label, (data, message) in cases.items():
        path = tmp_path / f"{label}.tar"
        path.write_bytes(data)
        out[label] = (path, message)
    return out


def test_damaged_archives_are_refused_and_what_was_placed_is_reported(tmp_path: Path) -> None:
    for label, (path, message) in _damaged_copies(tmp_path).items():
        with pytest.raises(BackupError) as refused:
            archive.read(path, lambda name: None)
        assert message in str(refused.value), label
        assert "\n" not in str(refused.value)


def test_a_member_the_manifest_does_not_list_or_an_unsafe_path_is_refused(tmp_path: Path) -> None:
    good = _write(tmp_path)
    manifest = archive.read(good, lambda name: None)
    extra = tmp_path / "extra.tar"
    with archive.Writer(extra) as writer:
        (tmp_path / "d").write_bytes(DUMP)
        writer.add("database.sqlite3", tmp_path / "d")
        writer.add("media/unlisted.txt", tmp_path / "d")
        writer.finish(_manifest())
    with pytest.raises(BackupError, match=r"清单未列出的“media/unlisted\.txt”"):
        archive.read(extra, lambda name: None)
    for unsafe in ("../etc/passwd", "/etc/passwd", "a/../../b", ""):
        evil = tmp_path / "evil.tar"
        with tarfile.open(evil, "w") as tar:
            info = tarfile.TarInfo(archive.MEDIA + unsafe)
            tar.addfile(info)
        with pytest.raises(BackupError, match="不安全的文件路径"):
            archive.read(evil, lambda name: None)
    with pytest.raises(BackupError, match="不安全的文件路径"):
        Manifest.from_json(manifest.to_json().replace(b"disputes/2021/a.pdf", b"../../a.pdf"))
    with pytest.raises(BackupError, match="表名"):
        Manifest.from_json(manifest.to_json().replace(b'"orgs_agency"', b'"x\\"; DROP"'))
