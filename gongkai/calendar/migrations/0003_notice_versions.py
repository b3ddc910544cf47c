"""Every load of a year becomes a version (nothing replaced or deleted), with an audit row; the
package's years are read from the package itself and no longer copied into the database."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_package_copies(apps, schema_editor):  # type: ignore[no-untyped-def]
    year = apps.get_model("workcalendar", "NoticeVersion")
    day = apps.get_model("workcalendar", "SpecialDay")
    copies = year.objects.filter(source="package")
    day.objects.filter(notice__in=copies).delete()
    copies.delete()
    if schema_editor.connection.vendor == "postgresql":
        # The deletes' deferred foreign-key checks must run before the tables are altered.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def restore_package_copies(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.calendar.package import BASIS, package_days

    year_model = apps.get_model("workcalendar", "NoticeVersion")
    day_model = apps.get_model("workcalendar", "SpecialDay")
    holidays, makeup, years = package_days()
    for year in years:
        if year_model.objects.filter(year=year).exists():
            continue
        loaded = year_model.objects.create(year=year, notice=BASIS, source="package")
        day_model.objects.bulk_create(
            [day_model(notice=loaded, day=d, kind="holiday", name=n) for d, n in holidays.items() if d.year == year]
            + [day_model(notice=loaded, day=d, kind="workday", name=n) for d, n in makeup.items() if d.year == year]
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("workcalendar", "0002_seed_from_package"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("CalendarYear", "NoticeVersion"),
        migrations.RenameField("SpecialDay", "year", "notice"),
        migrations.RunPython(drop_package_copies, restore_package_copies),
        migrations.RemoveField("NoticeVersion", "source"),
        migrations.AlterField(
            model_name="noticeversion",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="年度"),
        ),
        migrations.AddField(
            model_name="noticeversion",
            name="version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="版本"),
        ),
        migrations.AddField(
            model_name="noticeversion",
            name="note",
            field=models.CharField(blank=True, max_length=200, verbose_name="载入说明"),
        ),
        migrations.AlterModelOptions(
            name="noticeversion",
            options={"ordering": ["-year", "-version"], "verbose_name": "节假日安排（载入版本）", "verbose_name_plural": "节假日安排（载入版本）"},
        ),
        migrations.AddConstraint(
            model_name="noticeversion",
            constraint=models.UniqueConstraint(fields=("year", "version"), name="notice_version_unique"),
        ),
        migrations.AlterField(
            model_name="specialday",
            name="day",
            field=models.DateField(verbose_name="日期"),
        ),
        migrations.AlterField(
            model_name="specialday",
            name="notice",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="days", to="workcalendar.noticeversion"),
        ),
        migrations.AddConstraint(
            model_name="specialday",
            constraint=models.UniqueConstraint(fields=("notice", "day"), name="special_day_unique"),
        ),
        migrations.CreateModel(
            name="CalendarEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("before", models.JSONField(default=dict, verbose_name="载入前")),
                ("after", models.JSONField(default=dict, verbose_name="载入后")),
                ("changes", models.JSONField(default=list, verbose_name="变化的日期")),
                ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("notice", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="events", to="workcalendar.noticeversion")),
            ],
            options={"verbose_name": "节假日安排载入记录", "verbose_name_plural": "节假日安排载入记录", "ordering": ["-at", "-pk"]},
        ),
    ]
