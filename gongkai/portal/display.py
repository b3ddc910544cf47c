"""How a reader wants pages shown, without JavaScript: larger text and a high-contrast scheme
(《政府网站发展指引》's 无障碍 and the MIIT 适老化 norms), each a cookie set by a link, read by
every page (the `site` context processor) and part of the page cache's key."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from gongkai.search import pagecache

TEXT_COOKIE = "text_size"  # "large"
CONTRAST_COOKIE = "contrast"  # "high"


@dataclass(frozen=True)
class Display:
    large: bool = False
    contrast: bool = False

    @property
    def classes(self) -> str:
        return " ".join(
            name
            for name, on in (("large-text", self.large), ("high-contrast", self.contrast))
            if on
        )

    @property
    def key(self) -> str:
        """What makes a page's HTML differ between readers: the page cache keeps one each."""
        return f"{int(self.large)}{int(self.contrast)}"


def of(request: HttpRequest) -> Display:
    cookies = request.COOKIES
    return Display(
        large=cookies.get(TEXT_COOKIE) == "large", contrast=cookies.get(CONTRAST_COOKIE) == "high"
    )


# A public page is kept once for each way of showing it (search.pagecache).
public_page = pagecache.kept(lambda request: of(request).key)
