from django.apps import AppConfig


class WorklogConfig(AppConfig):
    name = "gongkai.worklog"
    label = "worklog"
    verbose_name = "政务公开工作台账"
    default_auto_field = "django.db.models.BigAutoField"
