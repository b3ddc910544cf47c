"""Telling applicants what happened to their case, and staff what is nearly due.

    on_case_changed   the receiver of applications.signals.case_changed: on receipt, a 补正
                      request, an extension and the service of the decision, after the case's
                      transaction commits, the messages are written (queued) and handed to the
                      task that sends them
    deliver           one attempt at sending one message: sent, or failed with the error and the
                      time of the next attempt (backoff); never raises
    retry_due         every unsent message whose next attempt is due (the daily task, the command)
    send_digest       the daily e-mail of near-due and overdue cases to their handlers and heads

Nothing here can hold up or undo a case: the messages are written after the case has committed,
in their own transaction (a failure there is logged, not raised: `on_commit(robust=True)`), and
sending happens in the task worker (tests: at once). What the platform records by itself (a
register import, the demo data: a `SystemActor`) tells nobody, and a case registered already
concluded (an import of last year's register) gets no receipt notice.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.applications import documents, services, workflow
from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.workflow import Action
from gongkai.calendar import services as calendar_services
from gongkai.core.workflow import SystemActor
from gongkai.notify import sms
from gongkai.notify.models import Channel, Kind, Message, Status
from gongkai.orgs.models import Membership, Role

log = logging.getLogger(__name__)

TRIGGERS = {
    CaseEvent.RECEIVED: Kind.RECEIVED,
    Action.REQUEST_CORRECTION.value: Kind.CORRECTION,
    Action.EXTEND.value: Kind.EXTENSION,
    Action.SERVE.value: Kind.SERVED,
}
MAX_ATTEMPTS = 6  # then it stays failed, on the case's timeline, for the staff to follow up
FIRST_RETRY = timedelta(minutes=1)  # then ×5: 1 min, 5 min, 25 min, about 2 h, about 10 h
_MOBILE = re.compile(r"1[3-9]\d{9}")


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


# --- the applicant's messages ---------------------------------------------------------------------


def on_case_changed(
    sender: Any, case: Application, action: str, event: CaseEvent, actor: Any = None, **_: Any
) -> None:
    """applications.signals.case_changed: inside the case's transaction, so only a callback is
    registered; it runs once the case is committed, and never if it rolls back."""
    if action not in TRIGGERS or isinstance(actor, SystemActor):
        return
    case_pk, event_pk = case.pk, event.pk

    def queue_and_send() -> None:  # a named function: Django logs a robust callback's __qualname__
        from gongkai.notify import tasks  # the tasks call services: imported when used

        for message in queue_for_case(case_pk, action, event_pk):
            tasks.send(message)

    transaction.on_commit(queue_and_send, robust=True)


def queue_for_case(case_pk: int, action: str, event_pk: int) -> list[Message]:
    """The messages (e-mail when the applicant gave an address, SMS when a mobile number) for
    the step `action` of the case, written as queued."""
    case = Application.objects.select_related("agency", "applicant").get(pk=case_pk)
    events = list(case.events.all())
    if action == CaseEvent.RECEIVED and (
        case.status == workflow.Status.CLOSED or any(e.action == CaseEvent.IMPORTED for e in events)
    ):
        return []  # a register's past case: nobody is waiting to hear of it
    event = next((e for e in events if e.pk == event_pk), None)
    if event is None:
        return []
    text = compose(case, TRIGGERS[action], event, events)
    made = []
    with transaction.atomic():
        if case.applicant.email:
            made.append(
                Message.objects.create(
                    case=case,
                    kind=TRIGGERS[action],
                    channel=Channel.EMAIL,
                    recipient=case.applicant.email,
                    subject=text.subject,
                    body=text.body,
                )
            )
        if mobile := mobile_number(case.applicant.phone):
            made.append(
                Message.objects.create(
                    case=case,
                    kind=TRIGGERS[action],
                    channel=Channel.SMS,
                    recipient=mobile,
                    subject=text.subject,
                    body=text.short,
                )
            )
    return made


def mobile_number(phone: str) -> str:
    """A mainland mobile number out of what the applicant typed (spaces, dashes, +86), or ""."""
    digits = re.sub(r"[\s\-()（）]", "", phone or "").removeprefix("+86").removeprefix("0086")
    return digits if _MOBILE.fullmatch(digits) else ""


@dataclass(frozen=True)
class Text:
    subject: str
    body: str  # the e-mail
    short: str  # the text message


def compose(case: Application, kind: str, event: CaseEvent, events: list[CaseEvent]) -> Text:
    """The words of a message. No personal data beyond what the recipient gave (no name, no ID
    number, no request text: a mistyped address reaches a stranger); never the check code."""
    agency = case.agency
    code = case.tracking_code
    track = _track_link()
    due = _day(case.due_date) + (f"（{case.due_caveat()}）" if case.due_caveat() else "")
    if kind == Kind.RECEIVED:
        subject = f"已收到您的政府信息公开申请（跟踪码 {code}）"
        lines = [
            f"{agency.name}已于{_day(case.received_on)}收到您的政府信息公开申请，跟踪码 {code}。",
            f"答复期限：{due}。如需补正、征求意见或依法延期，期限会相应调整，调整时将另行通知您。",
        ]
        short = f"已收到您的政府信息公开申请（跟踪码{code}），将于{_day(case.due_date)}前答复。"
    elif kind == Kind.CORRECTION:
        reply_by = _day(date.fromisoformat(event.data["reply_by"]))
        notice = documents.notice_text(case, "correction", events, public=True)[1]
        subject = f"请补正您的政府信息公开申请（跟踪码 {code}），补正期限{reply_by}"
        lines = [
            f"{agency.name}请您补正政府信息公开申请（跟踪码 {code}），补正期限为{reply_by}。",
            "补正告知书：",
            *(f"　　{line}" for line in notice.split("\n") if line.strip()),
            "您可以在“查询进度”页面凭跟踪码和查询码阅读补正告知书并在网上提交补正材料。",
        ]
        short = f"请您于{reply_by}前补正政府信息公开申请（跟踪码{code}），详见查询进度页面。"
    elif kind == Kind.EXTENSION:
        days = event.data.get("days", "")
        subject = f"您的政府信息公开申请答复期限已延长（跟踪码 {code}）"
        lines = [
            f"经政府信息公开工作机构负责人同意，{agency.name}将您的政府信息公开申请（跟踪码 {code}）"
            f"的答复期限延长{days}个工作日（条例第三十三条）。",
            f"延期理由：{event.note}" if event.note else "",
            f"延长后的答复期限：{due}。",
        ]
        short = f"您的政府信息公开申请（跟踪码{code}）答复期限已延长至{_day(case.due_date)}。"
    elif kind == Kind.SERVED:
        outcome = case.get_outcome_display() if case.outcome else ""
        subject = f"您的政府信息公开申请已答复（跟踪码 {code}）"
        lines = [
            f"{agency.name}已对您的政府信息公开申请（跟踪码 {code}）作出答复，"
            f"于{_day(case.served_on)}送达。",
            f"办理结果：{outcome}。" if outcome else "",
            "您可以在“查询进度”页面凭跟踪码和查询码下载答复书（Word 或 PDF）。",
            documents.REMEDY,
        ]
        short = (
            f"{agency.name}已答复您的政府信息公开申请（跟踪码{code}），可在查询进度页面下载答复书。"
        )
    else:
        raise ValueError(kind)
    footer = [
        "",
        f"查询办理进度：{track}" if track else "查询办理进度：政府信息公开平台“查询进度”页面",
        "（查询码只在提交申请时告知您一次，本通知不含查询码。）",
        "",
        agency.name + (f"　电话 {agency.phone}" if agency.phone else ""),
        "本邮件由系统自动发送，请勿直接回复。",
    ]
    body = "您好：\n\n" + "\n".join(line for line in lines if line) + "\n" + "\n".join(footer)
    return Text(f"【{agency.name}】{subject}"[:200], body, f"【{agency.name}】{short}")


def _track_link() -> str:
    base = settings.NOTIFY_SITE_URL.rstrip("/")
    return f"{base}/track/" if base else ""


# --- sending --------------------------------------------------------------------------------------


def deliver(message_id: int, now: datetime | None = None) -> Message:
    """One attempt at sending. The attempt is claimed by raising `attempts` from the value read
    (two workers never both send it); the send happens outside any transaction (an SMTP server's
    slowness holds no lock); then the message is sent, or failed with the error and the next
    attempt's time (None after MAX_ATTEMPTS)."""
    message = Message.objects.get(pk=message_id)
    if message.status == Status.SENT:
        return message
    claimed = Message.objects.filter(
        pk=message.pk, attempts=message.attempts, status__in=[Status.QUEUED, Status.FAILED]
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        message.refresh_from_db()
        return message
    message.attempts += 1
    try:
        _send(message)
    except Exception as exc:  # any failure of the backend: recorded, retried, never raised
        message.status = Status.FAILED
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.next_attempt_at = (
            (now or timezone.now()) + FIRST_RETRY * 5 ** (message.attempts - 1)
            if message.attempts < MAX_ATTEMPTS
            else None
        )
        log.warning("通知 %s 发送失败（第%s次）：%s", message.pk, message.attempts, exc)
    else:
        message.status = Status.SENT
        message.sent_at = now or timezone.now()
        message.next_attempt_at = None
    message.save(update_fields=["status", "last_error", "next_attempt_at", "sent_at"])
    return message


def _send(message: Message) -> None:
    if message.channel == Channel.EMAIL:
        EmailMessage(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient],
        ).send(fail_silently=False)
    else:
        sms.backend().send(message.recipient, message.body)


