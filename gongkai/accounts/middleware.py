"""What every signed-in request passes through (config/settings/base.py MIDDLEWARE, after the
authentication and message middleware): the idle timeout, then the forced password change.

Every account is a staff account (applicants have none), so both apply to whoever is signed in.
A request without a session cookie is left alone: it cannot be signed in, and the public pages'
requests then neither read nor write a session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.who import signed_in

# The session key of the time (seconds since the epoch) of the user's last request, kept to the
# minute: a session is written at most once a minute, not on every request (so an idle period is
# measured to within a minute).
LAST_SEEN = "gongkai_last_seen"
REFRESH_SECONDS = 60
IDLE_MESSAGE = "长时间未操作，已自动退出，请重新登录"


class IdleLogout:
    """Signs a user out whose last request was more than SESSION_IDLE_MINUTES ago (0: never),
    and sends them to the login page saying why (back to the page they asked for, after it, when
    that was a GET). The time of the last request is kept in the session (to the minute)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not signed_in(request):
            return self.get_response(request)
        now = timezone.now().timestamp()
        last = request.session.get(LAST_SEEN)
        limit = settings.SESSION_IDLE_MINUTES * 60
        if limit > 0 and isinstance(last, int | float) and now - last > limit:
            logout(request)
            messages.info(request, IDLE_MESSAGE)
            if request.method == "GET" and request.path != reverse("logout"):
                return redirect_to_login(request.get_full_path())
            return redirect("login")
        if not isinstance(last, int | float) or now - last >= REFRESH_SECONDS:
            request.session[LAST_SEEN] = now
        return self.get_response(request)


class PasswordChangeRequired:
    """A user whose password someone else has seen (`User.must_change_password`: a reset's
    one-time password, a printed demo password) can open only the change page, sign out, and
    the static files, until they have changed it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            signed_in(request)
            and getattr(request.user, "must_change_password", False)
            and not self._exempt(request.path)
        ):
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (reverse("password_change"), reverse("logout"))
        return path in allowed or bool(settings.STATIC_URL and path.startswith(settings.STATIC_URL))
