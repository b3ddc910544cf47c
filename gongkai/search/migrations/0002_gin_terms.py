"""GIN on positionless terms in a narrow table replaces the RUM index (see postgres_engine):
the old table goes, the new ones come; `gongkai reindex` fills them again."""

from django.db import migrations

from gongkai.search import postgres_engine


def recreate(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [postgres_engine.TABLE])
        existed = cursor.fetchone()[0]
        if existed:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {postgres_engine.TABLE})")
            existed = cursor.fetchone()[0]
    if existed:
        print("\n  PostgreSQL search tables rebuilt empty: run `gongkai reindex`")
    for sql in postgres_engine.DROP_SQL:
        schema_editor.execute(sql)
    for sql in postgres_engine.SCHEMA_SQL:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_postgres_engine")]
    operations = [migrations.RunPython(recreate, migrations.RunPython.noop)]
