"""The register (台账) in and out: XLSX or CSV with Chinese column headings.

Import is two steps: a dry run that lists every row it would reject and why, then the import
of the accepted rows in one transaction. Historical rows (already answered) are brought in
through the same service functions, so their events and Table 三 counts are the same as if
they had been handled here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import openpyxl
from django.db import transaction

from gongkai.accounts.actors import actor_or_none
from gongkai.applications import services, workflow
from gongkai.applications.models import (
    Applicant,
    ApplicantKind,
    Application,
    CaseEvent,
    Channel,
    IdType,
    ImportBatch,
)
from gongkai.core import contact, csvfile, formulas, sheets
from gongkai.core.workflow import SystemActor
from gongkai.orgs.models import Agency

COLUMNS = (
    "跟踪码",
    "收到日期",
    "申请渠道",
    "申请人类型",
    "申请人",
    "证件类型",
    "证件号码",
    "联系电话",
    "申请内容",
    "状态",
    "办理结果",
    "答复日期",
    "送达日期",
    "送达方式",
    "答复期限",
    "答复期限说明",
    "是否按期",
)
REQUIRED = (
    "收到日期",
    "申请渠道",
    "申请人类型",
    "申请人",
    "证件类型",
    "证件号码",
    "联系电话",
    "申请内容",
)
MAX_ROWS = 20_000

_CHANNELS = {label: value for value, label in Channel.choices} | {v: v for v in Channel.values}
_KINDS = {label: value for value, label in ApplicantKind.choices} | {
    v: v for v in ApplicantKind.values
}
_KINDS["其他"] = ApplicantKind.OTHER_ORG
_ID_TYPES = {label: value for value, label in IdType.choices} | {"身份证": IdType.RESIDENT_ID}
_OUTCOMES = {o.label: o.key for o in workflow.OUTCOMES} | {o.key: o.key for o in workflow.OUTCOMES}
_METHODS = {label.split("（")[0]: key for key, label in services.SERVICE_METHODS.items()} | {
    k: k for k in services.SERVICE_METHODS
}

# Decisions and services read from a register are recorded by the platform, not by a person.
IMPORT = SystemActor("台账导入")


class RegisterError(ValueError):
    """The file as a whole cannot be read (Chinese message)."""


@dataclass
class Row:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    parsed: dict[str, Any] = field(default_factory=dict)


def read_rows(content: bytes, filename: str) -> list[Row]:
    try:
        raw = sheets.rows(content, filename, MAX_ROWS + 1)  # the heading row, then the data
    except ValueError as error:
        raise RegisterError(str(error)) from error
    if not raw:
        raise RegisterError("文件中没有数据")
    header = [str(h or "").strip() for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RegisterError(f"缺少必需的列：{'、'.join(missing)}（第一行应为列名）")
    if len(raw) - 1 > MAX_ROWS:
        raise RegisterError(f"一次最多导入{MAX_ROWS}行")
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        values = {h: _text(cells[i]) if i < len(cells) else "" for i, h in enumerate(header) if h}
        if any(values.values()):
            rows.append(Row(number, values))
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: str) -> date | None:
    value = value.strip().replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def check(rows: list[Row], agency: Agency, today: date) -> None:
    """Fill each row's `parsed` values or its `errors`, without writing anything."""
    seen: set[tuple[str, date, str]] = set()
    codes = [r.values.get("跟踪码", "") for r in rows if r.values.get("跟踪码")]
    existing_codes = set(
        Application.objects.filter(tracking_code__in=codes).values_list("tracking_code", flat=True)
    )
    for row in rows:
        v, errors = row.values, row.errors
        for column in REQUIRED:
            if not v.get(column):
                errors.append(f"“{column}”为空")
        received = _date(v.get("收到日期", ""))
        if v.get("收到日期") and received is None:
            errors.append(
                f"收到日期“{v['收到日期']}”不是有效日期（应为 2025-09-26 或 2025年9月26日）"
            )
        elif received and (problem := services.received_on_error(received, today)):
            errors.append(problem)
        channel = _CHANNELS.get(v.get("申请渠道", ""))
        kind = _KINDS.get(v.get("申请人类型", ""))
        id_type = _ID_TYPES.get(v.get("证件类型", ""))
        for value, name, choices in (
            (channel, "申请渠道", Channel.labels),
            (kind, "申请人类型", ApplicantKind.labels),
            (id_type, "证件类型", IdType.labels),
        ):
            if v.get(name) and value is None:
                errors.append(
                    f"{name}“{v[name]}”不在可选范围内（可选：{'、'.join(map(str, choices))}）"
                )
        # The same limits as the application forms (core.contact), with the same reasons.
        for column, problem_of in (
            ("申请人", contact.NAME.problem),
            ("联系电话", contact.phone_problem),
            ("申请内容", contact.DESCRIPTION.problem),
        ):
            if v.get(column) and (problem := problem_of(v[column])):
                errors.append(problem)
        if (
            id_type
            and v.get("证件号码")
            and (problem := services.id_number_error(id_type, v["证件号码"], today))
        ):
            errors.append(problem)
        outcome = _OUTCOMES.get(v.get("办理结果", "")) if v.get("办理结果") else None
        if v.get("办理结果") and outcome is None:
            errors.append(f"办理结果“{v['办理结果']}”不在年度报告表三的分类中")
        decided = _date(v.get("答复日期", "")) if v.get("答复日期") else None
        served = _date(v.get("送达日期", "")) if v.get("送达日期") else None
        if v.get("答复日期") and decided is None:
            errors.append("答复日期不是有效日期")
        if outcome and decided is None:
            errors.append("有办理结果的行须填写答复日期")
        if decided and received and decided < received:
            errors.append("答复日期早于收到日期")
        if decided and decided > today:
            errors.append("答复日期晚于今天")
        if served and decided and served < decided:
            errors.append("送达日期早于答复日期")
        method = _METHODS.get(v.get("送达方式", "") or "direct")
        if served and method is None:
            errors.append(
                f"送达方式“{v['送达方式']}”不在可选范围内（直接送达、邮政企业邮寄送达等）"
            )
        if v.get("跟踪码") in existing_codes:
            errors.append(f"跟踪码{v['跟踪码']}已存在（重复导入）")
        key = (v.get("证件号码", ""), received or date.min, v.get("申请内容", ""))
        if received and key in seen:
            errors.append("与本文件中前面的一行重复（同一申请人、同一日期、同一内容）")
        seen.add(key)
        if (
            received
            and not errors
            and Application.objects.filter(
                agency=agency,
                received_on=received,
                applicant__id_number=v["证件号码"],
                description=v["申请内容"],
            ).exists()
        ):
            errors.append("系统中已有同一申请人同日提出的相同申请（重复导入）")
        if not errors:
            row.parsed = {
                "received_on": received,
                "channel": channel,
                "kind": kind,
                "id_type": id_type,
                "outcome": outcome,
                "decided": decided,
                "served": served,
                "method": method,
            }


