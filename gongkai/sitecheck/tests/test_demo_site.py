"""The demo passes its own website self-check, on whatever day it is loaded: loaded at a weekday
in March, inside the 2027 Spring Festival holiday, in the 2030 National Day week and ten minutes
before the end of 2031 (Beijing time), every agency's platform is checked as `gongkai sitecheck
run` checks it (services.run_now, its pages crawled over HTTP by the live server) and nothing is
found that is 单项否决 or 问题.

The seed's year 2021 (2,912 items, 38 cases and their report) is the same at every moment and is
loaded once, at the first; the other moments load everything dated from the day of loading
(`history=False`), which is what changes with the day."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gongkai.annual.models import AnnualReport
from gongkai.core import bounded
from gongkai.demo import loading
from gongkai.orgs.models import Agency
from gongkai.publishing.models import Column, Publication
from gongkai.sitecheck import services
from gongkai.sitecheck.state import SEVERITY_LABELS, WARNING

BEIJING = ZoneInfo("Asia/Shanghai")
MOMENTS = [
    pytest.param(datetime(2026, 3, 10, 10, 0, tzinfo=BEIJING), True, id="weekday-in-march"),
    pytest.param(datetime(2027, 2, 10, 9, 0, tzinfo=BEIJING), False, id="spring-festival-2027"),
    pytest.param(datetime(2030, 10, 3, 15, 0, tzinfo=BEIJING), False, id="national-day-2030"),
    pytest.param(datetime(2031, 12, 31, 23, 50, tzinfo=BEIJING), False, id="new-years-eve-2031"),
]
CRAWL_PAGES = 60  # per agency: the platform page and what it links to (columns, guide, items)


@pytest.mark.slow  # the demo's annual reports are rendered as PDF
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("moment", "history"), MOMENTS)
def test_the_demo_passes_its_own_self_check(
    moment: datetime,
    history: bool,
    live_server: Any,
    settings: Any,
    search_index: Any,
    time_machine: Any,
) -> None:
    settings.SITECHECK_MAX_PAGES = CRAWL_PAGES
    # Fresh parsing workers: a worker that has rendered a dozen PDFs runs out of its 512 MB
    # (core.bounded) and the next report would be refused as too long.
    bounded.shutdown()
    time_machine.move_to(moment)
    loading.load(history=history)
    agencies = list(Agency.objects.active().order_by("path"))
    assert len(agencies) == 3
    found: list[str] = []
    for agency in agencies:
        assert Column.objects.filter(agency=agency).exists()  # every agency has its platform
        last_year = AnnualReport.objects.get(agency=agency, year=moment.year - 1)
        assert last_year.status == "published"
        run = services.run_now(agency, base_url=live_server.url)
        assert run.status == run.DONE and run.stats["crawl_pages"] > 20, run.stats
        found += [
            f"{agency.short_name}：[{SEVERITY_LABELS[f.severity]}] {f.code} {f.message}"
            for f in run.findings.exclude(severity=WARNING).order_by("pk")
        ]
    assert not found, "\n".join(found)
    assert not Publication.objects.filter(published_at__gt=timezone.now()).exists()
