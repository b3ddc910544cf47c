"""Every figure of the old channel counts (`publishing.ChannelCount`: an agency, a year, a
channel's free-text name, the items it published) kept as an account and its figures for the
whole year (month 0): one account per agency and channel name, its platform read from the name."""

from django.db import migrations

from gongkai.worklog.kinds import platform_of


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    ChannelCount = apps.get_model("publishing", "ChannelCount")
    Account = apps.get_model("worklog", "Account")
    AccountFigure = apps.get_model("worklog", "AccountFigure")
    for row in ChannelCount.objects.select_related("agency").order_by("pk"):
        name = row.channel.strip()[:100]
        account, _ = Account.objects.get_or_create(
            agency_id=row.agency_id,
            platform=platform_of(name),
            name=name,
            defaults={"sponsor": row.agency.name[:100]},
        )
        AccountFigure.objects.create(
            account=account, year=row.year, month=0, posts=row.count, source=row.source
        )


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    ChannelCount = apps.get_model("publishing", "ChannelCount")
    AccountFigure = apps.get_model("worklog", "AccountFigure")
    totals: dict[tuple[int, int, str], tuple[int, str]] = {}
    for figure in AccountFigure.objects.select_related("account"):
        key = (figure.account.agency_id, figure.year, figure.account.name[:40])
        posts, source = totals.get(key, (0, figure.source))
        totals[key] = (posts + figure.posts, source)
    for (agency_id, year, channel), (count, source) in totals.items():
        ChannelCount.objects.create(
            agency_id=agency_id, year=year, channel=channel, count=count, source=source[:200]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("worklog", "0001_initial"),
        ("publishing", "0009_publication_interpretation_form"),
    ]

    operations = [migrations.RunPython(forward, backward)]
