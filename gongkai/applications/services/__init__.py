"""Every change to a case goes through one function here: it checks the transition against the
workflow table and the actor's role, validates the dates, saves with update_fields inside one
transaction, writes one event row (who, when, what, before/after) and recomputes the deadline.
Errors are CaseError with a Chinese message; nothing is half-saved.

    common      errors, today, the event snapshot
    clock       events → deadlines.Clock → due dates; workbench marks
    receiving   registering an application (any channel), check codes, repeats  (uses clock)
    actions     the transitions and assignment                                   (uses clock)
    extension   an extension in two steps: the handler proposes, the head consents (uses actions)
    online      the applicant answering a 补正 notice on /track/ (uses actions)
"""

from collections.abc import Callable

from gongkai.applications.models import Application
from gongkai.applications.services.actions import (
    assign,
    decide,
    end_consultation,
    extend,
    lapse_correction,
    lapse_fee,
    receive_correction,
    record_payment,
    request_correction,
    send_fee_notice,
    serve,
    set_custom_deadline,
    start_consultation,
    withdraw,
)
from gongkai.applications.services.clock import clock_of, deadline_of, due_status
from gongkai.applications.services.common import SERVICE_METHODS, CaseError, StaleCase, today
from gongkai.applications.services.extension import (
    pending_extension,
    pending_extensions,
    propose_extension,
    refuse_extension,
)
from gongkai.applications.services.online import answer_correction_online
from gongkai.applications.services.receiving import (
    EARLIEST_RECEIPT,
    Received,
    check_code_matches,
    id_number_error,
    receive,
    received_on_error,
)
from gongkai.applications.workflow import Action
from gongkai.calendar.workdays import CalendarNotCovered

# The service of each action a staff form can name (the case page posts the action's key).
ACTIONS: dict[Action, Callable[..., Application]] = {
    Action.REQUEST_CORRECTION: request_correction,
    Action.RECEIVE_CORRECTION: receive_correction,
    Action.LAPSE_CORRECTION: lapse_correction,
    Action.START_CONSULTATION: start_consultation,
    Action.END_CONSULTATION: end_consultation,
    Action.EXTEND: extend,
    Action.PROPOSE_EXTENSION: propose_extension,
    Action.REFUSE_EXTENSION: refuse_extension,
    Action.SET_CUSTOM_DEADLINE: set_custom_deadline,
    Action.SEND_FEE_NOTICE: send_fee_notice,
    Action.RECORD_PAYMENT: record_payment,
    Action.LAPSE_FEE: lapse_fee,
    Action.DECIDE: decide,
    Action.SERVE: serve,
    Action.WITHDRAW: withdraw,
}

__all__ = [
    "ACTIONS",
    "EARLIEST_RECEIPT",
    "SERVICE_METHODS",
    "CalendarNotCovered",
    "CaseError",
    "Received",
    "StaleCase",
    "answer_correction_online",
    "assign",
    "check_code_matches",
    "clock_of",
    "deadline_of",
    "decide",
    "due_status",
    "end_consultation",
    "extend",
    "id_number_error",
    "lapse_correction",
    "lapse_fee",
    "pending_extension",
    "pending_extensions",
    "propose_extension",
    "receive",
    "receive_correction",
    "received_on_error",
    "record_payment",
    "refuse_extension",
    "request_correction",
    "send_fee_notice",
    "serve",
    "set_custom_deadline",
    "start_consultation",
    "today",
    "withdraw",
]
