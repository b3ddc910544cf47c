"""The PostgreSQL engine's tables; nothing on SQLite (tantivy needs no table)."""

from django.db import migrations

from gongkai.search import postgres_engine


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in postgres_engine.SCHEMA_SQL:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in postgres_engine.DROP_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
