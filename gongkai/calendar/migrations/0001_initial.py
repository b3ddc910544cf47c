import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="CalendarYear",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="年度")),
                ("notice", models.CharField(help_text="国务院办公厅关于该年部分节假日安排的通知及文号", max_length=200, verbose_name="依据")),
                ("source", models.CharField(choices=[("package", "chinese-calendar 数据包"), ("notice", "人工载入")], max_length=20, verbose_name="来源")),
                ("loaded_at", models.DateTimeField(auto_now_add=True, verbose_name="载入时间")),
                ("loaded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name="载入人")),
            ],
            options={"verbose_name": "节假日安排年度", "verbose_name_plural": "节假日安排年度", "ordering": ["-year"]},
        ),
        migrations.CreateModel(
            name="SpecialDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="日期")),
                ("kind", models.CharField(choices=[("holiday", "放假"), ("workday", "调休上班")], max_length=10, verbose_name="类型")),
                ("name", models.CharField(max_length=80, verbose_name="名称")),
                ("year", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="days", to="workcalendar.calendaryear")),
            ],
            options={"verbose_name": "节假日或调休日", "verbose_name_plural": "节假日与调休日", "ordering": ["day"]},
        ),
    ]
