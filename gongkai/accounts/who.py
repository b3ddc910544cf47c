"""Whether a request comes from someone signed in, without opening a session that is not there:
signing in is by session only, so no session cookie means no one is signed in, and most
requests (the public's pages, the health check) never touch the session store."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def signed_in(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated
