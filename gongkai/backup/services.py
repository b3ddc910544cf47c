"""`gongkai backup` and `gongkai restore`: the configured database and MEDIA_ROOT into one
archive, and back into an empty installation.

Restore refuses before touching anything when the archive is damaged (every member is hashed
against the manifest first), comes from the other database engine or from a newer gongkai, or
when the installation already holds data (unless `replace`). The database is then put back
whole or not at all (see `databases`), the files are moved into place from a staging directory
on the same file system, and the search index is rebuilt: it is derived from the records and
never in a backup.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import FileField
from django.utils import timezone

from gongkai.backup import archive
from gongkai.backup.archive import BackupError, Entry, Manifest
from gongkai.backup.databases import (
    DERIVED_TABLES,
    MIGRATE_TABLES,
    Database,
    Postgres,
    Sqlite,
)

# Top-level entries of MEDIA_ROOT that are restore's own (staging, files moved aside), never
# uploads: Django's storage never starts a name with a dot.
_OWN = (".restore-", ".before-restore-")

Say = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def database() -> Database:
    connection = connections["default"]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("内存中的 SQLite 数据库无法备份或恢复")
        return Sqlite(Path(name))
    if connection.vendor == "postgresql":
        return Postgres(connection)
    raise BackupError(f"不支持备份 {connection.vendor} 数据库（只支持 SQLite 和 PostgreSQL）")


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def _file_columns() -> list[tuple[str, str]]:
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, FileField)
    ]


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path under MEDIA_ROOT, file) for every regular file, in a stable order."""
    if not root.is_dir():
        return
    for directory, dirs, files in os.walk(root):
        here = Path(directory)
        if here == root:
            dirs[:] = [d for d in dirs if not d.startswith(_OWN)]
            files = [f for f in files if not f.startswith(_OWN)]
        dirs.sort()
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def _version() -> str:
    try:
        return metadata.version("gongkai")
    except metadata.PackageNotFoundError:
        return "unknown"


def _destination(out: Path) -> Path:
    if out.is_dir():
        return out / f"gongkai-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
    if not out.parent.is_dir():
        raise BackupError(f"目录 {out.parent} 不存在")
    return out


def create_backup(out: Path, say: Say = _quiet) -> tuple[Path, Manifest]:
    """Writes the backup to `out` (a file, or a directory to name one in) and returns where."""
    target = _destination(out).resolve()
    media = _media_root()
    if target.is_relative_to(media):
        raise BackupError(f"备份文件不能放在上传目录 {media} 之内")
    db = database()
    with _errors(), tempfile.TemporaryDirectory(dir=target.parent, prefix=".gongkai-") as work:
        say(f"正在复制数据库（{_VENDORS[db.vendor]}）……")
        dump = Path(work) / archive.DATABASE_MEMBERS[db.vendor]
        snapshot = db.dump(dump, _file_columns())
        say("正在写入备份文件……")
        with archive.Writer(target) as writer:
            database_entry = writer.add(archive.DATABASE_MEMBERS[db.vendor], dump)
            dump.unlink()
            files: dict[str, Entry] = {}
            for name, path in _media_files(media):
                try:
                    files[name] = writer.add(archive.MEDIA + name, path)
                except FileNotFoundError:
                    continue  # deleted since the walk saw it (a draft's attachment removed)
            manifest = Manifest(
                vendor=db.vendor,
                gongkai_version=_version(),
                created_at=timezone.localtime().isoformat(timespec="seconds"),
                migrations=snapshot.migrations,
                tables=snapshot.tables,
                database=database_entry,
                files=files,
                derived_tables=snapshot.derived,
                missing_files=sorted(snapshot.files - files.keys()),
            )
            writer.finish(manifest)
    return target, manifest


def verify(path: Path) -> Manifest:
    """Reads the whole archive and checks every member against the manifest; writes nothing."""
    with _errors():
        return archive.read(_existing(path), lambda name: None)


@dataclass
class Restored:
    manifest: Manifest
    indexed: int
    migrated: bool
    set_aside: Path | None  # with `replace`: where the files that were there went


