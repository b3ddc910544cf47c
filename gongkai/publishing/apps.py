from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.calendar.services import notice_loaded
        from gongkai.publishing.services import recount_workdays

        # A loaded holiday notice changes how many working days an item took to publish.
        notice_loaded.connect(recount_workdays, dispatch_uid="publishing.recount_workdays")
