from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from gongkai.core import deployment  # noqa: F401  (registers the deployment checks)
