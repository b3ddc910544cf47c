"""Notifications through a real SMTP server (aiosmtpd, started by the test on 127.0.0.1 and a free
port): the applicant's e-mails on receipt, 补正, extension and service, read back from the server
and checked (recipient, subject and body in Chinese, no personal data, never the check code); a
stopped server leaves the case saved and the message failed with its error, and the retry sends
it once the server is back; text messages through the logging backend; the staff's digest; the
case page's list of messages. The clock is pinned (time-machine)."""

from __future__ import annotations

import email
import email.policy
import io
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.tests import factories
from gongkai.core.workflow import SystemActor
from gongkai.notify import services as notify
from gongkai.notify import tasks
from gongkai.notify.models import Message
from gongkai.orgs.models import Role

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
TODAY = NOW.date()


# --- a real SMTP server -------------------------------------------------------------------------


@dataclass
class Inbox:
    """aiosmtpd's handler: every message the server accepted, parsed."""

    received: list[email.message.EmailMessage] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        self.received.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"


# aiosmtpd logs each connection from its own thread, which can outlive pytest's captured
# stream ("I/O operation on closed file" after the test); its chatter is not the test's.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port, self.inbox = port, Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages_to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.inbox.received if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(_free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "政府信息公开平台 <noreply@gongkai.example>"
    yield server
    server.stop()


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people() -> dict[str, Any]:
    agency = factories.agency("某市生态环境局", phone="0379-1111", code="HB")
    handler = factories.staff(agency, Role.HANDLER, username="chengban")
    head = factories.staff(agency, Role.HEAD, username="fuzeren")
    return {"agency": agency, "handler": handler, "head": head}


def _apply(people: dict[str, Any], on: date = TODAY, **who: Any) -> services.Received:
    return services.receive(
        agency=people["agency"],
        on=on,
        applicant=factories.applicant(
            **{"name": "李秘密", "email": "lisi@example.com", "phone": "138 0013 8000", **who}
        ),
        case={"received_on": on, "channel": "online", "description": "某企业环评批复（秘密描述）"},
    )


def _subject(message: email.message.EmailMessage) -> str:
    # Django folds a long encoded subject onto the next line ("Subject:\n =?utf-8?b?…"): the
    # unfolded value starts with that line break's space, which mail clients drop too.
    return str(message["Subject"]).strip()


