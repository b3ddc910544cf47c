"""What the public may see of an application: the one place that decides it.

The tracking page (/track/, portal.views.track) is shown to whoever holds a case's tracking code
and check code: the applicant, or anyone the applicant told. `public_status` copies out of the
case exactly what that page shows, and the page receives only this, never the `Application`, so
a template edit cannot reach the applicant's name, identity number, contacts, the description
of the request, the handler or the staff's notes.

What it copies: the state in plain words; while a 补正 is asked for, the notice's text (with the
applicant's name and request left out: documents.PERSONAL_FIELDS) and its deadline, and whether
the form to answer it online is offered; an extension; the due date and its 预测 caveat; the
outcome; and which notices the applicant may download — the reply only once it has been served
(`APPLICANT_DOCUMENTS`: the download view offers nothing else).

Pure (no Django): the case is read through the attributes named in `CaseLike`, its events through
`EventLike`, and the notices' titles and texts through `Notices` (applications.documents).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from gongkai.applications.workflow import OUTCOME_BY_KEY, STATUS_LABELS, Action, Status


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


class EventLike(Protocol):
    @property
    def action(self) -> str: ...
    @property
    def on(self) -> date: ...
    @property
    def data(self) -> Mapping[str, Any]: ...


class Notices(Protocol):
    """A case's notices as the applicant gets them (applications.documents.ApplicantNotices)."""

    def title(self, key: str) -> str: ...
    def text(self, key: str) -> str: ...  # with the personal fields left out


# The notices the applicant may download from /track/, and the step after which each exists.
# The reply (答复书) only once served: until then the decision is not the applicant's yet.
APPLICANT_DOCUMENTS: tuple[tuple[str, Action | None], ...] = (
    ("acknowledgement", None),
    ("correction", Action.REQUEST_CORRECTION),
    ("extension", Action.EXTEND),
    ("fee", Action.SEND_FEE_NOTICE),
    ("reply", Action.SERVE),
)

# The state in plain words, for someone who has never read the 条例.
EXPLANATIONS = {
    Status.REGISTERED: "您的申请已收到，正在办理。我们会在答复期限前作出答复。",
    Status.CORRECTION: (
        "您的申请内容需要补正。请阅读下面的补正告知书，在补正期限前补正；"
        "答复期限暂停计算，自收到补正材料之日起重新计算。"
    ),
    Status.CONSULTING: (
        "您申请的信息可能涉及第三方或其他机关，我们正在征求意见；征求意见的时间不计入答复期限。"
    ),
    Status.AWAITING_FEE: (
        "我们已向您发出信息处理费收费通知（可在下方下载）；缴费期间不计入答复期限，"
        "逾期未缴纳的视为放弃申请。"
    ),
    Status.DECIDED: "我们已作出答复决定，正在向您送达。送达后可在本页下载答复书。",
    Status.CLOSED: "本申请已办结。",
}
CLOSED_EXPLANATIONS = {
    Action.SERVE: "我们已作出答复并送达，您可以在下方下载答复书。",
    Action.LAPSE_CORRECTION: (
        "您没有在补正期限内补正，视为放弃申请，本申请不再处理（条例第三十条）。"
    ),
    Action.LAPSE_FEE: "您没有在缴费期限内缴纳信息处理费，视为放弃申请，本申请不再处理。",
    Action.WITHDRAW: "您已撤回申请，本申请已办结。",
}


# A run of text, and whether it is literal data rather than language (a tracking code, an
# address): a page sets the latter apart (translate="no"), so it is neither read out nor
# translated as words.
Part = tuple[str, bool]
_URL = r"https?://[^\s，。；）」]+"


