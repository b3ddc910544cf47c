"""Login lockout with back-off, on django-axes (configured in config/settings/base.py).

Failures are counted per username *and* client address: a wrong guess from one address never
locks the real person out from another (username alone would let anyone lock any colleague out
by typing their name), and people behind one office gateway do not lock each other out
(address alone would). FAILURE_LIMIT failures in a row without a successful login lock that
username from that address for COOL_OFF; after that, each further failure locks it again for
twice as long as the last time, up to LONGEST. Attempts made while locked are refused without
the password being checked and are not counted. A successful login clears the count; failures
are forgotten LONGEST after the last one.

Axes' database handler keeps the attempts, so every process and both databases see the same
counts. Its own clean-up forgets attempts once the cool-off of whichever request runs it has
passed; `Handler` forgets them only after LONGEST, so that the back-off outlives a lockout.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.core import throttle

FAILURE_LIMIT = 5
COOL_OFF = timedelta(minutes=15)
LONGEST = timedelta(hours=24)


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """AXES_FAILURE_LIMIT."""
    return FAILURE_LIMIT


def cool_off_for(failures: int) -> timedelta:
    """15 minutes at the limit, then 30 min, 1 h, 2 h … for each failure after it, at most 24 h."""
    doublings = min(max(failures - FAILURE_LIMIT, 0), 16)
    return min(COOL_OFF * (1 << doublings), LONGEST)


def cool_off(request: HttpRequest | None) -> timedelta:
    """AXES_COOLOFF_TIME: the cool-off of this username and address, from their failures."""
    if request is None:
        return COOL_OFF
    failures, _ = _record(request, None)
    return cool_off_for(failures)


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username as the login form reads it (stripped, NFKC), so a
    request counts under the same name whether axes has the form's credentials or only the POST."""
    if credentials:
        return credentials.get("username")
    posted = request.POST.get("username")
    return None if posted is None else unicodedata.normalize("NFKC", posted.strip())


def locked_until(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> datetime | None:
    failures, last = _record(request, credentials)
    if failures < FAILURE_LIMIT or last is None:
        return None
    until = last + cool_off_for(failures)
    return until if until > timezone.now() else None


def response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the Chinese page saying until when this login is locked."""
    until = locked_until(request, credentials) or timezone.now() + COOL_OFF
    context = {
        "until": throttle.try_again_at(until),
        "failure_limit": FAILURE_LIMIT,
        "longest_hours": int(LONGEST.total_seconds() // 3600),
        "first_minutes": int(COOL_OFF.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


class Handler(AxesDatabaseHandler):  # type: ignore[misc]
    """AXES_HANDLER: axes' database handler, remembering failures for LONGEST after the last."""

    def clean_expired_user_attempts(
        self, request: HttpRequest | None = None, credentials: dict[str, Any] | None = None
    ) -> int:
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - LONGEST).delete()
        return int(count)


def _record(
    request: HttpRequest, credentials: dict[str, Any] | None
) -> tuple[int, datetime | None]:
    """The failures of this username from this address, and when the last one was."""
    address = getattr(request, "axes_ip_address", None) or throttle.client_address(request)
    totals = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=address
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return totals["failures"] or 0, totals["last"]
