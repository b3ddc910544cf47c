"""The backup file: one tar archive holding the database dump, the uploaded files under `media/`
and, last, `manifest.json`, which gives every other member's SHA-256 and size.

Written to a hidden temporary file beside the destination and renamed into place, so a backup
file either is complete or does not exist. Read back member by member, each hashed while it is
copied to the place the caller chooses (or only hashed), and held to the manifest before the
caller uses any of it. Because the manifest comes last, an archive cut short anywhere is caught:
either a member's data ends early or the manifest is missing.

No Django here: the caller says what to put in and where to put it out.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import tarfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

FORMAT = "gongkai-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1 << 20
_MANIFEST_MAX = 256 << 20  # a manifest of millions of files is still far below this
_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class BackupError(Exception):
    """Why the archive cannot be used, in one Chinese line."""


@dataclass(frozen=True)
class Entry:
    sha256: str
    size: int


@dataclass
class Manifest:
    vendor: str
    gongkai_version: str
    created_at: str
    migrations: dict[str, list[str]]
    tables: dict[str, int]  # rows per table, as dumped
    database: Entry
    files: dict[str, Entry] = field(default_factory=dict)  # path under MEDIA_ROOT → entry
    derived_tables: list[str] = field(default_factory=list)  # dumped without rows; rebuilt
    missing_files: list[str] = field(default_factory=list)  # named by the database, not on disk
    format: str = FORMAT

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.vendor]

    @property
    def size(self) -> int:
        return self.database.size + sum(entry.size for entry in self.files.values())

    def summary(self) -> str:
        vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[self.vendor]
        return (
            f"gongkai {self.gongkai_version}，{vendor} 数据库 {len(self.tables)} 张表 "
            f"{sum(self.tables.values())} 行，上传文件 {len(self.files)} 个，"
            f"共 {self.size / 1024 / 1024:.1f} MB"
        )

    def members(self) -> dict[str, Entry]:
        out = {MEDIA + path: entry for path, entry in self.files.items()}
        out[self.database_member] = self.database
        return out

    def to_json(self) -> bytes:
        data: dict[str, Any] = {
            "format": self.format,
            "gongkai_version": self.gongkai_version,
            "created_at": self.created_at,
            "database": {"vendor": self.vendor, "member": self.database_member,
                         "sha256": self.database.sha256, "size": self.database.size},
            "migrations": self.migrations,
            "tables": self.tables,
            "derived_tables": self.derived_tables,
            "files": {p: {"sha256": e.sha256, "size": e.size} for p, e in self.files.items()},
            "missing_files": self.missing_files,
        }  # fmt: skip
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise BackupError(f"备份清单的格式“{data.get('format')}”不是本程序能读的 {FORMAT}")
            for table in [*data["tables"], *data.get("derived_tables", [])]:
                if not _TABLE_NAME.fullmatch(str(table)):
                    raise BackupError(f"备份清单中的表名“{table}”不合规范，拒绝使用")
            database = data["database"]
            if database["vendor"] not in DATABASE_MEMBERS:
                raise BackupError(f"备份中的数据库类型“{database['vendor']}”无法识别")
            return cls(
                vendor=database["vendor"],
                gongkai_version=str(data["gongkai_version"]),
                created_at=str(data["created_at"]),
                migrations={str(a): [str(n) for n in ns] for a, ns in data["migrations"].items()},
                tables={str(t): int(n) for t, n in data["tables"].items()},
                database=Entry(str(database["sha256"]), int(database["size"])),
                files={
                    _media_path(p): Entry(str(e["sha256"]), int(e["size"]))
                    for p, e in data["files"].items()
                },
                derived_tables=[str(t) for t in data.get("derived_tables", [])],
                missing_files=[str(p) for p in data.get("missing_files", [])],
            )
        except BackupError:
            raise
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"备份清单已损坏，无法读取（{type(exc).__name__}）") from None


def _media_path(path: str) -> str:
    """A relative path without `..`, as it may be placed under MEDIA_ROOT."""
    pure = PurePosixPath(path)
    if (
        not path
        or pure.is_absolute()
        or any(part in ("", ".", "..") for part in path.split("/"))
        or "\x00" in path
        or "\\" in path
    ):
        raise BackupError(f"备份中有不安全的文件路径“{path}”，拒绝使用")
    return path


class _Hashing:
    """Hands the file's bytes to tarfile and hashes them on the way."""

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.hash, self.size = file, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.file.read(n)
        self.hash.update(data)
        self.size += len(data)
        return data