def literal_parts(text: str, *literals: str) -> tuple[Part, ...]:
    """`text` cut into runs of language and of literal data: the `literals` given and any URL."""
    alternatives = [re.escape(literal) for literal in literals if literal] + [_URL]
    parts: list[Part] = []
    at = 0
    for match in re.finditer("|".join(alternatives), text):
        if match.start() > at:
            parts.append((text[at : match.start()], False))
        parts.append((match.group(), True))
        at = match.end()
    if at < len(text):
        parts.append((text[at:], False))
    return tuple(parts)


@dataclass(frozen=True)
class PublicDocument:
    key: str  # applications.documents kind
    title: str


@dataclass(frozen=True)
class PublicCorrection:
    requested_on: date
    reply_by: date  # 补正期限
    notice: tuple[tuple[Part, ...], ...]  # the 补正告知书's paragraphs, without personal fields
    answered_on: date | None  # when the correction arrived (online or otherwise)
    answered_online: bool
    may_answer: bool  # the case awaits it: the form to answer online is offered
    overdue: bool  # still awaited after its deadline


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
    explanation: str = ""  # the state in plain words
    extension_days: int = 0  # working days the reply period was extended by (第三十三条)
    correction: PublicCorrection | None = None
    documents: tuple[PublicDocument, ...] = ()


def public_status(
    case: CaseLike,
    events: Iterable[EventLike] = (),
    notices: Notices | None = None,
    today: date | None = None,
) -> PublicStatus:
    events = list(events)
    status = Status(case.status)
    closed = status == Status.CLOSED
    due_date = None if closed else case.due_date
    predicted = bool(due_date and case.due_predicted)
    known = OUTCOME_BY_KEY.get(case.outcome)
    done = {event.action for event in events}
    return PublicStatus(
        tracking_code=case.tracking_code,
        agency=case.agency.name,
        agency_phone=case.agency.phone,
        received_on=case.received_on,
        status=STATUS_LABELS[status],
        due_date=due_date,
        due_predicted=predicted,
        due_caveat=case.due_caveat() if predicted else "",
        outcome=known.label if known else case.outcome,
        concluded_on=case.concluded_on,
        served_on=case.served_on,
        explanation=_explanation(status, events),
        extension_days=sum(int(e.data.get("days", 0)) for e in events if e.action == Action.EXTEND),
        correction=_correction(status, events, notices, today, case.tracking_code),
        documents=tuple(
            PublicDocument(key, notices.title(key))
            for key, after in APPLICANT_DOCUMENTS
            if notices is not None and (after is None or after in done)
        ),
    )


def applicant_may_download(key: str, events: Iterable[EventLike]) -> bool:
    """Whether /track/ may hand the applicant the notice `key` (APPLICANT_DOCUMENTS)."""
    done = {event.action for event in events}
    return any(k == key and (after is None or after in done) for k, after in APPLICANT_DOCUMENTS)


def _explanation(status: Status, events: list[EventLike]) -> str:
    if status == Status.CLOSED:
        for event in reversed(events):
            if event.action in CLOSED_EXPLANATIONS:
                return CLOSED_EXPLANATIONS[Action(event.action)]
    return EXPLANATIONS[status]


def _correction(
    status: Status,
    events: list[EventLike],
    notices: Notices | None,
    today: date | None,
    tracking_code: str,
) -> PublicCorrection | None:
    requested = [e for e in events if e.action == Action.REQUEST_CORRECTION]
    if not requested:
        return None
    request = requested[-1]
    answers = [e for e in events if e.action == Action.RECEIVE_CORRECTION]
    answer = answers[-1] if answers else None
    reply_by = date.fromisoformat(str(request.data["reply_by"]))
    awaited = status == Status.CORRECTION
    text = notices.text("correction") if notices is not None else ""
    return PublicCorrection(
        requested_on=request.on,
        reply_by=reply_by,
        notice=tuple(
            literal_parts(line, tracking_code) for line in text.split("\n") if line.strip()
        ),
        answered_on=answer.on if answer else None,
        answered_online=bool(answer and answer.data.get("online")),
        may_answer=awaited,
        overdue=awaited and today is not None and today > reply_by,
    )
