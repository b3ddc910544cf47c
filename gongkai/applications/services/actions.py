"""One function per state change of a case (the transitions of workflow.TRANSITIONS)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from gongkai.accounts.actors import actor_or_none
from gongkai.applications import deadlines, fees, workflow
from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.services.clock import deadline_of, refresh_deadline
from gongkai.applications.services.common import (
    SERVICE_METHODS,
    CaseError,
    StaleCase,
    snapshot,
    today,
)
from gongkai.applications.signals import case_changed
from gongkai.applications.workflow import Action, Status
from gongkai.calendar import services as calendar_services
from gongkai.core.workflow import Forbidden
from gongkai.orgs import access as org_access
from gongkai.orgs.roles import ROLE_LABELS, Role


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
        roles = org_access.roles_in(actor, case.agency)
        if not workflow.WORKFLOW.may(action, roles):  # "not you" first: a case is not disclosed
            allowed = "、".join(ROLE_LABELS[r] for r in sorted(workflow.ACTION_ROLES[action]))
            raise CaseError(f"“{action.label}”只能由{allowed}办理")
        try:
            new_status = workflow.WORKFLOW.next_status(Status(case.status), action, roles)
        except Forbidden as exc:
            raise CaseError(str(exc)) from exc
        if on > current:
            raise CaseError("日期不能晚于今天")
        if on < case.received_on:
            raise CaseError(f"日期不能早于收到申请之日（{case.received_on.isoformat()}）")
        before = snapshot(case)
        data = change(case) if change else {}
        case.status = new_status
        if action in workflow.OUTCOME_OF_ACTION:
            case.outcome = workflow.OUTCOME_OF_ACTION[action]
            case.concluded_on = on
        event = CaseEvent.objects.create(
            application=case,
            action=action.value,
            on=on,
            actor=actor_or_none(actor),
            before=before,
            data=data,
            note=note,
        )
        refresh_deadline(case, current)
        case.version += 1
        case.save(update_fields=[*_SAVED, "version", "outcome_note", "service_method"])
        event.after = snapshot(case)
        event.save(update_fields=["after"])
        case_changed.send(
            sender=Application, case=case, action=action.value, event=event, actor=actor
        )
    return case


_SAVED = [
    "status",
    "outcome",
    "due_date",
    "due_estimated",
    "due_predicted",
    "concluded_on",
    "served_on",
    "period_start",
    "fee_amount",
    "met_deadline",
]


def _events(case: Application, kind: Action) -> list[CaseEvent]:
    return [e for e in case.events.all() if e.action == kind]


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


def check_extension(case: Application, on: date, days: int, reason: str) -> None:
    """What an extension must be, proposed or consented to: the first, 1 to 20 working days,
    asked before the due date, with a reason (CaseError otherwise)."""
    if _events(case, Action.EXTEND):
        raise CaseError("答复期限只能延长一次（条例第三十三条）")
    if not 1 <= days <= deadlines.EXTENSION_MAX:
        raise CaseError(f"延长期限应为1至{deadlines.EXTENSION_MAX}个工作日")
    if case.due_date and on > case.due_date:
        raise CaseError(f"答复期限已于{case.due_date.isoformat()}届满，不能再延期")
    if not reason.strip():
        raise CaseError("请填写延期理由")


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
        check_extension(case, on, days, reason)
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
            # Pieces counted per applicant per natural month: this applicant's earlier cases here.
            earlier = Application.objects.filter(
                Q(received_on__lt=case.received_on)
                | Q(received_on=case.received_on, pk__lt=case.pk),
                applicant__id_number=case.applicant.id_number,
                agency=case.agency,
                received_on__gte=case.received_on.replace(day=1),
            ).count()
            fee = fees.per_piece(earlier, quantity)
        elif basis == "per_volume":
            fee = fees.per_volume(quantity)
        else:
            raise CaseError("请选择按件或按量计收")
        if fee.amount == 0:
            raise CaseError(f"{fee.explanation}：按规定不收费，无需发出收费通知")
        case.fee_amount = fee.amount
        pay_by, caveat = deadlines.due_after(
            calendar_services.current(), on, deadlines.FEE_PAYMENT_PERIOD
        )
        return {
            "kind": "fee",
            "basis": basis,
            "quantity": quantity,
            "amount": fee.amount,
            "explanation": fee.explanation,
            "pay_by": pay_by.isoformat(),
            "pay_by_caveat": caveat,  # counted through a predicted (or missing) year
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
    if Role.HEAD not in org_access.roles_in(actor, case.agency) and actor != handler:
        raise CaseError("只有公开办负责人可以指定他人承办")
    before = snapshot(case)
    case.handler = handler
    case.version += 1
    case.save(update_fields=["handler", "version"])
    CaseEvent.objects.create(
        application=case,
        action=CaseEvent.ASSIGNED,
        on=today(),
        actor=actor_or_none(actor),
        before=before,
        after=snapshot(case),
        data={"handler": str(handler)},
    )
    return case
