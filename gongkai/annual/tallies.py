"""The report's counts, kept by the database as the records change.

A report counts a year of items and cases; an agency publishing 100,000 items a year would make
every report build read them all. Triggers on the items, cases and applicants keep per-year
tallies instead (PublicationTally, CaseTally), in the same transaction as the change, so every
way of writing (services, bulk imports, the admin, raw SQL) keeps them right. The tallies count
exactly what the record queries count (`published_in`, `applications.stats.table_three`);
`differences` compares the two, and the tests hold them equal on SQLite and PostgreSQL.

What they count is defined once, in Python: a case's events (`applications.cells.events`: which
year, outcome, applicant kind and lateness) and which Table 三 cells they make
(`cells.table_three`, which `table_three` here calls); an item's lateness (`publishing.lateness`,
whose SQL form the triggers run). The triggers are SQL and cannot call Python, so
annual/tests/test_tally_property.py holds them to `cells.events` over random cases. Table names
come from the models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db import connection

from gongkai.annual.models import CaseTally, PublicationTally
from gongkai.applications import cells
from gongkai.applications.models import Applicant, Application
from gongkai.publishing import lateness
from gongkai.publishing.models import Publication

ITEMS, CASES, APPLICANTS = (
    Publication._meta.db_table,
    Application._meta.db_table,
    Applicant._meta.db_table,
)
PUBLICATION_TALLY, CASE_TALLY = PublicationTally._meta.db_table, CaseTally._meta.db_table
# A year is the local (Asia/Shanghai, settings.TIME_ZONE) year. SQLite has no time zones: the
# zone has kept UTC+8 without summer time since 1991, so a fixed offset is exact.
RECEIVED, CONCLUDED = cells.RECEIVED, cells.CONCLUDED
ZONE, SQLITE_OFFSET = "Asia/Shanghai", "+8 hours"


def publications(agency_id: int, year: int) -> tuple[Counter[int], int]:
    """Items published in the year per column, and how many of them late."""
    per_column: Counter[int] = Counter()
    late = 0
    rows = _read(
        f"SELECT column_id, late, n FROM {PUBLICATION_TALLY} WHERE agency_id = %s AND year = %s",
        [agency_id, year],
    )
    for column_id, is_late, n in rows:
        per_column[column_id] += n
        late += n if is_late else 0
    return per_column, late


def table_three(agency_id: int, year: int) -> dict[str, int]:
    """Table 三 from the tallies: the events they keep, counted by applications.cells, the one
    definition of which cell a case counts in (open at a year's end = received by then minus
    concluded by then)."""
    # The definition treats every event before the year alike (it counts towards what was
    # carried in, whatever its outcome), so those are summed here, as one earlier year: a
    # decade of tally rows becomes a few dozen, and the report reads them in a millisecond.
    rows = _read(
        f"""SELECT event, CASE WHEN year = %s THEN year ELSE %s END,
                   kind,
                   CASE WHEN year = %s THEN outcome ELSE '' END,
                   CASE WHEN year = %s THEN late ELSE FALSE END,
                   SUM(n)
            FROM {CASE_TALLY}
            WHERE agency_id = %s AND year <= %s AND n <> 0
            GROUP BY 1, 2, 3, 4, 5""",
        [year, year - 1, year, year, agency_id, year],
    )
    return cells.table_three(
        (
            (cells.Event(event, y, kind, outcome, bool(late)), n)
            for event, y, kind, outcome, late, n in rows
        ),
        year,
    )


def late_replies(agency_id: int, year: int) -> int:
    """Cases concluded in the year after their deadline."""
    rows = _read(
        f"""SELECT SUM(n) FROM {CASE_TALLY}
            WHERE agency_id = %s AND year = %s AND event = %s AND late""",
        [agency_id, year, CONCLUDED],
    )
    return int(rows[0][0] or 0)


def _read(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Plain SQL: a report reads a few dozen tally rows, and the ORM's building of each query
    would take longer than the database's answer."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def differences(agency_id: int, year: int) -> dict[str, tuple[int, int]]:
    """Where the tallies and a count of the records disagree: {what: (tallied, counted)}."""
    from gongkai.annual.collect import published_in
    from gongkai.applications import stats

    records = Application.objects.filter(agency_id=agency_id)
    counted: Counter[str] = Counter(stats.table_three(records, year))
    counted["late_replies"] = records.concluded_in(year).filter(met_deadline=False).count()
    items = published_in(agency_id, year).values_list("column_id", "publish_workdays")
    for column_id, workdays in items:
        counted[f"publications.{column_id}"] += 1
        counted["publications.late"] += lateness.is_late(workdays)
    per_column, late = publications(agency_id, year)
    tallied = Counter(table_three(agency_id, year))
    tallied["late_replies"] = late_replies(agency_id, year)
    tallied.update({f"publications.{c}": n for c, n in per_column.items()})
    tallied["publications.late"] = late
    return {
        key: (tallied[key], counted[key])
        for key in sorted(set(tallied) | set(counted))
        if tallied[key] != counted[key]
    }


def rebuild() -> None:
    """Recount every tally from the records (after installing the triggers on existing data)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PUBLICATION_TALLY}")
        cursor.execute(f"DELETE FROM {CASE_TALLY}")
        for statement in _publication_rows("p", "1", f"FROM {ITEMS} p", "TRUE"):
            cursor.execute(statement)
        kind = f"(SELECT kind FROM {APPLICANTS} WHERE id = c.applicant_id)"
        for statement in _case_rows("c", kind, "1", f"FROM {CASES} c", "TRUE"):
            cursor.execute(statement)


