# Every agency gets its publishing settings and the 61号 columns when it is created
# (orgs.signals.agency_created); agencies made before that got them on a first visit to the
# back office, which was a GET that wrote. This gives them to any agency still without.

from django.db import migrations

from gongkai.publishing import platform


def forwards(apps, schema_editor):
    Agency = apps.get_model("orgs", "Agency")
    Settings = apps.get_model("publishing", "PublishingSettings")
    Column = apps.get_model("publishing", "Column")
    for agency in Agency.objects.filter(publishing_settings__isnull=True):
        Settings.objects.create(agency=agency, agency_code=agency.code or f"GK{agency.pk:04d}")
        if Column.objects.filter(agency=agency).exists():
            continue
        order = 0

        def create(spec, parent, agency=agency):
            nonlocal order
            order += 1
            column = Column.objects.create(
                agency=agency,
                parent=parent,
                slug=spec.slug,
                name=spec.name,
                section=spec.section,
                column_class=spec.column_class,
                category=f"{order:02d}",
                order=order,
            )
            for child in spec.children:
                create(child, column)

        for spec in platform.DEFAULT_COLUMNS:
            create(spec, None)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0004_account_events"),
        ("publishing", "0004_registerevent_to_audit"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