def _body(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


# --- the applicant's e-mails ----------------------------------------------------------------------


def test_receipt_correction_extension_and_service_reach_the_applicant_by_smtp(
    smtp: SmtpServer,
    clock: time_machine.Traveller,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="gongkai.notify.sms")
    with django_capture_on_commit_callbacks(execute=True):
        received = _apply(people)
    case = received.application
    [receipt] = smtp.messages_to("lisi@example.com")
    assert _subject(receipt) == (
        f"【某市生态环境局】已收到您的政府信息公开申请（跟踪码 {case.tracking_code}）"
    )
    assert "noreply@gongkai.example" in receipt["From"]
    text = _body(receipt)
    assert "某市生态环境局已于2026年3月10日收到您的政府信息公开申请" in text
    assert f"答复期限：{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日" in text
    assert "http://testserver/track/" in text and "本通知不含查询码" in text
    assert received.check_code not in text and "李秘密" not in text and "秘密描述" not in text
    sms = [r.getMessage() for r in caplog.records if r.name == "gongkai.notify.sms"]
    assert sms == [
        f"短信 → 138****8000：【某市生态环境局】已收到您的政府信息公开申请"
        f"（跟踪码{case.tracking_code}），将于{case.due_date.year}年{case.due_date.month}月"
        f"{case.due_date.day}日前答复。"
    ]
    assert [(m.channel, m.recipient, m.status, m.attempts) for m in case.notifications.all()] == [
        ("email", "lisi@example.com", "sent", 1),
        ("sms", "13800138000", "sent", 1),
    ]

    # 补正: the notice's text and its deadline, without the applicant's name.
    with django_capture_on_commit_callbacks(execute=True):
        case = services.request_correction(
            case,
            people["handler"],
            on=TODAY,
            reply_by=date(2026, 3, 25),
            what="请写明所需环评批复的项目名称或文号",
        )
    correction = smtp.messages_to("lisi@example.com")[-1]
    assert _subject(correction) == (
        f"【某市生态环境局】请补正您的政府信息公开申请（跟踪码 {case.tracking_code}），"
        "补正期限2026年3月25日"
    )
    text = _body(correction)
    assert "请您对以下内容作出补正：请写明所需环评批复的项目名称或文号" in text
    assert "请于2026年3月25日前提交补正材料" in text and "网上提交补正材料" in text
    assert "李秘密" not in text and "申请人：" in text

    # The correction arrives; the handler proposes an extension, the head consents: one e-mail.
    clock.move_to(datetime(2026, 3, 12, 9, 0, tzinfo=SHANGHAI))
    with django_capture_on_commit_callbacks(execute=True):
        case = services.receive_correction(case, people["handler"], on=date(2026, 3, 12))
        case = services.propose_extension(
            case, people["handler"], on=date(2026, 3, 12), days=15, reason="需征求三个部门意见"
        )
        case = services.extend(
            case, people["head"], on=date(2026, 3, 12), days=15, reason="需征求三个部门意见"
        )
    extension = smtp.messages_to("lisi@example.com")[-1]
    assert _subject(extension).startswith("【某市生态环境局】您的政府信息公开申请答复期限已延长")
    text = _body(extension)
    assert (
        "答复期限延长15个工作日（条例第三十三条）" in text
        and "延期理由：需征求三个部门意见" in text
    )
    assert f"延长后的答复期限：{case.due_date.year}年{case.due_date.month}月" in text

    # The decision, served.
    clock.move_to(datetime(2026, 3, 20, 9, 0, tzinfo=SHANGHAI))
    with django_capture_on_commit_callbacks(execute=True):
        case = services.decide(
            case, people["handler"], on=date(2026, 3, 20), outcome="granted", note="同意公开"
        )
        case = services.serve(case, people["handler"], on=date(2026, 3, 20), method="electronic")
    served = smtp.messages_to("lisi@example.com")[-1]
    assert _subject(served) == (
        f"【某市生态环境局】您的政府信息公开申请已答复（跟踪码 {case.tracking_code}）"
    )
    text = _body(served)
    assert "办理结果：予以公开。" in text and "于2026年3月20日送达" in text
    assert "下载答复书" in text and "行政复议" in text
    # Four e-mails (receipt, 补正, extension, service) and four texts; the proposal, the decision
    # before service and the correction's receipt tell nobody.
    assert len(smtp.messages_to("lisi@example.com")) == 4
    kinds = list(case.notifications.filter(channel="email").values_list("kind", flat=True))
    assert kinds == ["received", "request_correction", "extend", "serve"]
    assert case.notifications.filter(channel="sms", status="sent").count() == 4


def test_a_stopped_smtp_server_leaves_the_case_saved_and_the_retry_sends_later(
    smtp: SmtpServer,
    clock: time_machine.Traveller,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _apply(people, phone="0379-12345678").application  # no mobile: e-mail only
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        case = services.request_correction(
            case, people["handler"], on=TODAY, reply_by=date(2026, 3, 25), what="请写明文号"
        )
    case.refresh_from_db()
    assert case.status == "correction"  # the case is saved, whatever the mail server does
    message = case.notifications.get(kind="request_correction")
    assert (message.status, message.attempts, message.sent_at) == ("failed", 1, None)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at == NOW + timedelta(minutes=1)

    # Still down at the first retry: the next one waits five times longer.
    clock.shift(timedelta(minutes=2))
    tasks.retry.enqueue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 2)
    assert message.next_attempt_at == NOW + timedelta(minutes=2) + timedelta(minutes=5)

    # A retry before its time sends nothing; once the server is back, the due retry sends it.
    smtp.start()
    tasks.retry.enqueue()
    assert Message.objects.get(pk=message.pk).attempts == 2
    clock.shift(timedelta(minutes=6))
    tasks.retry.enqueue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 3)
    assert message.sent_at == NOW + timedelta(minutes=8)
    assert "ConnectionRefusedError" in message.last_error  # the history stays readable
    _receipt, mail = smtp.messages_to("lisi@example.com")  # the receipt went before the stop
    assert _subject(mail).startswith("【某市生态环境局】请补正您的政府信息公开申请")

    # The staff see both on the case's page.
    client = Client()
    client.force_login(people["handler"])
    page = client.get(reverse("office:case", args=[case.pk])).content.decode()
    assert "通知申请人" in page and "补正通知（电子邮件）" in page and "受理通知" in page
    assert "已于 2026-03-10 10:08 发送" in page and "ConnectionRefusedError" in page


