"""The demo's annual reports, built from each agency's records and published in its 政府信息公开年报
column through the real workflow: drafted, checked, finalised by the head, submitted, signed in
保密审查 and published (annual.services, publishing.services)."""

from __future__ import annotations

from gongkai.annual import services as annual
from gongkai.annual.models import AnnualReport
from gongkai.demo.platform import REVIEW_NOTE, Staff
from gongkai.orgs.models import Agency
from gongkai.publishing import services as publishing


def load(agency: Agency, year: int, staff: Staff) -> AnnualReport | None:
    """The agency's report for `year`, once; None when it was there already."""
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        return None
    report = annual.start(agency, year, staff.editor)
    report = annual.check_report(report, staff.editor, report.version)
    report = annual.finalise(report, staff.head, report.version)
    report = annual.submit_for_publishing(report, staff.editor, report.version)
    item = report.publication
    assert item is not None
    item = publishing.approve(staff.reviewer, item, item.version, REVIEW_NOTE)
    publishing.publish(staff.editor, item, item.version)
    report.refresh_from_db()
    return report
