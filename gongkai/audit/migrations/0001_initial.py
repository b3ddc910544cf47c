# RegisterEvent moves here from publishing; its table (publishing_registerevent) stays as it is,
# so this migration changes the state only.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("orgs", "0001_initial"),
        ("publishing", "0003_publish_workdays"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegisterEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("what", models.CharField(max_length=40, verbose_name="对象")),
                        ("label", models.CharField(max_length=200, verbose_name="名称")),
                        ("before", models.JSONField(default=dict)),
                        ("after", models.JSONField(default=dict)),
                        ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("agency", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.agency")),
                    ],
                    options={"db_table": "publishing_registerevent", "ordering": ["-at", "-pk"]},
                ),
            ],
            database_operations=[],
        ),
    ]
