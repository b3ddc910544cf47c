"""A crawl of the platform's own pages over HTTP, as an inspector's link checker sees them.

Breadth-first from the start paths, following links on the same host (never into the back
office), a bounded number of pages, a few requests at a time. Attachments are asked for, not
read through; external links are checked once each only when the operator enables it.
Plain standard-library HTTP: the crawl must not depend on the site it is checking.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from gongkai.sitecheck.state import Fetched

SKIPPED_PREFIXES = (
    "/office/",
    "/admin/",
    "/accounts/",
    "/static/",
    "/display/",
    "/emblem.png",
    "/check/",
)
ATTACHMENT_PREFIXES = ("/xxgk/attachment/", "/media/")
TIMEOUT_SECONDS = 15  # the inspectors' threshold for a page that does not answer
USER_AGENT = "gongkai-sitecheck/1 (+self-check)"


@dataclass
class Crawl:
    base_url: str
    start: tuple[str, ...] = ("/",)
    recheck: tuple[str, ...] = ()  # asked for whatever the page limit (known broken links)
    max_pages: int = 3000
    external: bool = False
    workers: int = 4
    seen: dict[str, Fetched] = field(default_factory=dict)
    linked_from: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0
    complete: bool = False  # every page found was fetched (the limit was not reached)

    def run(self) -> list[Fetched]:
        begun = time.perf_counter()
        host = urlsplit(self.base_url).netloc
        frontier = list(dict.fromkeys(self.start))
        queued = set(frontier)
        outside: list[str] = []
        with ThreadPoolExecutor(self.workers) as pool:
            for path, status, seconds, kind, _ in pool.map(self._fetch, self.recheck):
                self.seen[path] = Fetched(path, status, seconds, kind)
            while frontier and self.pages < self.max_pages:
                batch = frontier[: self.max_pages - self.pages]
                frontier = frontier[len(batch) :]
                for path, status, seconds, kind, links in pool.map(self._fetch, batch):
                    self.pages += kind == "page"
                    for link in links:
                        target, own = _resolve(path, link, host)
                        if target is None:
                            continue
                        self.linked_from.setdefault(target, []).append(path)
                        if target in queued:
                            continue
                        queued.add(target)
                        if own:
                            frontier.append(target)
                        elif self.external:
                            outside.append(target)
                    self.seen[path] = Fetched(path, status, seconds, kind)
            if outside:
                for url, status, seconds, kind, _ in pool.map(self._fetch_external, outside):
                    self.seen[url] = Fetched(url, status, seconds, kind)
        self.seconds = time.perf_counter() - begun
        self.complete = not frontier
        return [
            Fetched(f.url, f.status, f.seconds, f.kind, tuple(self.linked_from.get(f.url, ())))
            for f in self.seen.values()
        ]

    def _fetch(self, path: str) -> tuple[str, int, float, str, list[str]]:
        kind = "attachment" if path.startswith(ATTACHMENT_PREFIXES) else "page"
        status, seconds, body, content_type = _get(urljoin(self.base_url, path), kind == "page")
        links = _links(body) if "html" in content_type and status < 400 else []
        return path, status, seconds, kind, links

    def _fetch_external(self, url: str) -> tuple[str, int, float, str, list[str]]:
        status, seconds, _, _ = _get(url, read=False)
        return url, status, seconds, "external", []

    def response_times(self) -> list[float]:
        return sorted(f.seconds for f in self.seen.values() if f.kind == "page" and f.status)


def _get(url: str, read: bool) -> tuple[int, float, bytes, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    begun = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read() if read else b""
            return (
                response.status,
                time.perf_counter() - begun,
                body,
                response.headers.get("Content-Type", ""),
            )
    except urllib.error.HTTPError as exc:
        return exc.code, time.perf_counter() - begun, b"", ""
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError, ValueError):
        return 0, time.perf_counter() - begun, b"", ""


def _links(body: bytes) -> list[str]:
    if not body.strip():
        return []
    try:
        document = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: Iterable[str] = (
        *document.xpath("//a/@href"),
        *document.xpath("//img/@src"),
        *document.xpath("//link[@rel!='alternate']/@href"),
    )
    return [str(link).strip() for link in found]


def _resolve(page: str, link: str, host: str) -> tuple[str | None, bool]:
    """(the link as a path on this site or a full external URL, whether it is ours); None for
    what a crawler does not follow (mail, telephone, scripts, the back office)."""
    link, _ = urldefrag(link)
    if not link or link.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None, False
    parts = urlsplit(urljoin(f"http://{host}{page}", link))
    if parts.scheme not in ("http", "https"):
        return None, False
    if parts.netloc != host:
        return parts.geturl(), False
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path.startswith(SKIPPED_PREFIXES):
        return None, False
    return path, True
