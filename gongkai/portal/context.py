"""What every page shows around its content: the website's identity (header and footer) and the
reader's display preferences."""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.accounts.who import signed_in
from gongkai.orgs import access as org_access
from gongkai.orgs import website as identity
from gongkai.portal import display


def site(request: HttpRequest) -> dict[str, object]:
    # Read at once, not lazily: every page's frame shows them (site_chrome.frame).
    return {
        "website": org_access.website(),
        "display": display.of(request),
        "identity": identity,
        "signed_in": signed_in(request),
    }
