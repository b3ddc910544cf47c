"""Agency A's world: a record of every kind the URLs name, built once through the project's own
services (the applicant's personal data planted in the case)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.tests.security.who import ADMIN, ALL_ROLES, EDITOR, HANDLER, HEAD, NOW, REVIEWER, TODAY

# --- agency A's world -----------------------------------------------------------------------------


def _module(*names: str) -> ModuleType:
    """The first of `names` that imports (code moves between apps; the test should not care)."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(names[0])


def _function(module: ModuleType, *names: str) -> Callable[..., Any]:
    """The first of `names` that `module` has (functions are renamed as the code is tidied)."""
    for name in names:
        if hasattr(module, name):
            return getattr(module, name)  # type: ignore[no-any-return]
    raise AttributeError(f"{module.__name__} has none of {names}")


def _model(name: str) -> Any:
    """The model of that class name, whichever app holds it now."""
    found = [m for m in apps.get_models() if m.__name__ == name]
    assert len(found) == 1, f"expected one model named {name}, found {found}"
    return found[0]


def _resident_id(body: str) -> str:
    """A resident ID number with its check digit (GB 11643), so the applicant is a real shape."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


PERSON = {
    "kind": "natural_person",
    "name": "欧阳秘密",
    "id_type": "resident_id",
    "id_number": _resident_id("41030219850712731"),
    "phone": "13987654321",
    "address": "洛阳市涧西区隐私路七十三号",
}


@dataclass
class World:
    a: Any
    b: Any
    users: dict[str, Any]
    case: Any
    correction: Any
    check_code: str
    column: Any
    published: Any
    attachment: Any
    draft: Any
    draft_attachment: Any
    normative: Any
    report: Any
    dispute: Any
    dispute_document: Any
    run: Any
    finding: Any
    task: Any
    batch: Any
    # Strings of A's unpublished records: never in an anonymous or an outsider's response.
    secrets: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    org_services = _module("gongkai.orgs.services")
    cases = _module("gongkai.applications.services")
    publishing = _module("gongkai.publishing.services")
    annual = _module("gongkai.annual.services", "gongkai.reports.services")
    disputes = _module("gongkai.disputes.services")
    sitecheck = _module("gongkai.sitecheck.services")
    calendar = _module("gongkai.calendar.services")
    notice_templates = _module("gongkai.applications.notice_templates")
    User = _model("User")

    government = org_services.create_agency("某市人民政府", code="SZ")
    a = org_services.create_agency("某市财政局", parent=government, code="CZ")
    b = org_services.create_agency("某市教育局", parent=government, code="JY")
    users: dict[str, Any] = {}

    def user(name: str, *posts: tuple[Any, str], **flags: bool) -> Any:
        found = User.objects.create_user(f"matrix-{name}", password="pw-for-tests-only", **flags)
        for agency, role in posts:
            org_services.add_member(found, agency, role)
        users[name] = found
        return found

    for role in (EDITOR, REVIEWER, HANDLER, HEAD, ADMIN):
        user(role, (a, role))
    user("all_roles", *((a, role) for role in sorted(ALL_ROLES)))
    user("superuser", is_superuser=True, is_staff=True)
    user("parent_head", (government, HEAD))
    user("outsider", *((b, role) for role in sorted(ALL_ROLES)))
    for agency in (a, b):
        publishing.ensure_platform(agency)

    # 依申请公开: a case of A with the applicant's personal data.
    received = cases.receive(
        agency=a,
        on=TODAY,
        actor=users[HANDLER],
        applicant=PERSON,
        case={
            "received_on": TODAY - timedelta(days=3),
            "channel": "letter_signed",
            "description": "申请公开某市财政局保密申请事项甲",
        },
    )
    case = received.application
    pdf = _module("gongkai.core.tests.files").pdf
    # The applicant was asked for 补正 and answered online with a file (staff may download it).
    case = cases.request_correction(
        case, users[HANDLER], on=TODAY - timedelta(days=2), what="请写明文号",
        reply_by=TODAY + timedelta(days=10), today_=TODAY,
    )  # fmt: skip
    case = cases.answer_correction_online(
        case,
        text="文号为某财〔2025〕1号",
        uploads=[
            SimpleUploadedFile("某市财政局补正材料.pdf", pdf("Correction"), "application/pdf")
        ],
        today_=TODAY,
    )
    correction = case.events.get(action="receive_correction")
    # The calendar of this year as A's administrator loaded it: the case's deadline follows it.
    arrangement = calendar.in_force(TODAY.year)
    calendar.load_year(
        TODAY.year,
        "国务院办公厅关于某年部分节假日安排的通知",
        arrangement.holidays.items(),
        arrangement.workdays.items(),
        actor=users[ADMIN],
    )
    _function(notice_templates, "save_template", "save")(
        users[HEAD], a, "acknowledgement", title="某市财政局专用回执模板", body="{申请人}：收到。"
    )
    batch = _model("ImportBatch").objects.create(
        agency=a,
        filename="某市财政局保密台账.xlsx",
        content=b"",
        uploaded_by=users[HEAD],
        imported_at=NOW,  # imported already: confirming it again is refused, and changes nothing
    )

    # 主动公开: a published item with an attachment, and a draft with one.
    Column, Publication, Attachment = _model("Column"), _model("Publication"), _model("Attachment")
    column = Column.objects.get(agency=a, slug="tzgg")
    published = Publication.objects.create(
        agency=a,
        column=column,
        title="某市财政局公开的通知",
        publisher=a.name,
        written_on=TODAY - timedelta(days=2),
        published_at=NOW - timedelta(days=1),
        publish_workdays=1,
        status="published",
        body="<p>公开的正文。</p>",
        body_text="公开的正文。",
    )
    stored = default_storage.save("attachments/matrix-published.pdf", ContentFile(pdf("Public")))
    attachment = Attachment.objects.create(
        publication=published, file=stored, name="公开附件.pdf", size=default_storage.size(stored),
        kind="pdf",
    )  # fmt: skip
    draft = publishing.save_draft(
        users[EDITOR],
        publishing.Draft(
            column=column,
            title="某市财政局未公开的草稿标题",
            publisher=a.name,
            written_on=TODAY,
            body="<p>草稿正文。</p>",
        ),
        uploads=[SimpleUploadedFile("某市财政局草稿附件.pdf", pdf("Draft"), "application/pdf")],
    )
    draft_attachment = draft.attachments.get()
    normative = _model("NormativeDocument").objects.create(
        agency=a,
        kind="normative_documents",
        title="某市财政局未登载的规范性文件",
        doc_number="某财规〔2026〕1号",
        issued_on=TODAY - timedelta(days=30),
    )

    # The annual report, and a dispute with a document.
    report = annual.start(a, TODAY.year - 1, users[HEAD])
    report.sections = {**report.sections, "other": "某市财政局年报草稿的保密段落"}
    report.save(update_fields=["sections"])
    Dispute = _model("Dispute")
    dispute = _function(disputes, "record_dispute", "save")(
        users[HANDLER],
        Dispute(
            agency=a,
            kind="reconsideration",
            body="某市人民政府",
            case_number="某复〔2026〕保密7号",
            applicant=PERSON["name"],
            application=case,
            filed_on=TODAY - timedelta(days=10),
            stage="filed",
            result="pending",
        ),
        {},
    )
    decision = SimpleUploadedFile("决定书.pdf", pdf("Decision"), "application/pdf")
    dispute_document = disputes.add_document(users[HANDLER], dispute, "复议决定书", decision)

    # The self-check: a finished run with a finding, a task made of it, A's own term.
    Run, Finding = _model("Run"), _model("Finding")
    run = Run.objects.create(
        agency=a, trigger=Run.MANUAL, status=Run.DONE, crawl=False, checked_on=TODAY,
        started_by=users[HEAD], finished_at=NOW, stats={"lights": {"content": "red"}},
    )  # fmt: skip
    finding = Finding.objects.create(
        run=run, code="SENSITIVE_TERM", severity="error", indicator="content",
        subject=f"item:{published.pk}", message="正文含错敏词", link=f"/xxgk/item/{published.pk}/",
    )  # fmt: skip
    task = sitecheck.open_task(
        users[HEAD], finding, users[EDITOR], TODAY + timedelta(days=7), "某市财政局保密整改要求"
    )
    _model("SensitiveTerm").objects.create(agency=a, term="某市财政局专用错敏词", source="本局词表")

    secrets = {
        "tracking code": case.tracking_code,
        "case description": case.description,
        "draft title": draft.title,
        "draft attachment": "某市财政局草稿附件",
        "normative document": normative.title,
        "annual report draft": "某市财政局年报草稿的保密段落",
        "dispute case number": dispute.case_number,
        "task note": task.note,
        "term": "某市财政局专用错敏词",
        "notice template": "某市财政局专用回执模板",
        "register import": "某市财政局保密台账",
    }
    secrets.update({f"applicant {k}": v for k, v in PERSON.items() if k not in ("kind", "id_type")})
    return World(
        a=a, b=b, users=users, case=case, check_code=received.check_code, column=column,
        correction=correction,
        published=published, attachment=attachment, draft=draft,
        draft_attachment=draft_attachment, normative=normative, report=report, dispute=dispute,
        dispute_document=dispute_document, run=run, finding=finding, task=task, batch=batch,
        secrets=secrets,
    )  # fmt: skip
