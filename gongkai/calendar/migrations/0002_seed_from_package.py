"""Seed the holiday and 调休 tables from chinese-calendar (2004 to its last year)."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.calendar.package import package_days

    calendar_year = apps.get_model("workcalendar", "CalendarYear")
    special_day = apps.get_model("workcalendar", "SpecialDay")
    holidays, makeup, years = package_days()
    for year in years:
        if calendar_year.objects.filter(year=year).exists():
            continue
        loaded = calendar_year.objects.create(
            year=year, notice="chinese-calendar 1.11.0（依据国务院办公厅历年节假日安排通知）", source="package"
        )
        special_day.objects.bulk_create(
            [special_day(year=loaded, day=d, kind="holiday", name=n) for d, n in holidays.items() if d.year == year]
            + [special_day(year=loaded, day=d, kind="workday", name=n) for d, n in makeup.items() if d.year == year]
        )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("workcalendar", "CalendarYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
