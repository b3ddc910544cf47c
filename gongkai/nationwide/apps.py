from django.apps import AppConfig


class NationwideConfig(AppConfig):
    name = "gongkai.nationwide"
    verbose_name = "年度报告批量核对"
