from django.db import migrations, models

from gongkai.annual import tallies


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0008_chinese_verbose_names"),
        ("reports", "0002_tallies"),  # its triggers are set aside while SQLite rebuilds the table
    ]

    operations = [
        migrations.RunPython(tallies.set_aside_on_sqlite, tallies.put_back_on_sqlite),
        migrations.AddField(
            model_name="publication",
            name="interpretation_form",
            field=models.CharField(
                blank=True,
                choices=[
                    ("text", "文字解读"),
                    ("graphic", "图解"),
                    ("video", "视频解读"),
                    ("briefing", "新闻发布会"),
                    ("interview", "在线访谈"),
                    ("h5", "H5"),
                ],
                max_length=20,
                verbose_name="解读形式",
            ),
        ),
        migrations.RunPython(tallies.put_back_on_sqlite, tallies.set_aside_on_sqlite),
    ]
