"""The moment CI runs the suite at a second time: the evening of the last working day of next
year (Beijing time) by the platform's own calendar — a year's end, in a year whose holidays are
only predicted, after office hours: a time bomb in a test or in the product goes off here."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from gongkai.calendar.sources import standard_calendar

calendar = standard_calendar()
day = datetime.now(ZoneInfo("Asia/Shanghai")).date().replace(month=12, day=31)
day = day.replace(year=day.year + 1)
while not calendar.is_workday(day):
    day -= timedelta(days=1)
print(f"{day.isoformat()} 21:30:00")
