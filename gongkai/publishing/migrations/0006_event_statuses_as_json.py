# Every workflow's events have one shape (audit.models.WorkflowEvent), whose `before` and
# `after` are JSON. This migration quotes the stored statuses; the next turns the columns into
# JSON (two migrations, two transactions: PostgreSQL will not alter a table with the updates'
# deferred constraint checks still pending).

from django.db import migrations

APP = "publishing"


def statuses_as_json(model_name):
    """The status strings ('draft') become JSON strings ('"draft"') before the column turns into
    JSON: a status holds only letters and underscores, so quoting is all it takes."""

    def forwards(apps, schema_editor):
        table = schema_editor.quote_name(apps.get_model(APP, model_name)._meta.db_table)
        for column in ("before", "after"):
            schema_editor.execute(f"UPDATE {table} SET {column} = '\"' || {column} || '\"'")

    def backwards(apps, schema_editor):
        table = schema_editor.quote_name(apps.get_model(APP, model_name)._meta.db_table)
        for column in ("before", "after"):
            schema_editor.execute(f"UPDATE {table} SET {column} = REPLACE({column}, '\"', '')")

    return migrations.RunPython(forwards, backwards)



class Migration(migrations.Migration):
    dependencies = [("publishing", "0005_platform_for_every_agency")]

    operations = [statuses_as_json("publicationevent")]