def due_messages(now: datetime | None = None) -> Any:
    """Unsent messages whose time has come: failed ones due for their retry, and queued ones the
    worker has not taken for ten minutes (it was down)."""
    now = now or timezone.now()
    failed = Message.objects.filter(status=Status.FAILED, next_attempt_at__lte=now)
    stuck = Message.objects.filter(
        status=Status.QUEUED, created_at__lte=now - timedelta(minutes=10)
    )
    return (failed | stuck).order_by("pk")


def retry_due(now: datetime | None = None) -> list[Message]:
    return [deliver(message.pk, now) for message in due_messages(now)]


# --- the staff's daily digest ---------------------------------------------------------------------


@dataclass(frozen=True)
class Near:
    case: Application
    mark: str  # "overdue" | "due_soon"
    left: int | None  # working days left


def near_due(today: date) -> list[Near]:
    """Open cases overdue or due within the workbench's five working days."""
    calendar = calendar_services.current()
    found = []
    cases = (
        Application.objects.open()
        .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=14))
        .select_related("agency", "handler")
        .order_by("due_date", "pk")
    )
    for case in cases:
        mark, left = services.due_status(case, calendar, today)
        if mark:
            found.append(Near(case, mark, left))
    return found


def digest_recipients(near: Iterable[Near]) -> dict[Any, list[Near]]:
    """Who hears of each case: its handler (an unassigned case: its agency's handlers), and every
    head of its agency or one above (orgs: a head's reach is the subtree)."""
    near = list(near)
    memberships = list(
        Membership.objects.filter(role__in=[Role.HANDLER, Role.HEAD], user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "agency")
    )
    by_user: dict[Any, list[Near]] = defaultdict(list)
    for item in near:
        agency = item.case.agency
        for membership in memberships:
            user = membership.user
            if membership.role == Role.HEAD:
                reaches = agency.path.startswith(membership.agency.path)
            elif item.case.handler_id is not None:
                reaches = item.case.handler_id == user.pk
            else:
                reaches = membership.agency_id == agency.pk
            if reaches and item not in by_user[user]:
                by_user[user].append(item)
    return {user: items for user, items in by_user.items() if items}


