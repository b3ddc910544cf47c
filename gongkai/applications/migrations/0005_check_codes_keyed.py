"""Check codes were stored as unsalted sha256("tracking:code") of six digits, so a copy of the
database gave every code away in under a second. The codes already handed to applicants must
keep working, so each stored hash is wrapped under the secret key: HMAC(key, old hex digest).
Verification computes the same for six digits entered (gongkai.applications.checkcodes).

Going back past this migration leaves the hashes wrapped: a wrapped hash cannot be unwrapped,
so six-digit codes would no longer be accepted by the code before it."""

import re

from django.conf import settings
from django.db import migrations

_OLD = re.compile(r"[0-9a-f]{64}")


def rewrap_check_hashes(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.applications import checkcodes

    application_model = apps.get_model("applications", "Application")
    batch = []
    for case in application_model.objects.only("pk", "check_code_hash").iterator(chunk_size=1000):
        if _OLD.fullmatch(case.check_code_hash):
            case.check_code_hash = checkcodes.rewrap(
                settings.CHECK_CODE_SECRET, case.check_code_hash
            )
            batch.append(case)
    application_model.objects.bulk_update(batch, ["check_code_hash"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("applications", "0004_due_predicted")]

    operations = [migrations.RunPython(rewrap_check_hashes, migrations.RunPython.noop)]
