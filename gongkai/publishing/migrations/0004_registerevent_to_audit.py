# RegisterEvent now belongs to the audit app (every app writes it); the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0003_publish_workdays"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RegisterEvent")],
            database_operations=[],
        ),
    ]