# The triggers. Each change subtracts the old row's counts and adds the new row's; the same
# statements (an upsert per tally) serve both databases, wrapped in each one's trigger syntax.


def _year(expression: str, moment: bool = False) -> str:
    if connection.vendor == "postgresql":
        local = f"({expression} AT TIME ZONE '{ZONE}')" if moment else expression
        return f"CAST(EXTRACT(YEAR FROM {local}) AS INTEGER)"
    local = f"{expression}, '{SQLITE_OFFSET}'" if moment else expression
    return f"CAST(strftime('%Y', {local}) AS INTEGER)"


def _publication_rows(row: str, sign: str, source: str, where: str) -> Iterator[str]:
    late = lateness.sql(f"{row}.publish_workdays")
    yield f"""INSERT INTO {PUBLICATION_TALLY} (agency_id, year, column_id, late, n)
        SELECT {row}.agency_id, {_year(f"{row}.published_at", moment=True)}, {row}.column_id,
               {late}, SUM({sign})
        {source} WHERE {where} AND {row}.published_at IS NOT NULL
        GROUP BY 1, 2, 3, 4
        ON CONFLICT (agency_id, year, column_id, late)
        DO UPDATE SET n = {PUBLICATION_TALLY}.n + excluded.n"""


def _case_rows(row: str, kind: str, sign: str, source: str, where: str) -> Iterator[str]:
    """`applications.cells.events` in SQL: received in the year of received_on; concluded in the
    year of concluded_on with its outcome, late when met_deadline is FALSE."""
    upsert = f"""ON CONFLICT (agency_id, year, event, outcome, kind, late)
        DO UPDATE SET n = {CASE_TALLY}.n + excluded.n"""
    yield f"""INSERT INTO {CASE_TALLY} (agency_id, year, event, outcome, kind, late, n)
        SELECT {row}.agency_id, {_year(f"{row}.received_on")}, '{RECEIVED}', '',
               COALESCE({kind}, ''), FALSE, SUM({sign})
        {source} WHERE {where}
        GROUP BY 1, 2, 3, 4, 5, 6 {upsert}"""
    yield f"""INSERT INTO {CASE_TALLY} (agency_id, year, event, outcome, kind, late, n)
        SELECT {row}.agency_id, {_year(f"{row}.concluded_on")}, '{CONCLUDED}', {row}.outcome,
               COALESCE({kind}, ''), COALESCE({row}.met_deadline = FALSE, FALSE), SUM({sign})
        {source} WHERE {where} AND {row}.concluded_on IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6 {upsert}"""


