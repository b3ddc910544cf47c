# Every workflow's events have one shape (audit.models.WorkflowEvent): a report event's reason
# is its `note`, as the other workflows' are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_tallies")]

    operations = [migrations.RenameField("reportevent", "reason", "note")]
