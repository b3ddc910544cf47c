"""What the public may see of an application: the one place that decides it.

The tracking page (/track/, portal.views.track) is shown to whoever holds a case's tracking code
and check code: the applicant, or anyone the applicant told. `public_status` copies out of the
case exactly what that page shows, and the page receives only this, never the `Application`, so
a template edit cannot reach the applicant's name, identity number, contacts, the description
of the request, the handler or the staff's notes. Documents are not offered here: the page offers
none today.

Pure (no Django): the case is read through the attributes named in `CaseLike`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from gongkai.applications.workflow import OUTCOME_BY_KEY, STATUS_LABELS, Status


class AgencyLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def phone(self) -> str: ...


class CaseLike(Protocol):
    @property
    def tracking_code(self) -> str: ...
    @property
    def agency(self) -> AgencyLike: ...
    @property
    def received_on(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def due_predicted(self) -> bool: ...
    @property
    def outcome(self) -> str: ...
    @property
    def concluded_on(self) -> date | None: ...
    @property
    def served_on(self) -> date | None: ...
    def due_caveat(self) -> str: ...


@dataclass(frozen=True)
class PublicStatus:
    tracking_code: str
    agency: str  # the receiving agency's name
    agency_phone: str  # its public telephone, "" when it has none
    received_on: date
    status: str  # the status's label (办理中, 待补正, …)
    due_date: date | None  # the reply's deadline while the case is not closed, else None
    due_predicted: bool  # the deadline was counted through a predicted holiday arrangement (预测)
    due_caveat: str  # and the sentence that says so, "" when it was not
    outcome: str  # the outcome's label once there is one, else ""
    concluded_on: date | None
    served_on: date | None


def public_status(case: CaseLike) -> PublicStatus:
    closed = case.status == Status.CLOSED.value
    due_date = None if closed else case.due_date
    predicted = bool(due_date and case.due_predicted)
    known = OUTCOME_BY_KEY.get(case.outcome)
    return PublicStatus(
        tracking_code=case.tracking_code,
        agency=case.agency.name,
        agency_phone=case.agency.phone,
        received_on=case.received_on,
        status=STATUS_LABELS[Status(case.status)],
        due_date=due_date,
        due_predicted=predicted,
        due_caveat=case.due_caveat() if predicted else "",
        outcome=known.label if known else case.outcome,
        concluded_on=case.concluded_on,
        served_on=case.served_on,
    )