def send_digest(today: date | None = None) -> list[Message]:
    """One e-mail per handler or head with near-due cases; once a day (a second run the same day
    sends nothing new)."""
    from gongkai.notify import tasks

    today = today or timezone.localdate()
    base = settings.NOTIFY_SITE_URL.rstrip("/")
    made = []
    for user, items in digest_recipients(near_due(today)).items():
        already = Message.objects.filter(
            kind=Kind.DIGEST,
            recipient=user.email,
            created_at__date=today,
        ).exists()
        if already:
            continue
        overdue = sum(1 for item in items if item.mark == "overdue")
        subject = f"【政府信息公开】{_day(today)}临期案件提醒：{len(items)}件" + (
            f"，其中已逾期{overdue}件" if overdue else ""
        )
        lines = [f"{user}：", "", "以下依申请公开案件答复期限将至或已过，请及时办理：", ""]
        for item in items:
            case = item.case
            left = "已逾期" if item.mark == "overdue" else f"剩余{item.left}个工作日"
            link = f"　{base}/office/cases/{case.pk}/" if base else ""
            lines.append(
                f"· {case.tracking_code}　{case.agency.name}　答复期限{_day(case.due_date)}"
                f"（{left}）　{case.get_status_display()}　承办人：{case.handler or '未指定'}{link}"
            )
        lines += ["", "本邮件由系统每日自动发送，请勿直接回复。"]
        message = Message.objects.create(
            kind=Kind.DIGEST,
            channel=Channel.EMAIL,
            recipient=user.email,
            subject=subject,
            body="\n".join(lines),
        )
        made.append(message)
        tasks.send(message)
    return made
