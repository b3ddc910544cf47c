from django.apps import AppConfig


class SitecheckConfig(AppConfig):
    name = "gongkai.sitecheck"
    verbose_name = "网站自查"
