from django.db import migrations


class Migration(migrations.Migration):
    """The channel counts live on as 政务新媒体 accounts and figures (worklog 0002)."""

    dependencies = [
        ("publishing", "0009_publication_interpretation_form"),
        ("worklog", "0002_channel_counts"),
    ]

    operations = [migrations.DeleteModel(name="ChannelCount")]
