from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from gongkai.publishing.signals import publication_changed
        from gongkai.search.services import on_publication_changed

        publication_changed.connect(on_publication_changed, dispatch_uid="search.sync")
