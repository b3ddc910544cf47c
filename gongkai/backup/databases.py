"""The database in a backup, per engine: a consistent copy with the facts the manifest records
(applied migrations, rows per table, the file names the records hold), and putting a copy
back whole or not at all.

- SQLite: the online backup API copies the live file in one step (a consistent snapshot; in
  WAL mode the server's writers are not held up). Restoring checks the copy (quick_check, rows
  per table) and renames it over the configured file.
- PostgreSQL: a read-only REPEATABLE READ transaction exports its snapshot; `pg_dump --snapshot`
  dumps exactly what that transaction sees, so the counts and the dump agree whatever the server
  writes meanwhile. Restoring streams `pg_restore`'s script into one `psql` transaction that
  ends with the row-count check and only then COMMIT: any error, a short script or a wrong count
  leaves the database as it was.

Tables the search engine derives from the records are dumped without their rows: `gongkai
restore` rebuilds the index, as it does the tantivy directory.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from gongkai.backup.archive import BackupError, Manifest
from gongkai.search import postgres_engine

# What `manage.py migrate` writes into a new database: such a database is still empty.
MIGRATE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
DERIVED_TABLES = (
    postgres_engine.TABLE,
    postgres_engine.TEXT_TABLE,
    f"{postgres_engine.TABLE}_meta",
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

FileColumns = Iterable[tuple[str, str]]  # (table, column) of every FileField


@dataclass
class Snapshot:
    migrations: dict[str, list[str]]
    tables: dict[str, int]
    files: set[str]
    derived: list[str]


class Database(Protocol):
    vendor: str

    def dump(self, dest: Path, file_columns: FileColumns) -> Snapshot: ...

    def staging(self, beside: Path) -> Path: ...

    def load(self, staged: Path, manifest: Manifest, clear: bool) -> None: ...


def quote(name: str) -> str:
    if not _IDENTIFIER.fullmatch(name):
        raise BackupError(f"表名“{name}”不合规范，拒绝使用")
    return f'"{name}"'


def _snapshot(cursor: Any, tables_sql: str, file_columns: FileColumns) -> Snapshot:
    cursor.execute(tables_sql)
    tables = sorted(row[0] for row in cursor.fetchall())
    derived = [t for t in tables if t in DERIVED_TABLES]
    counts = {}
    for table in tables:
        if table not in derived:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            counts[table] = int(cursor.fetchone()[0])
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    files: set[str] = set()
    for table, column in file_columns:
        if table in tables:
            cursor.execute(
                f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''"
            )
            files.update(row[0] for row in cursor.fetchall())
    return Snapshot(migrations, counts, files, derived)


def _count_mismatch(manifest: Manifest, counts: dict[str, int]) -> str | None:
    if set(counts) != set(manifest.tables):
        differ = sorted(set(counts) ^ set(manifest.tables))
        return f"恢复出的表与备份清单不一致（{'、'.join(differ[:5])}）"
    for table, rows in sorted(manifest.tables.items()):
        if counts[table] != rows:
            return f"表 {table} 恢复出 {counts[table]} 行，备份清单为 {rows} 行"
    return None


class Sqlite:
    vendor = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path

    _TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"

    def dump(self, dest: Path, file_columns: FileColumns) -> Snapshot:
        if not self.path.is_file():
            raise BackupError(f"找不到数据库文件 {self.path}")
        source = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, timeout=20)
        copy = sqlite3.connect(dest)
        try:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
            return _snapshot(copy.cursor(), self._TABLES, file_columns)
        except sqlite3.Error as exc:
            raise BackupError(f"无法复制 SQLite 数据库：{exc}") from None
        finally:
            copy.close()
            source.close()

    def staging(self, beside: Path) -> Path:
        # Beside the database file, so that the rename into place is atomic.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self.path.parent / f".{self.path.name}.restore-{os.urandom(4).hex()}"

    def load(self, staged: Path, manifest: Manifest, clear: bool) -> None:
        copy = sqlite3.connect(staged)
        try:
            (check,) = copy.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise BackupError(f"备份中的 SQLite 数据库文件已损坏（{check}），未做任何改动")
            cursor = copy.cursor()
            cursor.execute(self._TABLES)
            counts = {}
            for (table,) in cursor.fetchall():
                cursor.execute(f"SELECT count(*) FROM {quote(table)}")
                counts[table] = int(cursor.fetchone()[0])
        except sqlite3.Error as exc:
            raise BackupError(
                f"备份中的 SQLite 数据库文件无法打开（{exc}），未做任何改动"
            ) from None
        finally:
            copy.close()
        problem = _count_mismatch(manifest, counts)
        if problem:
            raise BackupError(f"{problem}，未做任何改动")
        # A journal left by the old file would be replayed into the new one: remove it first.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        staged.replace(self.path)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 数据库的备份和恢复需要 PostgreSQL 客户端工具"
            "（Debian/Ubuntu：apt-get install postgresql-client），版本不低于数据库服务器"
        )
    return found


def _first_error(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    for line in lines:
        if "ERROR:" in line or "错误:" in line or "FATAL:" in line:
            return line.split("ERROR:", 1)[-1].strip()
    return lines[-1] if lines else "没有输出错误信息"


class Postgres:
    vendor = "postgresql"

    _TABLES = """SELECT c.relname FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"""

    def __init__(self, connection: Any) -> None:
        self.connection = connection  # Django's, for its settings only

    def environment(self) -> dict[str, str]:
        """The connection settings as libpq's variables (no password on a command line)."""
        from django.db.backends.postgresql.client import DatabaseClient

        settings = self.connection.settings_dict
        _, env = DatabaseClient.settings_to_cmd_args_env(settings, [])
        env = dict(env or {})
        for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                              ("NAME", "PGDATABASE")):  # fmt: skip
            if settings.get(key):
                env[variable] = str(settings[key])
        if settings["OPTIONS"].get("options"):
            env["PGOPTIONS"] = str(settings["OPTIONS"]["options"])
        return {**os.environ, **env, "PGCLIENTENCODING": "UTF8"}

    def dump(self, dest: Path, file_columns: FileColumns) -> Snapshot:
        import psycopg

        pg_dump = _tool("pg_dump")
        try:
            raw = psycopg.connect(**self.connection.get_connection_params())
        except psycopg.Error as exc:
            raise BackupError(f"无法连接数据库：{_first_error(str(exc).encode())}") from None
        try:
            raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            raw.read_only = True
            with raw.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                row = cursor.fetchone()
                assert row is not None
                snapshot = _snapshot(cursor, self._TABLES, file_columns)
            excluded = [f"--exclude-table-data=public.{quote(t)}" for t in snapshot.derived]
            done = subprocess.run(
                [pg_dump, "--format=custom", f"--snapshot={row[0]}", f"--file={dest}", *excluded],
                env=self.environment(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=False,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_dump 失败：{_first_error(done.stderr)}")
            return snapshot
        finally:
            raw.rollback()
            raw.close()

    def staging(self, beside: Path) -> Path:
        return beside / "database.pgdump"

    def load(self, staged: Path, manifest: Manifest, clear: bool) -> None:
        pg_restore, psql = _tool("pg_restore"), _tool("psql")
        env = self.environment()
        with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
            apply = subprocess.Popen(
                [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err, env=env,
            )  # fmt: skip
            restore = subprocess.Popen(
                [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(staged)],
                stdout=subprocess.PIPE, stderr=restore_err, env=env,
            )  # fmt: skip
            assert apply.stdin is not None and restore.stdout is not None
            finished = False
            try:
                apply.stdin.write(b"SET client_min_messages = warning;\nBEGIN;\n")
                if clear:  # a migrated (or, with --replace, used) database: replaced whole
                    apply.stdin.write(
                        b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
                        b"GRANT USAGE ON SCHEMA public TO PUBLIC;\n"
                    )
                shutil.copyfileobj(restore.stdout, apply.stdin)
                if restore.wait() == 0:
                    # Only a whole script, with every table's rows as counted, is committed.
                    apply.stdin.write(_check_sql(manifest) + b"COMMIT;\n")
                    finished = True
                apply.stdin.close()
            except BrokenPipeError:
                finished = False  # psql stopped at an error; its message is read below
            finally:
                if not finished:
                    apply.kill()  # the open transaction dies with the session
                restore.stdout.close()
                restore.wait()
                apply.wait()
            if finished and apply.returncode == 0:
                return
            psql_err.seek(0)
            restore_err.seek(0)
            psql_said, restore_said = psql_err.read(), restore_err.read()
            psql_stopped_itself = apply.returncode not in (0, -signal.SIGKILL)
            if restore.returncode != 0 and not psql_stopped_itself:
                raise BackupError(f"pg_restore 失败，数据库未改动：{_first_error(restore_said)}")
            raise BackupError(f"恢复数据库失败，已全部回滚：{_first_error(psql_said)}")


def _check_sql(manifest: Manifest) -> bytes:
    """A DO block that raises (and so rolls the restore back) unless the tables and their rows
    are what the manifest says."""
    names = sorted(set(manifest.tables) | set(manifest.derived_tables))
    lines = [
        "DO $gongkai$ DECLARE found bigint; BEGIN",
        f"SELECT count(*) INTO found FROM ({Postgres._TABLES}) AS t;",
        f"IF found <> {len(names)} THEN RAISE EXCEPTION "
        f"'恢复出 % 张表，备份清单为 {len(names)} 张', found; END IF;",
    ]
    for table, rows in sorted(manifest.tables.items()):
        lines.append(f"SELECT count(*) INTO found FROM public.{quote(table)};")
        lines.append(
            f"IF found <> {int(rows)} THEN RAISE EXCEPTION "
            f"'表 {table} 恢复出 % 行，备份清单为 {int(rows)} 行', found; END IF;"
        )
    lines.append("END $gongkai$;")
    return ("\n".join(lines) + "\n").encode("utf-8")