def _triggers() -> list[tuple[str, str, str, list[str], list[str]]]:
    """(name, table, the columns whose change matters, statements taking the OLD row's counts
    away, statements adding the NEW row's)."""
    case_kind = f"(SELECT kind FROM {APPLICANTS} WHERE id = {{row}}.applicant_id)"
    return [
        (
            "tally_publication",
            ITEMS,
            "agency_id, column_id, published_at, publish_workdays",
            list(_publication_rows("OLD", "-1", "", "TRUE")),
            list(_publication_rows("NEW", "1", "", "TRUE")),
        ),
        (
            "tally_case",
            CASES,
            "agency_id, applicant_id, received_on, concluded_on, outcome, met_deadline",
            list(_case_rows("OLD", case_kind.format(row="OLD"), "-1", "", "TRUE")),
            list(_case_rows("NEW", case_kind.format(row="NEW"), "1", "", "TRUE")),
        ),
        (
            "tally_applicant",
            APPLICANTS,
            "kind",
            list(_case_rows("c", "OLD.kind", "-1", f"FROM {CASES} c", "c.applicant_id = OLD.id")),
            list(_case_rows("c", "NEW.kind", "1", f"FROM {CASES} c", "c.applicant_id = NEW.id")),
        ),
    ]


def install() -> None:
    """Create (or replace) the triggers for the current database, then recount."""
    with connection.cursor() as cursor:
        for statement in _trigger_sql():
            cursor.execute(statement)
    rebuild()


def uninstall() -> None:
    with connection.cursor() as cursor:
        for name, table, *_ in _triggers():
            for op in ("insert", "update", "delete"):
                on = f" ON {table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{op}{on}")
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


# SQLite alters a table by building a new one and renaming it, and refuses while a trigger on
# another table names the old one. A migration that alters the items, cases or applicants
# runs `set_aside_on_sqlite` before and `put_back_on_sqlite` after (RunPython, each the other's
# reverse); PostgreSQL alters in place and keeps its triggers.


def set_aside_on_sqlite(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        uninstall()


def put_back_on_sqlite(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        install()


def _trigger_sql() -> Iterator[str]:
    for name, table, columns, old, new in _triggers():
        changed = " OR ".join(
            f"OLD.{c} IS DISTINCT FROM NEW.{c}"
            if connection.vendor == "postgresql"
            else f"OLD.{c} IS NOT NEW.{c}"
            for c in columns.split(", ")
        )
        applicant_only = table == APPLICANTS
        if connection.vendor == "postgresql":
            body = "\n".join(
                [
                    "BEGIN",
                    "IF TG_OP IN ('UPDATE', 'DELETE') THEN",
                    *(s + ";" for s in old),
                    "END IF;",
                    "IF TG_OP IN ('INSERT', 'UPDATE') THEN",
                    *(s + ";" for s in new),
                    "END IF;",
                    "RETURN NULL;",
                    "END",
                ]
            )
            yield f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ {body} $$ LANGUAGE plpgsql"
            for op, when in (
                ("UPDATE", f"WHEN ({changed})"),
                *(() if applicant_only else (("INSERT", ""), ("DELETE", ""))),
            ):
                yield f"DROP TRIGGER IF EXISTS {name}_{op.lower()} ON {table}"
                yield (
                    f"CREATE TRIGGER {name}_{op.lower()} AFTER {op} ON {table} "
                    f"FOR EACH ROW {when} EXECUTE FUNCTION {name}()"
                )
            continue
        for op, when, statements in (
            ("UPDATE", f"WHEN {changed}", old + new),
            *(() if applicant_only else (("INSERT", "", new), ("DELETE", "", old))),
        ):
            yield f"DROP TRIGGER IF EXISTS {name}_{op.lower()}"
            yield (
                f"CREATE TRIGGER {name}_{op.lower()} AFTER {op} ON {table} FOR EACH ROW {when} "
                f"BEGIN {' '.join(s + ';' for s in statements)} END"
            )
