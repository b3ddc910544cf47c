from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    # The label stays "reports": the tables (reports_annualreport, ...) and migrations were made
    # under it when the engine and the records were one app.
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from gongkai.annual.services import item_published
        from gongkai.publishing.signals import publication_changed

        publication_changed.connect(item_published, dispatch_uid="annual.item_published")
