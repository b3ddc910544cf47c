"""Every change to a case goes through one function here: it checks the transition against the
workflow table and the actor's role, validates the dates, saves with update_fields inside one
transaction, writes one event row (who, when, what, before/after) and recomputes the deadline.
Errors are CaseError with a Chinese message; nothing is half-saved.

    common      errors, today, the event snapshot
    clock       events → deadlines.Clock → due dates; workbench marks
    receiving   registering an application (any channel), check codes, repeats  (uses clock)
    actions     the transitions and assignment                                   (uses clock)
"""

from gongkai.applications.services.actions import (
    ACTIONS,
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
from gongkai.applications.services.receiving import (
    EARLIEST_RECEIPT,
    Received,
    check_code_matches,
    id_number_error,
    receive,
    received_on_error,
)
from gongkai.calendar.workdays import CalendarNotCovered

__all__ = [
    "ACTIONS",
    "EARLIEST_RECEIPT",
    "SERVICE_METHODS",
    "CalendarNotCovered",
    "CaseError",
    "Received",
    "StaleCase",
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
    "receive",
    "receive_correction",
    "received_on_error",
    "record_payment",
    "request_correction",
    "send_fee_notice",
    "serve",
    "set_custom_deadline",
    "start_consultation",
    "today",
    "withdraw",
]
