"""Scratch PostgreSQL databases for restores (the PostgreSQL pass of the suite only), and the
rows of every table of a database, by primary key, for comparing two databases."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from gongkai.backup.databases import DERIVED_TABLES


@pytest.fixture
def scratch_postgres() -> Iterator[dict[str, Any]]:
    """A new, empty database on the suite's server: its Django settings (NAME changed)."""
    if connection.vendor != "postgresql":
        pytest.skip("restoring into PostgreSQL runs in the PostgreSQL pass of the suite")
    import psycopg

    name = f"gongkai_scratch_{secrets.token_hex(4)}"
    admin = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with psycopg.connect(**admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_url(settings: dict[str, Any]) -> str:
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(str(settings['PASSWORD']), safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def postgres_connect(settings: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


Rows = dict[str, dict[tuple[Any, ...], tuple[Any, ...]]]


def sqlite_rows(path: Path) -> Rows:
    with sqlite3.connect(path) as database:
        cursor = database.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        )
        tables = sorted(row[0] for row in cursor.fetchall())
        keys = {}
        for table in tables:
            info = cursor.execute(f'PRAGMA table_info("{table}")').fetchall()
            keys[table] = [name for _, name, *_, pk in sorted(info, key=lambda c: c[5]) if pk]
        return _rows(cursor, tables, keys)


def postgres_rows(settings: dict[str, Any]) -> Rows:
    with postgres_connect(settings) as database, database.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"""
        )
        tables = sorted(row[0] for row in cursor.fetchall())
        keys = {}
        for table in tables:
            cursor.execute(
                """SELECT a.attname FROM pg_index i
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                   WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum""",
                [f'public."{table}"'],
            )
            keys[table] = [row[0] for row in cursor.fetchall()]
        return _rows(cursor, tables, keys)


def _rows(cursor: Any, tables: list[str], keys: dict[str, list[str]]) -> Rows:
    """Every row of every table (the search engine's derived tables aside: restore rebuilds
    them), keyed by its primary key (the whole row where a table has none)."""
    out: Rows = {}
    for table in tables:
        if table in DERIVED_TABLES:
            continue
        cursor.execute(f'SELECT * FROM "{table}"')
        columns = [d[0] for d in cursor.description]
        at = [columns.index(k) for k in keys[table]] or list(range(len(columns)))
        rows = cursor.fetchall()
        out[table] = {tuple(row[i] for i in at): tuple(row) for row in rows}
        assert len(out[table]) == len(rows), table
    return out
