from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "gongkai.notify"
    verbose_name = "通知"

    def ready(self) -> None:
        from gongkai.applications.signals import case_changed
        from gongkai.notify.services import on_case_changed

        # Receipt, 补正, extension and service of the decision: the applicant is told.
        case_changed.connect(on_case_changed, dispatch_uid="notify.on_case_changed")