def restore(path: Path, replace: bool = False, say: Say = _quiet) -> Restored:
    path = _existing(path)
    db = database()
    with _errors():
        declared = archive.peek(path)
        _check_compatible(declared, db)
        data_tables, has_tables = holdings(db)
        media = _media_root()
        media_files = next(iter(_media_files(media)), None)
        if (data_tables or media_files) and not replace:
            held = []
            if data_tables:
                held.append(
                    f"数据库中已有数据（{'、'.join(data_tables[:3])} 等 {len(data_tables)} 张表）"
                )
            if media_files:
                held.append(f"上传目录 {media} 中已有文件")
            raise BackupError(
                f"目标平台不是空的：{'；'.join(held)}。恢复只用于空的平台；"
                "确需用备份替换现有数据时，请加 --replace（原有上传文件会移到一旁保留）"
            )
        created_media = not media.exists()
        media.mkdir(parents=True, exist_ok=True)
        staging = media / f"{_OWN[0]}{os.urandom(4).hex()}"
        staging.mkdir()
        staged_db = db.staging(staging)
        loaded = placed = False
        try:
            say("正在读取并校验备份文件……")

            def place(name: str) -> Path | None:
                if name == archive.DATABASE_MEMBERS[db.vendor]:
                    return staged_db
                relative = name.removeprefix(archive.MEDIA)
                if relative.startswith(_OWN):
                    raise BackupError(f"备份中有不应出现的文件“{relative}”，拒绝使用")
                return staging / "media" / relative

            manifest = archive.read(path, place)
            _check_compatible(manifest, db)
            say(f"校验通过：{manifest.summary()}")
            say(f"正在恢复数据库（{_VENDORS[db.vendor]}）……")
            connections.close_all()
            db.load(staged_db, manifest, clear=has_tables)
            loaded = True
            rows = sum(manifest.tables.values())
            say(f"各表行数与备份清单一致（{len(manifest.tables)} 张表，共 {rows} 行）")
            say("正在放回上传的文件……")
            try:
                set_aside = _put_media(staging / "media", media, staging, replace)
            except OSError as exc:
                raise BackupError(
                    f"数据库已恢复，但上传文件未能全部放回（{exc.strerror}）：请把 "
                    f"{staging / 'media'} 中的文件移入 {media}"
                ) from None
            placed = True
        finally:
            if placed or not loaded:  # else the files wait in staging for the operator
                shutil.rmtree(staging, ignore_errors=True)
            staged_db.unlink(missing_ok=True)
            if created_media and not loaded:
                shutil.rmtree(media, ignore_errors=True)
        if manifest.missing_files:
            say(
                f"注意：备份时数据库引用的 {len(manifest.missing_files)} 个文件不在上传目录中"
                f"（如 {manifest.missing_files[0]}），这些附件无法下载"
            )
        migrated = _migrate_if_needed(say)
        say("正在重建全文检索索引……")
        try:
            from gongkai.search import services as search

            indexed = search.rebuild()
        except Exception as exc:  # the data is back; only the derived index is missing
            raise BackupError(
                f"数据已恢复，但全文检索索引重建失败（{exc}）；请运行 gongkai reindex"
            ) from None
    return Restored(manifest, indexed, migrated, set_aside)


_VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}")
    return path


@contextmanager
def _errors() -> Iterator[None]:
    """The file system's and the database's errors as one Chinese line."""
    try:
        yield
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise BackupError(f"无法读写{where}：{exc.strerror or exc}") from None
    except DatabaseError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(f"数据库出错：{detail}") from None


def _check_compatible(manifest: Manifest, db: Database) -> None:
    if manifest.vendor != db.vendor:
        raise BackupError(
            f"这份备份来自 {_VENDORS[manifest.vendor]} 数据库，当前平台配置的是 "
            f"{_VENDORS[db.vendor]}；不支持跨数据库恢复，请把 DATABASE_URL 设为"
            f" {_VENDORS[manifest.vendor]} 数据库后再恢复"
        )
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    newer = sorted(
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if (app, name) not in known
    )
    if newer:
        raise BackupError(
            f"这份备份来自较新的 gongkai（{manifest.gongkai_version}，有本程序没有的迁移 "
            f"{newer[0]} 等 {len(newer)} 项），请先升级本程序再恢复"
        )


def holdings(db: Database) -> tuple[list[str], bool]:
    """Tables holding rows beyond what `migrate` writes, and whether there are tables at all.
    Through Django's connection, so that it sees what this process sees."""
    if isinstance(db, Sqlite) and (not db.path.exists() or db.path.stat().st_size == 0):
        return [], False
    connection = connections["default"]
    with connection.cursor() as cursor:
        tables = [
            t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")
        ]
        held = []
        for table in tables:
            if table in MIGRATE_TABLES or table in DERIVED_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                held.append(table)
    return held, bool(tables)


def _put_media(staged: Path, media: Path, staging: Path, replace: bool) -> Path | None:
    aside: Path | None = None
    for entry in sorted(media.iterdir()):
        if entry == staging or entry.name.startswith(_OWN[1]):
            continue
        if replace:
            if aside is None:
                aside = media / f"{_OWN[1]}{timezone.localtime():%Y%m%d-%H%M%S}"
                aside.mkdir()
            entry.replace(aside / entry.name)
        else:
            _remove_empty(entry)  # no files were there (checked): only empty directories
    if staged.is_dir():
        for entry in sorted(staged.iterdir()):
            entry.replace(media / entry.name)
    return aside


def _remove_empty(entry: Path) -> None:
    for directory, _, _ in sorted(os.walk(entry), key=lambda walked: -len(walked[0])):
        Path(directory).rmdir()  # fails, rather than deletes, if a file appeared meanwhile


def _migrate_if_needed(say: Say) -> bool:
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    connection = connections["default"]
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    say("备份来自较早的版本：正在执行数据库迁移……")
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except Exception as exc:  # the backup's data is back whole; only the upgrade is missing
        raise BackupError(
            f"数据已恢复，但数据库迁移失败（{exc}）；请运行 manage.py migrate"
        ) from None
    return True
