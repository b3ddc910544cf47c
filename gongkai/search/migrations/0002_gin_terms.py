"""GIN on positionless terms in a narrow table replaces the RUM index (see postgres_engine):
the old table goes, the new ones come; `gongkai reindex` fills them again."""

from django.db import migrations

from gongkai.search import postgres_engine


def recreate(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in postgres_engine.DROP_SQL:
        schema_editor.execute(sql)
    for sql in postgres_engine.SCHEMA_SQL:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_postgres_engine")]
    operations = [migrations.RunPython(recreate, migrations.RunPython.noop)]
