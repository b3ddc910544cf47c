"""The public side: where to apply, the online application form, and following a case.

No personal data of any applicant appears here; a case is shown only to whoever holds both its
tracking code and its check code, and a wrong pair gets the same answer as an unknown one.
Wrong pairs are limited per client and per tracking code (TRACK_PER_*): past a limit every
attempt, a right one included, is refused until the window ends.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.applications import services
from gongkai.applications.models import Application, Channel
from gongkai.applications.public import public_status
from gongkai.core import throttle
from gongkai.portal.forms import ApplicantForm, ApplyForm, TrackForm

_ACK = "portal.acknowledgement"
# An applicant mistypes a few times; a guesser needs about 10¹⁸ tries for a 12-character code
# (10⁶ for a six-digit one given out before): 10 an hour per case makes either hopeless.
TRACK_PER_CLIENT = throttle.Limit("track-client", failures=10, window=timedelta(minutes=15))
TRACK_PER_CODE = throttle.Limit("track-code", failures=10, window=timedelta(hours=1))


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = ApplyForm(post, prefix="case", initial={"agency": request.GET.get("agency")})
    applicant_form = ApplicantForm(post, prefix="applicant")
    if post is not None and form.is_valid() and applicant_form.is_valid():
        today = timezone.localdate()
        case = {k: v for k, v in form.cleaned_data.items() if k not in ("agency", "confirm")}
        try:
            received = services.receive(
                agency=form.cleaned_data["agency"],
                applicant=applicant_form.cleaned_data,
                case={**case, "channel": Channel.ONLINE, "received_on": today},
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            request.session[_ACK] = {
                "pk": received.application.pk,
                "check_code": received.check_code,
            }
            return redirect("portal:apply_done")
    return render(
        request,
        "portal/apply.html",
        {"form": form, "applicant_form": applicant_form},
        status=422 if post is not None else 200,
    )


def apply_done(request: HttpRequest) -> HttpResponse:
    acknowledgement = request.session.pop(_ACK, None)
    if not acknowledgement:
        messages.info(request, "回执只显示一次。请凭跟踪码和查询码查询办理进度。")
        return redirect("portal:track")
    case = Application.objects.select_related("agency").get(pk=acknowledgement["pk"])
    return render(
        request,
        "portal/apply_done.html",
        {"case": case, "check_code": acknowledgement["check_code"]},
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    case = None
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        tracking_code = form.cleaned_data["tracking_code"].strip().upper()
        attempts = [
            (TRACK_PER_CLIENT, throttle.client_address(request) or "unknown"),
            (TRACK_PER_CODE, tracking_code),
        ]
        now = timezone.now()
        until = throttle.blocked_until(attempts, now)
        if until is not None:
            form.add_error(None, throttle.refusal(until))
            status = 429
        elif case := _case_for(tracking_code, form.cleaned_data["check_code"]):
            status = 200
        else:
            throttle.count_failure(attempts, now)
            form.add_error(None, "跟踪码或查询码不正确，请核对后重试")
    return render(
        request,
        "portal/track.html",
        # Only what the public may see (applications.public), never the case itself.
        {"form": form, "tracked": public_status(case) if case else None},
        status=status,
    )


def _case_for(tracking_code: str, check_code: str) -> Application | None:
    found = Application.objects.select_related("agency").filter(tracking_code=tracking_code).first()
    return found if found and services.check_code_matches(found, check_code) else None
