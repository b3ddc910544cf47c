"""ReportData → PDF: the HTML page typeset by WeasyPrint with the Noto CJK fonts
(Debian's fonts-noto-cjk, installed by `make`; libharfbuzz-subset0 makes subsetting the large
CJK fonts take milliseconds instead of seconds)."""

from __future__ import annotations

import logging

from gongkai.reports.render.html import render_html
from gongkai.reports.tables import ReportData


def render_pdf(report: ReportData) -> bytes:
    # Imported here: loading WeasyPrint (Pango, fonts) costs 0.6 s that `gongkai check` never needs.
    import weasyprint

    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    data: bytes = weasyprint.HTML(string=render_html(report)).write_pdf()
    return data