class Writer:
    """`with Writer(out) as w: w.add(...); w.finish(manifest)` — `out` appears only complete.

    The file is created readable by its owner only: it holds applicants' personal data."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.partial = out.parent / f".{out.name}.{secrets.token_hex(4)}.partial"
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._tar = tarfile.TarFile(fileobj=self._file, mode="w", format=tarfile.PAX_FORMAT)
        self._done = False

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._done:
            self._tar.close()
            self._file.close()
            self.partial.unlink(missing_ok=True)

    def add(self, name: str, path: Path) -> Entry:
        """Copies the file in; its hash is of exactly the bytes written."""
        with path.open("rb") as file:
            stat = os.fstat(file.fileno())
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
            reading = _Hashing(file)
            try:
                self._tar.addfile(info, reading)
            except OSError as exc:
                if exc.errno is None:  # tarfile's "unexpected end of data": the file shrank
                    raise BackupError(f"文件 {path} 在备份过程中被改动，请重新备份") from None
                raise
        return Entry(reading.hash.hexdigest(), reading.size)

    def finish(self, manifest: Manifest) -> None:
        raw = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(raw), 0, 0o600
        self._tar.addfile(info, io.BytesIO(raw))
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self.partial.replace(self.out)
        self._done = True
        directory = os.open(self.out.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)


def _damaged(exc: BaseException) -> BackupError:
    detail = str(exc).strip() or type(exc).__name__
    if "could not be opened" in detail or "truncated header" in detail:
        return BackupError("这不是 gongkai 的备份文件（无法作为 tar 归档打开），或文件已损坏")
    if "end of data" in detail or "ended before" in detail or isinstance(exc, EOFError):
        detail = "数据提前结束"
    return BackupError(f"备份文件已损坏或不完整（{detail[:120]}），未做任何改动")


def peek(path: Path) -> Manifest:
    """The manifest alone, unverified: enough to refuse early (another database, a newer
    version) without reading every member."""
    try:
        with tarfile.open(path, "r:*") as tar:
            member = tar.getmember(MANIFEST)
            if not member.isfile() or member.size > _MANIFEST_MAX:
                raise BackupError("备份清单不是普通文件或过大")
            file = tar.extractfile(member)
            assert file is not None
            return Manifest.from_json(file.read())
    except KeyError:
        raise BackupError("这不是 gongkai 的备份文件，或备份不完整：找不到备份清单") from None
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise _damaged(exc) from None
    except OSError as exc:
        if exc.filename is None:  # gzip's BadGzipFile and the like: the content, not the disk
            raise _damaged(exc) from None
        raise


def read(path: Path, place: Callable[[str], Path | None]) -> Manifest:
    """Reads every member, copying each to `place(name)` (or only hashing it when None), and
    checks them all against the manifest. Raises BackupError; what was placed is then the
    caller's to remove."""
    found: dict[str, Entry] = {}
    raw_manifest: bytes | None = None
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                name = member.name
                if name in found or (name == MANIFEST and raw_manifest is not None):
                    raise BackupError(f"备份中“{name}”出现了两次，拒绝使用")
                if not member.isfile():
                    raise BackupError(f"备份中有不应出现的条目“{name}”（不是普通文件），拒绝使用")
                if name == MANIFEST:
                    if member.size > _MANIFEST_MAX:
                        raise BackupError("备份清单过大，拒绝使用")
                    source = tar.extractfile(member)
                    assert source is not None
                    raw_manifest = _read_exactly(source, member.size)
                    continue
                if name.startswith(MEDIA):
                    _media_path(name[len(MEDIA) :])
                elif name not in DATABASE_MEMBERS.values():
                    raise BackupError(f"备份中有不应出现的条目“{name}”，拒绝使用")
                source = tar.extractfile(member)
                assert source is not None
                found[name] = _copy(source, member.size, place(name))
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise _damaged(exc) from None
    except OSError as exc:
        if exc.filename is None and exc.errno is None:
            raise _damaged(exc) from None
        raise
    if raw_manifest is None:
        raise BackupError("备份文件不完整或不是 gongkai 的备份：找不到备份清单，未做任何改动")
    manifest = Manifest.from_json(raw_manifest)
    expected = manifest.members()
    for name, entry in expected.items():
        got = found.get(name)
        if got is None:
            raise BackupError(f"备份中缺少清单列出的“{name}”，未做任何改动")
        if got != entry:
            raise BackupError(
                f"校验不符：“{name}”的 SHA-256 或大小与备份清单不一致，备份已损坏，未做任何改动"
            )
    extra = sorted(found.keys() - expected.keys())
    if extra:
        raise BackupError(f"备份中有清单未列出的“{extra[0]}”，拒绝使用")
    return manifest


def _read_exactly(source: IO[bytes], size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupError("备份文件不完整：数据提前结束，未做任何改动")
    return data


def _copy(source: IO[bytes], size: int, target: Path | None) -> Entry:
    digest, done = hashlib.sha256(), 0
    out = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = target.open("xb")
    try:
        while done < size:
            chunk = source.read(min(_CHUNK, size - done))
            if not chunk:
                raise BackupError("备份文件不完整：数据提前结束，未做任何改动")
            digest.update(chunk)
            done += len(chunk)
            if out is not None:
                out.write(chunk)
    finally:
        if out is not None:
            out.close()
    return Entry(digest.hexdigest(), done)
