"""Every change to a case goes through one function here: it checks the transition against the
workflow table and the actor's role, validates the dates, saves with update_fields inside one
transaction, writes one event row (who, when, what, before/after) and recomputes the deadline.

Errors are CaseError with a Chinese message; nothing is half-saved.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications import deadlines, fees, workflow
from gongkai.applications.idnumbers import credit_code_error, resident_id_error
from gongkai.applications.models import Applicant, Application, CaseEvent, IdType
from gongkai.applications.workflow import Action, Status
from gongkai.calendar import services as calendar_services
from gongkai.calendar.workdays import CalendarNotCovered, WorkCalendar
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, Role

EARLIEST_RECEIPT = date(2008, 5, 1)  # 《政府信息公开条例》施行
SERVICE_METHODS = {
    "direct": "直接送达（以申请人签收之日为准）",
    "entrusted": "委托其他行政机关代为送达（以签收之日为准）",
    "post": "邮政企业邮寄送达（以交邮之日为准）",
    "electronic": "通过申请人选择的电子途径送达（以发送之日为准）",
}
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_TRACKED = [
    "status",
    "outcome",
    "due_date",
    "handler_id",
    "concluded_on",
    "served_on",
    "period_start",
    "fee_amount",
    "met_deadline",
]


class CaseError(ValueError):
    """A change the rules do not allow, with the reason in Chinese."""


class StaleCase(CaseError):
    def __init__(self) -> None:
        super().__init__("该案件已被他人修改，请刷新页面查看最新情况后再操作")


def today() -> date:
    return timezone.localdate()


# --- validation shared with the forms -------------------------------------------------------


def id_number_error(id_type: str, number: str, on: date | None = None) -> str | None:
    if id_type == IdType.RESIDENT_ID:
        return resident_id_error(number, on)
    if id_type == IdType.CREDIT_CODE:
        return credit_code_error(number)
    return None if number.strip() else "请填写证件号码"


def received_on_error(received_on: date, on: date) -> str | None:
    if received_on > on:
        return "收到申请日期不能晚于今天"
    if received_on < EARLIEST_RECEIPT:
        return "收到申请日期不能早于2008年5月1日（《政府信息公开条例》施行之日）"
    return None


# --- receiving --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    application: Application
    check_code: str  # shown once to the applicant, stored only as a hash


def check_hash(tracking_code: str, check_code: str) -> str:
    return hashlib.sha256(f"{tracking_code}:{check_code}".encode()).hexdigest()


def check_code_matches(application: Application, check_code: str) -> bool:
    return hmac.compare_digest(
        application.check_code_hash, check_hash(application.tracking_code, check_code.strip())
    )


def receive(
    *,
    agency: Agency,
    applicant: dict[str, Any],
    case: dict[str, Any],
    actor: Any = None,
    on: date | None = None,
) -> Received:
    """Register an application from any channel (条例第三十一条) and start its clock."""
    on = on or today()
    received_on = case["received_on"]
    problem = received_on_error(received_on, on) or id_number_error(
        applicant["id_type"], applicant["id_number"], on
    )
    if problem:
        raise CaseError(problem)
    for _ in range(8):  # a random tracking code collides about once in 10^9 cases: retry
        try:
            return _create(agency, applicant, case, actor, on)
        except IntegrityError as exc:
            if "tracking_code" not in str(exc):
                raise
    raise CaseError("生成跟踪码失败，请重试")


@transaction.atomic
def _create(
    agency: Agency, applicant_data: dict[str, Any], case: dict[str, Any], actor: Any, on: date
) -> Received:
    check_code = "".join(secrets.choice("0123456789") for _ in range(6))
    prefix = (agency.code or "GK").upper()
    random_part = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    tracking_code = f"{prefix}{case['received_on']:%Y}-{random_part}"
    applicant = Applicant.objects.create(**applicant_data)
    application = Application.objects.create(
        agency=agency,
        applicant=applicant,
        tracking_code=tracking_code,
        check_code_hash=check_hash(tracking_code, check_code),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **case,
    )
    CaseEvent.objects.create(
        application=application,
        kind=CaseEvent.RECEIVED,
        on=application.received_on,
        actor=_actor(actor),
        after=_snapshot(application),
        data={"channel": application.channel},
    )
    _refresh_deadline(application, on)
    application.save(update_fields=["period_start", "due_date", "due_estimated"])
    _link_repeat(application, actor)
    return Received(application, check_code)


def _normalise(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text)


def _link_repeat(application: Application, actor: Any) -> None:
    """条例第三十六条第（六）项: the same applicant asking again for what was answered before."""
    earlier = (
        Application.objects.filter(
            agency=application.agency,
            applicant__id_number=application.applicant.id_number,
            concluded_on__isnull=False,
        )
        .exclude(pk=application.pk)
        .order_by("-received_on")[:50]
    )
    wanted = _normalise(application.description)
    for candidate in earlier:
        if SequenceMatcher(None, wanted, _normalise(candidate.description)).ratio() >= 0.8:
            application.repeat_of = candidate
            application.save(update_fields=["repeat_of"])
            CaseEvent.objects.create(
                application=application,
                kind=CaseEvent.LINKED,
                on=application.received_on,
                actor=_actor(actor),
                data={"repeat_of": candidate.tracking_code},
                note=f"与{candidate.tracking_code}的申请内容相同或相近，请核实是否属于重复申请",
            )
            return


# --- the clock ----------------------------------------------------------------------------------


def clock_of(application: Application, events: list[CaseEvent] | None = None) -> deadlines.Clock:
    events = events if events is not None else list(application.events.all())
    requested = corrected = custom = None
    extension = 0
    pauses: list[deadlines.Pause] = []
    open_pause: deadlines.Pause | None = None
    for event in events:
        if event.kind == Action.REQUEST_CORRECTION:
            requested = event.on
        elif event.kind == Action.RECEIVE_CORRECTION:
            corrected = event.on
        elif event.kind == Action.EXTEND:
            extension = int(event.data.get("days", 0))
        elif event.kind == Action.SET_CUSTOM_DEADLINE:
            custom = date.fromisoformat(event.data["due"])
        elif event.kind in (Action.START_CONSULTATION, Action.SEND_FEE_NOTICE):
            kind = event.data.get("kind", "fee")
            open_pause = deadlines.Pause(kind, event.on)
        elif event.kind in (Action.END_CONSULTATION, Action.RECORD_PAYMENT) and open_pause:
            pauses.append(deadlines.Pause(open_pause.kind, open_pause.start, event.on))
            open_pause = None
    if open_pause:
        pauses.append(open_pause)
    return deadlines.Clock(
        application.received_on, requested, corrected, tuple(pauses), extension, custom
    )


def deadline_of(
    application: Application,
    on: date | None = None,
    calendar: WorkCalendar | None = None,
    explain: bool = True,
) -> deadlines.Deadline:
    return deadlines.compute(
        clock_of(application),
        calendar or calendar_services.current(),
        on or today(),
        explain=explain,
    )


def _refresh_deadline(application: Application, on: date) -> deadlines.Deadline:
    deadline = deadline_of(application, on, explain=False)
    application.period_start = deadline.counts_from
    application.due_date = deadline.reply_due  # None while a correction is awaited
    application.due_estimated = deadline.estimated
    return deadline


# --- transitions ----------------------------------------------------------------------------------


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _snapshot(application: Application) -> dict[str, Any]:
    return {field: _plain(getattr(application, field)) for field in _TRACKED}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _transition(
    application: Application,
    action: Action,
    actor: Any,
    version: int | None,
    on: date,
    change: Callable[[Application], dict[str, Any]] | None = None,
    note: str = "",
    today_: date | None = None,
) -> Application:
    current = today_ or today()
    with transaction.atomic():
        case = (
            Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
        )
        if version is not None and case.version != version:
            raise StaleCase()
        if actor is not None and not (
            org_access.roles_in(actor, case.agency) & workflow.ACTION_ROLES[action]
        ):
            allowed = "、".join(Role(r).label for r in workflow.ACTION_ROLES[action])
            raise CaseError(f"“{action.label}”只能由{allowed}办理")
        try:
            new_status = workflow.next_status(Status(case.status), action)
        except workflow.ForbiddenTransition as exc:
            raise CaseError(str(exc)) from exc
        if on > current:
            raise CaseError("日期不能晚于今天")
        if on < case.received_on:
            raise CaseError(f"日期不能早于收到申请之日（{case.received_on.isoformat()}）")
        before = _snapshot(case)
        data = change(case) if change else {}
        case.status = new_status
        if action in workflow.OUTCOME_OF_ACTION:
            case.outcome = workflow.OUTCOME_OF_ACTION[action]
            case.concluded_on = on
        event = CaseEvent.objects.create(
            application=case,
            kind=action.value,
            on=on,
            actor=_actor(actor),
            before=before,
            data=data,
            note=note,
        )
        _refresh_deadline(case, current)
        case.version += 1
        case.save(update_fields=[*_SAVED, "version", "outcome_note", "service_method"])
        event.after = _snapshot(case)
        event.save(update_fields=["after"])
    return case


_SAVED = [
    "status",
    "outcome",
    "due_date",
    "due_estimated",
    "concluded_on",
    "served_on",
    "period_start",
    "fee_amount",
    "met_deadline",
]


def _events(case: Application, kind: Action) -> list[CaseEvent]:
    return [e for e in case.events.all() if e.kind == kind]


def request_correction(
    application: Application,
    actor: Any,
    *,
    on: date,
    reply_by: date,
    what: str,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """条例第三十条: one notice, within 7 working days, naming what to correct and by when."""

    def change(case: Application) -> dict[str, Any]:
        if _events(case, Action.REQUEST_CORRECTION):
            raise CaseError("补正只能告知一次（条例第三十条）")
        due = deadline_of(case, on).correction_notice_due
        if on > due:
            raise CaseError(
                f"补正告知须在收到申请之日起7个工作日内作出，本案期限为{due.isoformat()}"
            )
        if reply_by <= on:
            raise CaseError("补正期限应晚于告知之日")
        return {"reply_by": reply_by.isoformat(), "what": what}

    return _transition(
        application, Action.REQUEST_CORRECTION, actor, version, on, change, what, today_
    )


def receive_correction(
    application: Application,
    actor: Any,
    *,
    on: date,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    def change(case: Application) -> dict[str, Any]:
        requested = _events(case, Action.REQUEST_CORRECTION)[-1]
        if on < requested.on:
            raise CaseError("收到补正材料的日期不能早于告知补正之日")
        return {}

    return _transition(
        application, Action.RECEIVE_CORRECTION, actor, version, on, change, "", today_
    )


def start_consultation(
    application: Application,
    actor: Any,
    *,
    on: date,
    kind: str,
    party: str,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    if kind not in ("third_party", "other_agency"):
        raise CaseError("请选择征求第三方意见或征求其他机关意见")
    return _transition(
        application,
        Action.START_CONSULTATION,
        actor,
        version,
        on,
        lambda case: {"kind": kind, "party": party},
        party,
        today_,
    )


def end_consultation(
    application: Application,
    actor: Any,
    *,
    on: date,
    opinion: str = "",
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    def change(case: Application) -> dict[str, Any]:
        if on < _events(case, Action.START_CONSULTATION)[-1].on:
            raise CaseError("收到意见的日期不能早于发出征求意见函之日")
        return {"opinion": opinion}

    return _transition(
        application, Action.END_CONSULTATION, actor, version, on, change, opinion, today_
    )


def extend(
    application: Application,
    actor: Any,
    *,
    on: date,
    days: int,
    reason: str,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """条例第三十三条: once, at most 20 working days, approved by the head before the due date."""

    def change(case: Application) -> dict[str, Any]:
        if _events(case, Action.EXTEND):
            raise CaseError("答复期限只能延长一次（条例第三十三条）")
        if not 1 <= days <= deadlines.EXTENSION_MAX:
            raise CaseError("延长期限应为1至20个工作日")
        if case.due_date and on > case.due_date:
            raise CaseError(f"答复期限已于{case.due_date.isoformat()}届满，不能再延期")
        if not reason.strip():
            raise CaseError("请填写延期理由")
        return {"days": days}

    return _transition(application, Action.EXTEND, actor, version, on, change, reason, today_)


def set_custom_deadline(
    application: Application,
    actor: Any,
    *,
    on: date,
    due: date,
    reason: str,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """条例第三十五条: a reasonable later deadline for a reasonable but voluminous request."""

    def change(case: Application) -> dict[str, Any]:
        if case.due_date and due <= case.due_date:
            raise CaseError(f"确定的答复期限应晚于现行期限（{case.due_date.isoformat()}）")
        if not reason.strip():
            raise CaseError("请填写确定延迟答复期限的理由")
        return {"due": due.isoformat()}

    return _transition(
        application, Action.SET_CUSTOM_DEADLINE, actor, version, on, change, reason, today_
    )


def send_fee_notice(
    application: Application,
    actor: Any,
    *,
    on: date,
    basis: str,
    quantity: int,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """国办函〔2020〕109号: 按件 (counted per applicant per month) or 按量 (pages), never both."""

    def change(case: Application) -> dict[str, Any]:
        if basis == "per_piece":
            month_start = case.received_on.replace(day=1)
            earlier = (
                Application.objects.filter(
                    applicant__id_number=case.applicant.id_number,
                    agency=case.agency,
                    received_on__gte=month_start,
                )
                .filter(received_on__lt=case.received_on)
                .count()
                + Application.objects.filter(
                    applicant__id_number=case.applicant.id_number,
                    agency=case.agency,
                    received_on=case.received_on,
                    pk__lt=case.pk,
                ).count()
            )
            fee = fees.per_piece(earlier, quantity)
        elif basis == "per_volume":
            fee = fees.per_volume(quantity)
        else:
            raise CaseError("请选择按件或按量计收")
        if fee.amount == 0:
            raise CaseError(f"{fee.explanation}：按规定不收费，无需发出收费通知")
        case.fee_amount = fee.amount
        pay_by, _ = deadlines.due_after(
            calendar_services.current(), on, deadlines.FEE_PAYMENT_PERIOD
        )
        return {
            "kind": "fee",
            "basis": basis,
            "quantity": quantity,
            "amount": fee.amount,
            "explanation": fee.explanation,
            "pay_by": pay_by.isoformat(),
        }

    return _transition(application, Action.SEND_FEE_NOTICE, actor, version, on, change, "", today_)


def record_payment(
    application: Application,
    actor: Any,
    *,
    on: date,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    def change(case: Application) -> dict[str, Any]:
        if on < _events(case, Action.SEND_FEE_NOTICE)[-1].on:
            raise CaseError("缴费日期不能早于收费通知之日")
        return {}

    return _transition(application, Action.RECORD_PAYMENT, actor, version, on, change, "", today_)


def _lapse_after(
    action: Action, started_by: Action, field: str, period: str, note: str
) -> Callable[..., Application]:
    """Ending a case because the applicant let a period run out (补正期限, 缴费期限)."""

    def lapse(
        application: Application,
        actor: Any,
        *,
        on: date,
        version: int | None = None,
        today_: date | None = None,
    ) -> Application:
        def change(case: Application) -> dict[str, Any]:
            limit = date.fromisoformat(_events(case, started_by)[-1].data[field])
            if on <= limit:
                raise CaseError(
                    f"{period}（{limit.isoformat()}）尚未届满，不能以“{action.label}”终止处理"
                )
            return {}

        return _transition(application, action, actor, version, on, change, note, today_)

    return lapse


lapse_correction = _lapse_after(
    Action.LAPSE_CORRECTION,
    Action.REQUEST_CORRECTION,
    "reply_by",
    "补正期限",
    "申请人无正当理由逾期不补正，视为放弃申请（条例第三十条）",
)
lapse_fee = _lapse_after(
    Action.LAPSE_FEE,
    Action.SEND_FEE_NOTICE,
    "pay_by",
    "缴费期限",
    "申请人逾期未按收费通知要求缴纳费用，不再处理",
)


def decide(
    application: Application,
    actor: Any,
    *,
    on: date,
    outcome: str,
    note: str = "",
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """The reply decision: its outcome is one Table 三 row (partial disclosure only as such)."""

    def change(case: Application) -> dict[str, Any]:
        try:
            chosen = workflow.outcome(outcome)
        except workflow.UnknownOutcome as exc:
            raise CaseError(str(exc)) from exc
        if chosen not in workflow.DECISION_OUTCOMES:
            raise CaseError(f"“{chosen.label}”由相应的终止操作登记，不能作为答复决定")
        if case.period_start and on < case.period_start:
            raise CaseError(f"答复日期不能早于{case.period_start.isoformat()}")
        case.outcome = chosen.key
        case.outcome_note = note
        case.concluded_on = on
        return {"outcome": chosen.key, "basis": chosen.basis}

    return _transition(application, Action.DECIDE, actor, version, on, change, note, today_)


def serve(
    application: Application,
    actor: Any,
    *,
    on: date,
    method: str,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """国办公开办函〔2016〕235号: the signature date, or the 交邮 date for post, meets the deadline."""

    def change(case: Application) -> dict[str, Any]:
        if method not in SERVICE_METHODS:
            raise CaseError("请选择送达方式")
        if case.concluded_on and on < case.concluded_on:
            raise CaseError("送达日期不能早于作出答复决定之日")
        case.served_on = on
        case.service_method = method
        case.met_deadline = case.due_date is None or on <= case.due_date
        return {"method": method, "met_deadline": case.met_deadline}

    return _transition(
        application,
        Action.SERVE,
        actor,
        version,
        on,
        change,
        SERVICE_METHODS.get(method, ""),
        today_,
    )


def withdraw(
    application: Application,
    actor: Any,
    *,
    on: date,
    note: str = "",
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    return _transition(
        application, Action.WITHDRAW, actor, version, on, None, note or "申请人撤回申请", today_
    )


@transaction.atomic
def assign(
    application: Application, actor: Any, handler: Any, version: int | None = None
) -> Application:
    case = Application.objects.select_for_update().get(pk=application.pk)
    if version is not None and case.version != version:
        raise StaleCase()
    if not (org_access.roles_in(handler, case.agency) & workflow.HANDLERS):
        raise CaseError(f"{handler}不是本机关的承办人，不能指定")
    if (
        actor is not None
        and Role.HEAD not in org_access.roles_in(actor, case.agency)
        and actor != handler
    ):
        raise CaseError("只有公开办负责人可以指定他人承办")
    before = _snapshot(case)
    case.handler = handler
    case.version += 1
    case.save(update_fields=["handler", "version"])
    CaseEvent.objects.create(
        application=case,
        kind=CaseEvent.ASSIGNED,
        on=today(),
        actor=_actor(actor),
        before=before,
        after=_snapshot(case),
        data={"handler": str(handler)},
    )
    return case


ACTIONS: dict[Action, Callable[..., Application]] = {
    Action.REQUEST_CORRECTION: request_correction,
    Action.RECEIVE_CORRECTION: receive_correction,
    Action.LAPSE_CORRECTION: lapse_correction,
    Action.START_CONSULTATION: start_consultation,
    Action.END_CONSULTATION: end_consultation,
    Action.EXTEND: extend,
    Action.SET_CUSTOM_DEADLINE: set_custom_deadline,
    Action.SEND_FEE_NOTICE: send_fee_notice,
    Action.RECORD_PAYMENT: record_payment,
    Action.LAPSE_FEE: lapse_fee,
    Action.DECIDE: decide,
    Action.SERVE: serve,
    Action.WITHDRAW: withdraw,
}


def due_status(
    application: Application, calendar: WorkCalendar, on: date
) -> tuple[str, int | None]:
    """("overdue" | "due_soon" | "", working days left) for the workbench marks."""
    if application.due_date is None or application.status not in {
        s.value for s in workflow.OPEN_STATUSES
    }:
        return "", None
    left = deadlines.workdays_to(calendar, on, application.due_date)
    if application.due_date < on:
        return "overdue", left
    if left is not None and left <= 5:
        return "due_soon", left
    return "", left


__all__ = ["ACTIONS", "CalendarNotCovered", "CaseError", "StaleCase", "receive"]
