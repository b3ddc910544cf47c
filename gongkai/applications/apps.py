from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.applications.services.clock import follow_calendar
        from gongkai.calendar.services import notice_loaded

        # A loaded holiday notice moves the due dates of the open cases counting through it.
        notice_loaded.connect(follow_calendar, dispatch_uid="applications.follow_calendar")