def upload(agency: Agency, filename: str, content: bytes, actor: Any,
           today: date) -> tuple[ImportBatch, list[Row]]:  # fmt: skip
    """A register file kept as a batch with its rows checked, for the staff to confirm; a file
    that cannot be read at all leaves nothing behind (RegisterError, in Chinese, rolls the
    batch back)."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            agency=agency, filename=filename, content=content, uploaded_by=actor_or_none(actor)
        )
        return batch, dry_run(batch, today)


def dry_run(batch: ImportBatch, today: date) -> list[Row]:
    rows = read_rows(bytes(batch.content), batch.filename)
    check(rows, batch.agency, today)
    batch.total = len(rows)
    batch.rejected = [{"row": r.number, "errors": r.errors} for r in rows if r.errors]
    batch.save(update_fields=["total", "rejected"])
    return rows


@transaction.atomic
def import_batch(batch: ImportBatch, actor: Any, today: date) -> int:
    if batch.imported_at:
        raise RegisterError("该文件已经导入过")
    rows = dry_run(batch, today)
    count = 0
    for row in rows:
        if row.errors:
            continue
        p, v = row.parsed, row.values
        received = services.receive(
            agency=batch.agency,
            actor=None,
            on=today,
            applicant={
                "kind": p["kind"],
                "name": v["申请人"],
                "id_type": p["id_type"],
                "id_number": v["证件号码"],
                "phone": v["联系电话"],
            },
            case={
                "received_on": p["received_on"],
                "channel": p["channel"],
                "description": v["申请内容"],
            },
        )
        case = received.application
        if p["outcome"] in workflow.OUTCOME_OF_ACTION.values() and p["outcome"] != "other.other":
            case.outcome, case.concluded_on, case.status = (
                p["outcome"],
                p["decided"],
                workflow.Status.CLOSED,
            )
            case.save(update_fields=["outcome", "concluded_on", "status"])
        elif p["outcome"]:
            case = services.decide(
                case, IMPORT, on=p["decided"], outcome=p["outcome"], today_=today
            )
            if p["served"]:
                services.serve(case, IMPORT, on=p["served"], method=p["method"], today_=today)
        CaseEvent.objects.create(
            application=case,
            action=CaseEvent.IMPORTED,
            on=today,
            actor=actor,
            data={"batch": batch.pk, "row": row.number, "file": batch.filename},
        )
        count += 1
    batch.imported, batch.imported_at = count, datetime.now().astimezone()
    batch.save(update_fields=["imported", "imported_at"])
    return count


def export(cases: Any) -> bytes:
    """The register as XLSX, in the columns `read_rows` accepts (streamed, for large registers).
    Every text is a string cell: an applicant's name or phone is never a formula."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("政府信息公开申请台账")
    for line in _lines(cases):
        sheet.append(formulas.xlsx_row(sheet, line))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(cases: Any) -> bytes:
    """The same register as CSV (formula-like text quoted with ', which the import removes)."""
    return csvfile.write(_lines(cases))


def _lines(cases: Any) -> Iterator[list[str]]:
    yield list(COLUMNS)
    for case in (
        cases.select_related("applicant").order_by("received_on", "pk").iterator(chunk_size=2000)
    ):
        applicant: Applicant = case.applicant
        yield [
            case.tracking_code,
            case.received_on.isoformat(),
            case.get_channel_display(),
            applicant.get_kind_display(),
            applicant.name,
            applicant.get_id_type_display(),
            applicant.id_number,
            applicant.phone,
            case.description,
            case.get_status_display(),
            case.get_outcome_display(),
            case.concluded_on.isoformat() if case.concluded_on else "",
            case.served_on.isoformat() if case.served_on else "",
            services.SERVICE_METHODS.get(case.service_method, "").split("（")[0],
            case.due_date.isoformat() if case.due_date else "",
            _due_note(case),
            {True: "是", False: "否", None: ""}[case.met_deadline],
        ]


def _due_note(case: Application) -> str:
    if case.due_predicted:
        return f"预测：{case.due_caveat()}"
    return "估算（按周一至周五）" if case.due_estimated else ""
