# Every workflow's events have one shape (audit.models.WorkflowEvent): a case event's `kind`
# is its `action`, as the other workflows' are. The index on (kind, on) is dropped before the
# rename and made again on the renamed column (the migration state does not carry an index's
# fields through a rename); the actor needs no reverse accessor on users.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_check_codes_keyed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="caseevent", name="caseevent_kind_on"),
        migrations.RenameField("caseevent", "kind", "action"),
        migrations.AddIndex(
            model_name="caseevent",
            index=models.Index(fields=["action", "on"], name="caseevent_kind_on"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
    ]
