from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.calendar.services import notice_loaded
        from gongkai.orgs.signals import agency_created, agency_deleting
        from gongkai.publishing.services import (
            platform_for_new_agency,
            platform_of_deleted_agency,
            recount_workdays,
        )

        # A loaded holiday notice changes how many working days an item took to publish.
        notice_loaded.connect(recount_workdays, dispatch_uid="publishing.recount_workdays")
        # A new agency has its publishing settings and the 61号 columns from the start.
        agency_created.connect(platform_for_new_agency, dispatch_uid="publishing.platform")
        agency_deleting.connect(platform_of_deleted_agency, dispatch_uid="publishing.platform_gone")
