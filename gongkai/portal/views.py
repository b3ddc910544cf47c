"""The public side: where to apply, the online application form, and following a case.

No personal data of any applicant appears here; a case is shown only to whoever holds both its
tracking code and its check code, and a wrong pair gets the same answer as an unknown one.
Wrong pairs are limited per client and per tracking code (TRACK_PER_*): past a limit every
attempt, a right one included, is refused until the window ends.

After a right pair the session keeps the applicant on their case for TRACK_SESSION (counted from
their last request; 结束查询 ends it at once): a signed value naming the case and the first
characters of its check code's digest, so that answering a 补正 and downloading the notices need
the codes only once. Re-posting the codes in hidden fields would put the check code into every
page's HTML (the browser's cache and form restore on a shared computer) and into download links,
and would pass each re-post through the guessing limits again; the session value holds no code,
expires by itself and stops working if the case's check code is ever changed.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.applications import documents, services
from gongkai.applications.models import Application, Channel
from gongkai.applications.public import PublicStatus, applicant_may_download, public_status
from gongkai.core import throttle
from gongkai.core.downloads import download
from gongkai.portal.forms import ApplicantForm, ApplyForm, CorrectionForm, TrackForm

_ACK = "portal.acknowledgement"
# An applicant mistypes a few times; a guesser needs about 10¹⁸ tries for a 12-character code
# (10⁶ for a six-digit one given out before): 10 an hour per case makes either hopeless.
TRACK_PER_CLIENT = throttle.Limit("track-client", failures=10, window=timedelta(minutes=15))
TRACK_PER_CODE = throttle.Limit("track-code", failures=10, window=timedelta(hours=1))
# How long the right codes keep the applicant on their case without a request (a correction is
# read, written and its files found in that time; a shared computer forgets it soon after).
TRACK_SESSION = timedelta(minutes=30)
_TRACKED = "portal.tracked"
_SALT = "gongkai.portal.track"
_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


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


@never_cache
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
            request.session.cycle_key()  # a session planted before the codes learns nothing
            _remember(request, case)
            form = TrackForm()  # the codes are not written back into the page
        else:
            throttle.count_failure(attempts, now)
            form.add_error(None, "跟踪码或查询码不正确，请核对后重试")
    elif request.method == "GET" and (case := _tracked_case(request)):
        form = TrackForm()
    return _track_page(request, form, case, status=status)


@never_cache
@require_POST
def track_correction(request: HttpRequest) -> HttpResponse:
    """The applicant answers the 补正 notice online (text and files)."""
    case = _tracked_case(request)
    if case is None:
        return _expired(request)
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.answer_correction_online(
                case, text=form.cleaned_data["text"], uploads=form.cleaned_data["attachments"]
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "已收到您的补正材料。答复期限自今日起重新计算，新的答复期限见下方。",
            )
            return redirect("portal:track")
        case.refresh_from_db()
    return _track_page(request, TrackForm(), case, correction_form=form, status=422)


@never_cache
@require_GET
def track_document(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A notice of the applicant's own case, as Word or PDF: only those public.APPLICANT_DOCUMENTS
    names, the reply only once served."""
    case = _tracked_case(request)
    if case is None:
        return _expired(request)
    events = list(case.events.all())
    if fmt not in _FORMATS or not applicant_may_download(kind, events):
        raise Http404("没有这份文书")
    render_as = documents.render_notice_pdf if fmt == "pdf" else documents.render_notice
    content = render_as(case, kind, events)
    title = documents.template_for(case, kind)[0]
    # never_cache: no copy kept by a browser or a proxy (the applicant's name is in it).
    return download(content, f"{title}-{case.tracking_code}.{fmt}", _FORMATS[fmt])


@require_POST
def track_forget(request: HttpRequest) -> HttpResponse:
    """结束查询: the session forgets the case (for a shared computer)."""
    request.session.pop(_TRACKED, None)
    messages.info(request, "已结束查询。再次查看需重新输入跟踪码和查询码。")
    return redirect("portal:track")


def _track_page(
    request: HttpRequest,
    form: TrackForm,
    case: Application | None,
    *,
    status: int,
    correction_form: CorrectionForm | None = None,
) -> HttpResponse:
    tracked = _public(case) if case else None
    if tracked and tracked.correction and tracked.correction.may_answer:
        correction_form = correction_form or CorrectionForm()
    else:
        correction_form = None
    return render(
        request,
        "portal/track.html",
        # Only what the public may see (applications.public), never the case itself.
        {
            "form": form,
            "tracked": tracked,
            "correction_form": correction_form,
            "session_minutes": int(TRACK_SESSION.total_seconds() // 60),
        },
        status=status,
    )


def _public(case: Application) -> PublicStatus:
    events = list(case.events.all())
    notices = documents.ApplicantNotices(case, events)
    return public_status(case, events, notices, timezone.localdate())


def _case_for(tracking_code: str, check_code: str) -> Application | None:
    found = Application.objects.select_related("agency").filter(tracking_code=tracking_code).first()
    return found if found and services.check_code_matches(found, check_code) else None


def _remember(request: HttpRequest, case: Application) -> None:
    value = {"case": case.pk, "key": case.check_code_hash[:16]}
    request.session[_TRACKED] = signing.dumps(value, salt=_SALT)


def _tracked_case(request: HttpRequest) -> Application | None:
    """The case whose codes this session gave within TRACK_SESSION (the window starts again
    with each request), or None."""
    value = request.session.get(_TRACKED)
    if not value:
        return None
    try:
        data: dict[str, Any] = signing.loads(value, salt=_SALT, max_age=TRACK_SESSION)
    except (signing.BadSignature, KeyError, TypeError, ValueError):  # expired, or not ours
        request.session.pop(_TRACKED, None)
        return None
    case = Application.objects.select_related("agency").filter(pk=int(data["case"])).first()
    if case is None or not hmac.compare_digest(case.check_code_hash[:16], str(data.get("key"))):
        request.session.pop(_TRACKED, None)
        return None
    _remember(request, case)
    return case


def _expired(request: HttpRequest) -> HttpResponse:
    minutes = int(TRACK_SESSION.total_seconds() // 60)
    messages.info(
        request, f"请输入跟踪码和查询码查看您的申请（超过{minutes}分钟未操作会自动结束查询）。"
    )
    return redirect("portal:track")