def test_a_failed_send_is_queued_again_for_its_backoff_time(
    settings: Any, clock: time_machine.Traveller, people: dict[str, Any]
) -> None:
    """Where the task backend can defer (the database backend of production), a failure queues
    the next attempt at its time."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFY_SMS_BACKEND = "gongkai.tests.test_notifications.BrokenGateway"
    case = factories.case(people["agency"], TODAY, who=factories.applicant(phone="13900000000"))
    message = notify.queue_for_case(case.pk, "received", case.events.get().pk)[0]
    tasks.deliver.call(message.pk)  # as the worker runs it
    message.refresh_from_db()
    assert (message.status, message.last_error) == ("failed", "OSError: 短信网关无响应")
    queued = DBTaskResult.objects.get(task_path=tasks.deliver.module_path)
    assert queued.run_after == NOW + timedelta(minutes=1) and queued.args_kwargs["args"] == [
        message.pk
    ]


class BrokenGateway:
    def send(self, to: str, text: str) -> None:
        raise OSError("短信网关无响应")


def test_attempts_stop_after_the_last_retry(
    settings: Any, clock: time_machine.Traveller, people: dict[str, Any]
) -> None:
    settings.NOTIFY_SMS_BACKEND = "gongkai.tests.test_notifications.BrokenGateway"
    case = factories.case(people["agency"], TODAY, who=factories.applicant(phone="13900000000"))
    message = notify.queue_for_case(case.pk, "received", case.events.get().pk)[0]
    for _ in range(notify.MAX_ATTEMPTS):
        message = notify.deliver(message.pk)
        clock.shift(timedelta(days=1))
    assert (message.status, message.attempts, message.next_attempt_at) == ("failed", 6, None)
    assert notify.retry_due() == []  # given up: on the timeline for the staff to follow up


def test_a_failing_notification_never_rolls_back_the_case(
    monkeypatch: pytest.MonkeyPatch,
    clock: time_machine.Traveller,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("模板出错")

    monkeypatch.setattr(notify, "compose", broken)
    with django_capture_on_commit_callbacks(execute=True):
        received = _apply(people)
    received.application.refresh_from_db()
    assert received.application.status == "registered"
    assert Message.objects.count() == 0
    assert "模板出错" in caplog.text


def test_what_the_platform_records_by_itself_tells_nobody(
    clock: time_machine.Traveller, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    """A register import's past decision and service (a SystemActor), and a case registered
    already concluded, are history, not news."""
    case = factories.case(people["agency"], date(2026, 2, 2), on=TODAY)
    importer = SystemActor("台账导入")
    with django_capture_on_commit_callbacks(execute=True):
        case = services.decide(case, importer, on=date(2026, 2, 20), outcome="granted")
        services.serve(case, importer, on=date(2026, 2, 21), method="post")
    assert not case.notifications.exists()
    # Receipt and conclusion in one transaction (an import): no receipt notice at commit.
    with django_capture_on_commit_callbacks(execute=True):
        other = factories.case(people["agency"], date(2026, 1, 5), on=TODAY)
        services.decide(other, importer, on=date(2026, 1, 20), outcome="granted")
        services.serve(other, importer, on=date(2026, 1, 21), method="post")
    assert not other.notifications.exists()


# --- the staff's digest --------------------------------------------------------------------------


def test_the_daily_digest_tells_handlers_and_heads_of_near_due_cases(
    smtp: SmtpServer, clock: time_machine.Traveller, people: dict[str, Any]
) -> None:
    agency, handler, head = people["agency"], people["handler"], people["head"]
    handler.email, head.email = "chengban@gov.example", "fuzeren@gov.example"
    handler.save()
    head.save()
    other_handler = factories.staff(agency, Role.HANDLER)
    other_handler.email = "other@gov.example"
    other_handler.save()
    above = factories.staff(factories.agency("某市人民政府"), Role.HEAD)  # not above this agency
    above.email = "elsewhere@gov.example"
    above.save()
    overdue = factories.case(agency, date(2026, 1, 5), on=TODAY)  # due in early February
    services.assign(overdue, handler, handler)
    soon = factories.case(agency, date(2026, 2, 10), on=TODAY)  # due about 13 March
    services.assign(soon, head, other_handler)
    factories.case(agency, TODAY, on=TODAY)  # a month to go: not in the digest
    sent = notify.send_digest(TODAY)
    assert sorted(m.recipient for m in sent) == [
        "chengban@gov.example",
        "fuzeren@gov.example",
        "other@gov.example",
    ]
    assert all(m.case is None for m in sent)
    assert {Message.objects.get(pk=m.pk).status for m in sent} == {"sent"}
    [to_handler] = smtp.messages_to("chengban@gov.example")
    assert _subject(to_handler) == "【政府信息公开】2026年3月10日临期案件提醒：1件，其中已逾期1件"
    text = _body(to_handler)
    assert overdue.tracking_code in text and "已逾期" in text and soon.tracking_code not in text
    assert f"http://testserver/office/cases/{overdue.pk}/" in text
    [to_head] = smtp.messages_to("fuzeren@gov.example")
    text = _body(to_head)
    assert overdue.tracking_code in text and soon.tracking_code in text and "剩余" in text
    assert not smtp.messages_to("elsewhere@gov.example")
    # Once a day: the command run again the same day sends nothing new.
    call_command("notify_digest", stdout=(out := io.StringIO()))
    assert out.getvalue() == "重试通知 0 条；发出临期提醒 0 封\n"
    assert len(smtp.inbox.received) == 3
