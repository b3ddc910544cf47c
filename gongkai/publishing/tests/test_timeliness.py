"""条例第二十六条's 20 working days, counted at publication and again when a holiday notice for a
year the count reached into is loaded."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.accounts.models import User
from gongkai.calendar import services as calendar_services
from gongkai.calendar.sources import standard_calendar
from gongkai.orgs.models import Role
from gongkai.orgs.services import add_member
from gongkai.publishing import timeliness
from gongkai.publishing.models import Column, Publication

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _item(office, title: str, written: date, published: datetime) -> Publication:
    column = Column.objects.get(agency=office.agency, slug="tzgg")
    return Publication.objects.create(
        agency=office.agency,
        column=column,
        title=title,
        publisher=office.agency.name,
        written_on=written,
        published_at=published,
        publish_workdays=timeliness.workdays(written, published, standard_calendar()),
        status="published",
        body="<p>正文</p>",
        body_text="正文",
    )


def test_loading_a_notice_recounts_the_items_that_reached_into_its_year(office) -> None:
    across = _item(office, "跨年", date(2035, 12, 20), datetime(2036, 1, 25, 9, tzinfo=SHANGHAI))
    before = _item(office, "上一年", date(2035, 11, 3), datetime(2035, 12, 1, 9, tzinfo=SHANGHAI))
    counted = (across.publish_workdays, before.publish_workdays)
    admin = User.objects.create_user("admin", password="pw-very-long-1")
    add_member(admin, office.agency, Role.ADMIN)
    # The prediction works 2 and 3 January 2036 (Wednesday, Thursday); this notice takes them off.
    holidays = [(date(2036, 1, d), "元旦") for d in (1, 2, 3)]
    calendar_services.load_year(2036, "通知", holidays, [], actor=admin)
    across.refresh_from_db()
    before.refresh_from_db()
    assert across.publish_workdays == counted[0] - 2
    assert before.publish_workdays == counted[1]
