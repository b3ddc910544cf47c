"""The PostgreSQL engine's table and RUM index; nothing on SQLite (tantivy needs no table).

Where the RUM extension is not installed (Debian: postgresql-15-rum) the table is left out and
the default engine, tantivy, is used; `gongkai reindex` creates it once the extension exists and
SEARCH_BACKEND=postgres."""

from django.db import migrations

from gongkai.search import postgres_engine


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            print("\n  RUM is not installed: the PostgreSQL search engine is not set up")
            return
    for sql in postgres_engine.SCHEMA_SQL:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in postgres_engine.DROP_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
