"""Every kind of public page, on the demo as `make run` loads it, in a real browser at a desktop
width (1280 px) and a phone's (375 px): axe-core finds no WCAG 2.1 AA violation, nothing is wider
than the screen, the trail and the footer are there; then in 高对比度 and 大字号, and as printed.
A screenshot of each is saved under var/screenshots/public/ (not committed) to be looked at."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gongkai.tests.test_accessibility import BROWSER_MARKS, _audit, browser  # noqa: F401

pytestmark = [
    *BROWSER_MARKS,
    pytest.mark.time_machine(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "public"
WIDTHS = {"desktop": 1280, "phone": 375}


def _pages() -> dict[str, str]:
    """A path for each kind of public page, picked from the demo's records."""
    from gongkai.orgs.models import Agency
    from gongkai.publishing.models import Column, Publication

    office = Agency.objects.get(name="洛阳高新技术产业开发区管理委员会党政办公室")
    root = office.parent
    visible = Publication.objects.visible().filter(agency=office).exclude(column__slug="nb")
    item = visible.exclude(attachments=None).first() or visible.first()
    numbered = visible.exclude(doc_number="").first()
    assert item is not None and numbered is not None and root is not None
    news = Column.objects.get(agency=office, slug="gzdt")
    pages = {
        "home": "/",
        "platform-root": f"/xxgk/{root.pk}/",
        "platform": f"/xxgk/{office.pk}/",
        "column": f"/xxgk/column/{news.pk}/",
        "catalogue": f"/xxgk/{office.pk}/catalogue/",
        "guide": f"/xxgk/{office.pk}/guide/",
        "reports": f"/xxgk/{office.pk}/reports/",
        "item": f"/xxgk/item/{item.pk}/",
        "search": "/search/?q=营商环境",
        "search-number": f"/search/?q={numbered.doc_number[:3]}",
        "search-filter-only": f"/search/?agency={office.short_name or office.name}",
        "search-nothing": "/search/?q=没有这样的内容啊",
        "apply": "/apply/",
        "track": "/track/",
        "check": "/reports/check/",
        "site-map": "/site-map/",
        "not-found": "/xxgk/item/999999999/",
        "login": "/accounts/login/",
    }
    report = Publication.objects.visible().filter(column__slug="nb", agency=office).first()
    if report is not None:
        pages["annual-report"] = f"/xxgk/item/{report.pk}/"
    return pages


# The elements that reach past the screen's right edge or whose text does (none may, but those
# inside a box that scrolls by itself), named for the failure message.
WIDER = """() => {
  const edge = document.scrollingElement.clientWidth;
  const inScroller = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
    const s = getComputedStyle(p).overflowX; if (s === 'auto' || s === 'scroll') return true; }
    return false; };
  return [...document.body.querySelectorAll('*')]
    .filter((e) => (e.getBoundingClientRect().right > edge + 1
                    || e.scrollWidth > e.clientWidth + 1) && !inScroller(e))
    .slice(0, 5).map((e) => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 30));
}"""


def _look(page: Any, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert overflow <= 1, f"{name} at {width} px is {overflow} px too wide: {page.evaluate(WIDER)}"


def test_every_public_page_at_desktop_and_phone_widths(live_server: Any, browser: Any) -> None:  # noqa: F811
    call_command("load_demo", force=True, verbosity=0)
    pages = _pages()
    for label, width in WIDTHS.items():
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response is not None
            assert response.status == (404 if name == "not-found" else 200), path
            where = f"{path} at {width} px ({label})"
            _audit(page, where)
            assert page.locator("nav.breadcrumbs li").count() >= 1, where
            assert page.locator("footer a[href='/site-map/']").count() == 1, where
            _look(page, name, width)
        page.close()


def test_high_contrast_large_text_and_print(live_server: Any, browser: Any) -> None:  # noqa: F811
    call_command("load_demo", force=True, verbosity=0)
    pages = _pages()
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(live_server.url + pages["item"])
    page.click("text=高对比度")
    page.click("text=大字号")
    assert page.evaluate("document.body.className") == "large-text high-contrast"
    for name in ("home", "platform", "item", "search", "catalogue", "guide"):
        page.goto(live_server.url + pages[name])
        _audit(page, f"{pages[name]} in 高对比度 and 大字号")
        _look(page, f"{name}-contrast", 375)
    page.click("text=标准配色")
    page.click("text=标准字号")
    assert page.evaluate("document.body.className") == ""

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.emulate_media(media="print")
    for name in ("item", "guide", "annual-report"):
        if name not in pages:
            continue
        page.goto(live_server.url + pages[name])
        assert not page.locator("header nav").is_visible(), name  # no navigation on paper
        assert not page.locator("nav.breadcrumbs").is_visible(), name
        assert page.locator("footer").is_visible(), name  # who published it stays
        _look(page, f"{name}-print", 1280)
