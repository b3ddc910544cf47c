"""Receiving an application from any channel (条例第三十一条) and linking repeats."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from gongkai.accounts.actors import actor_or_none
from gongkai.applications import checkcodes
from gongkai.applications.models import Applicant, Application, CaseEvent, IdType
from gongkai.applications.services.clock import DEADLINE_FIELDS, refresh_deadline
from gongkai.applications.services.common import CaseError, snapshot, today
from gongkai.applications.signals import case_changed
from gongkai.core.idnumbers import credit_code_error, resident_id_error
from gongkai.orgs.models import Agency

EARLIEST_RECEIPT = date(2008, 5, 1)  # 《政府信息公开条例》施行
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


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
    check_code: str  # shown once to the applicant (ABCD-EFGH-JKMN), stored only as a keyed hash


def check_code_matches(application: Application, entered: str) -> bool:
    """Whether what the applicant typed is the case's 查询码 (spaces, dashes, case forgiven)."""
    return checkcodes.matches(
        settings.CHECK_CODE_SECRET,
        application.check_code_hash,
        application.tracking_code,
        entered,
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
    check_code = checkcodes.new_code()
    prefix = (agency.code or "GK").upper()
    random_part = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    tracking_code = f"{prefix}{case['received_on']:%Y}-{random_part}"
    applicant = Applicant.objects.create(**applicant_data)
    application = Application.objects.create(
        agency=agency,
        applicant=applicant,
        tracking_code=tracking_code,
        check_code_hash=checkcodes.digest(settings.CHECK_CODE_SECRET, tracking_code, check_code),
        created_by=actor_or_none(actor),
        **case,
    )
    event = CaseEvent.objects.create(
        application=application,
        action=CaseEvent.RECEIVED,
        on=application.received_on,
        actor=actor_or_none(actor),
        after=snapshot(application),
        data={"channel": application.channel},
    )
    refresh_deadline(application, on)
    application.save(update_fields=DEADLINE_FIELDS)
    _link_repeat(application, actor)
    case_changed.send(
        sender=Application, case=application, action=CaseEvent.RECEIVED, event=event, actor=actor
    )
    return Received(application, checkcodes.display(check_code))


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
                action=CaseEvent.LINKED,
                on=application.received_on,
                actor=actor_or_none(actor),
                data={"repeat_of": candidate.tracking_code},
                note=f"与{candidate.tracking_code}的申请内容相同或相近，请核实是否属于重复申请",
            )
            return
