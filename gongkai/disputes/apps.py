from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "gongkai.disputes"
    verbose_name = "行政复议和行政诉讼"
