"""What every page shows around its content: the website's identity (header and footer) and the
reader's display preferences."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.orgs import access as org_access
from gongkai.orgs import website as identity
from gongkai.portal import display


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "website": SimpleLazyObject(org_access.website),
        "display": display.of(request),
        "identity": identity,
    }
