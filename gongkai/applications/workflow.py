"""The case's states and the one table of transitions between them.

A status changes only through an action in TRANSITIONS; anything else raises ForbiddenTransition
with a Chinese reason. Outcomes are the Table 三 row keys of report-json.md, so the annual report
is a count of cases by outcome; each maps to the reply type of 条例第三十六条.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.workflow import SYSTEM, Choice, Forbidden, Workflow, table
from gongkai.orgs.roles import ROLE_LABELS, Role


class Status(Choice):
    REGISTERED = "registered", "办理中"  # 答复期限在计算
    CORRECTION = "correction", "待补正"  # 期限停止，收到补正后重新起算
    CONSULTING = "consulting", "征求意见中"  # 期限暂停
    AWAITING_FEE = "awaiting_fee", "待缴费"  # 期限暂停
    DECIDED = "decided", "已答复待送达"  # 已作出答复决定，待送达
    CLOSED = "closed", "已办结"


STATUS_LABELS = {status: status.label for status in Status}
OPEN_STATUSES = frozenset(Status) - {Status.CLOSED}


class Action(Choice):
    REQUEST_CORRECTION = "request_correction", "告知补正"
    RECEIVE_CORRECTION = "receive_correction", "收到补正材料"
    LAPSE_CORRECTION = "lapse_correction", "逾期未补正，终止处理"
    START_CONSULTATION = "start_consultation", "征求意见（暂停计时）"
    END_CONSULTATION = "end_consultation", "收到意见（恢复计时）"
    PROPOSE_EXTENSION = "propose_extension", "提请延期答复"
    EXTEND = "extend", "同意延期答复"
    REFUSE_EXTENSION = "refuse_extension", "不同意延期"
    SET_CUSTOM_DEADLINE = "set_custom_deadline", "确定延迟答复期限（第三十五条）"
    SEND_FEE_NOTICE = "send_fee_notice", "发出收费通知"
    RECORD_PAYMENT = "record_payment", "登记缴费"
    LAPSE_FEE = "lapse_fee", "逾期未缴费，终止处理"
    DECIDE = "decide", "作出答复决定"
    SERVE = "serve", "登记送达"
    WITHDRAW = "withdraw", "申请人撤回申请"


ACTION_LABELS = {action: action.label for action in Action}

_WORKING = (Status.REGISTERED, Status.CONSULTING, Status.AWAITING_FEE)
TRANSITIONS: dict[tuple[Status, Action], Status] = table(
    (Status.REGISTERED, Action.REQUEST_CORRECTION, Status.CORRECTION),
    (Status.CORRECTION, Action.RECEIVE_CORRECTION, Status.REGISTERED),
    (Status.CORRECTION, Action.LAPSE_CORRECTION, Status.CLOSED),
    (Status.REGISTERED, Action.START_CONSULTATION, Status.CONSULTING),
    (Status.CONSULTING, Action.END_CONSULTATION, Status.REGISTERED),
    *((s, Action.PROPOSE_EXTENSION, s) for s in _WORKING),
    *((s, Action.EXTEND, s) for s in _WORKING),
    *((s, Action.REFUSE_EXTENSION, s) for s in _WORKING),
    *((s, Action.SET_CUSTOM_DEADLINE, s) for s in _WORKING),
    (Status.REGISTERED, Action.SEND_FEE_NOTICE, Status.AWAITING_FEE),
    (Status.AWAITING_FEE, Action.RECORD_PAYMENT, Status.REGISTERED),
    (Status.AWAITING_FEE, Action.LAPSE_FEE, Status.CLOSED),
    (Status.REGISTERED, Action.DECIDE, Status.DECIDED),
    (Status.DECIDED, Action.SERVE, Status.CLOSED),
    ((*_WORKING, Status.CORRECTION), Action.WITHDRAW, Status.CLOSED),
)

# Who may take each action. An extension needs the consent of the head of the disclosure office
# (条例第三十三条): the handler proposes it with the reason, the head consents (EXTEND, the only
# step that moves the deadline) or refuses. The platform itself (SYSTEM) records what a
# register import brings (the decision and its service) and an applicant's online correction.
HANDLERS = frozenset({Role.HANDLER, Role.HEAD})
ACTION_ROLES: dict[Action, frozenset[str]] = dict.fromkeys(Action, HANDLERS)
ACTION_ROLES[Action.EXTEND] = frozenset({Role.HEAD})
ACTION_ROLES[Action.REFUSE_EXTENSION] = frozenset({Role.HEAD})
ACTION_ROLES[Action.SET_CUSTOM_DEADLINE] = frozenset({Role.HEAD})
ACTION_ROLES[Action.DECIDE] = HANDLERS | {SYSTEM}
ACTION_ROLES[Action.SERVE] = HANDLERS | {SYSTEM}
# The applicant answering a 补正 notice online (/track/) has no account and no role: the platform
# records the correction for them (services.online.APPLICANT, a SystemActor), so SYSTEM must be
# granted this one action. Only the codes holder of a case awaiting correction reaches it.
ACTION_ROLES[Action.RECEIVE_CORRECTION] = HANDLERS | {SYSTEM}

WORKFLOW = Workflow(
    TRANSITIONS,
    ACTION_ROLES,
    ROLE_LABELS,
    state_message="案件当前状态为“{state}”，不能执行“{action}”",
    role_message="“{action}”只能由{roles}办理",
)


class ForbiddenTransition(Forbidden):
    def __init__(self, status: Status, action: Action) -> None:
        self.status, self.action = status, action
        super().__init__(f"案件当前状态为“{status.label}”，不能执行“{action.label}”")


def next_status(status: Status, action: Action) -> Status:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise ForbiddenTransition(status, action) from None


def allowed_actions(status: Status) -> list[Action]:
    return WORKFLOW.actions_from(status)


@dataclass(frozen=True)
class Outcome:
    key: str  # a Table 三 row key (report-json.md)
    label: str
    basis: str  # the reply type of 条例第三十六条 (or the article that governs it)


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "granted",
        "予以公开",
        "条例第三十六条第（一）（二）项：已主动公开的告知获取方式；可以公开的予以提供",
    ),
    Outcome(
        "partly_granted",
        "部分公开（区分处理）",
        "条例第三十七条：提供可以公开的部分，对不予公开的部分说明理由",
    ),
    Outcome(
        "withheld.state_secret", "不予公开：属于国家秘密", "条例第十四条、第三十六条第（三）项"
    ),
    Outcome(
        "withheld.prohibited_by_law",
        "不予公开：其他法律行政法规禁止公开",
        "条例第十四条、第三十六条第（三）项",
    ),
    Outcome(
        "withheld.security_stability",
        "不予公开：危及“三安全一稳定”",
        "条例第十四条、第三十六条第（三）项",
    ),
    Outcome(
        "withheld.third_party", "不予公开：保护第三方合法权益", "条例第十五条、第三十六条第（三）项"
    ),
    Outcome(
        "withheld.internal_affairs",
        "不予公开：属于三类内部事务信息",
        "条例第十六条第一款、第三十六条第（三）项",
    ),
    Outcome(
        "withheld.process_info",
        "不予公开：属于四类过程性信息",
        "条例第十六条第二款、第三十六条第（三）项",
    ),
    Outcome(
        "withheld.enforcement_file",
        "不予公开：属于行政执法案卷",
        "条例第十六条第二款、第三十六条第（三）项",
    ),
    Outcome(
        "withheld.administrative_query", "不予公开：属于行政查询事项", "条例第三十六条第（七）项"
    ),
    Outcome(
        "unavailable.not_held",
        "无法提供：本机关不掌握相关政府信息",
        "条例第三十六条第（四）（五）项",
    ),
    Outcome("unavailable.needs_creation", "无法提供：没有现成信息需要另行制作", "条例第三十八条"),
    Outcome(
        "unavailable.unclear_after_correction", "无法提供：补正后申请内容仍不明确", "条例第三十条"
    ),
    Outcome("not_processed.petition", "不予处理：信访举报投诉类申请", "条例第三十九条第一款"),
    Outcome("not_processed.repeated", "不予处理：重复申请", "条例第三十六条第（六）项"),
    Outcome("not_processed.publication", "不予处理：要求提供公开出版物", "条例第三十九条第二款"),
    Outcome("not_processed.excessive", "不予处理：无正当理由大量反复申请", "条例第三十五条"),
    Outcome(
        "not_processed.confirm_or_reissue",
        "不予处理：要求行政机关确认或重新出具已获取信息",
        "（实践类别）",
    ),
    Outcome("other.no_correction", "其他处理：申请人无正当理由逾期不补正", "条例第三十条"),
    Outcome(
        "other.unpaid_fee", "其他处理：申请人逾期未按收费通知要求缴纳费用", "国办函〔2020〕109号"
    ),
    Outcome("other.other", "其他处理：其他（如申请人撤回申请）", "—"),
)
OUTCOME_BY_KEY = {outcome.key: outcome for outcome in OUTCOMES}
# Outcomes that end a case through their own action rather than through a reply decision.
OUTCOME_OF_ACTION = {
    Action.LAPSE_CORRECTION: "other.no_correction",
    Action.LAPSE_FEE: "other.unpaid_fee",
    Action.WITHDRAW: "other.other",
}
DECISION_OUTCOMES = tuple(
    o for o in OUTCOMES if o.key not in ("other.no_correction", "other.unpaid_fee")
)


class UnknownOutcome(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(f"办理结果“{key}”不在年度报告表三的分类中")


def outcome(key: str) -> Outcome:
    try:
        return OUTCOME_BY_KEY[key]
    except KeyError:
        raise UnknownOutcome(key) from None
