"""Every URL of the project, asked by every kind of user, against one declared policy.

The URL patterns are walked from the resolver, so a new URL is covered the day it is added: the
first test fails until the URL has a line in POLICY (who may use it) and, if it takes arguments,
in KWARGS (which of agency A's objects fill them). Each URL is then requested with GET and with
an empty POST (an empty body can change nothing: every form is invalid without its fields, and
the admin's delete confirmation needs a non-empty body) by:

    anonymous
    editor, reviewer, handler, head, admin   one role each in agency A
    all_roles                                every role in A
    superuser                                Django's superuser, with no post in any agency
    parent_head                              公开办负责人 of the government above A
    outsider                                 every role in agency B, A's sibling (not above A)

with the arguments naming A's records (its case, publications, attachment, annual report,
dispute and its document, self-check run, finding, task, term list, notice template, register
import, column, normative document; the calendar year whose notice A's administrator loaded).

What is expected follows from POLICY alone:
  allowed             2xx, or 3xx that is not a redirect to the login page (an empty POST may
                      also be refused as invalid: 400 or 422); 405 for a method the view does
                      not take
  anonymous, denied   a redirect to the login page, or 403
  signed in, denied   403 or 404; on A's records the outsider gets 404 (or 403), never 200
  anyone, anywhere    never a 5xx; a GET or a denied POST changes no row of any table; no anonymous
                      response carries the applicant's name, ID number, phone or address, and
                      neither anonymous nor outsider responses carry any of A's unpublished
                      records (World.secrets)

Where the code does not do what POLICY says, the case goes in KNOWN_VIOLATIONS with the reason,
for the code to be fixed; the test fails both on a violation not listed there and on a listed
one that no longer happens (then remove its line). Public pages that show personal data can
never be listed: that test has no exceptions.

The database is built once for the module, inside one transaction rolled back at the end, and
every request of the matrix is made while building the module's fixture.
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.orgs.models import Role

# The mark makes pytest-django set the test database up (it sets up only what marked tests
# need); the records themselves are built once, by the module's fixture.
pytestmark = pytest.mark.django_db

# (URL key, user, method) that the code still gets wrong, each with why, for whoever fixes the
# code: the test checks that each is still wrong, and asks for its removal once it is not.
KNOWN_VIOLATIONS: dict[tuple[str, str, str], str] = {}

# A Tuesday morning (as in the other back-office tests), so deadlines and months do not depend
# on the day the suite runs.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()

# --- who ------------------------------------------------------------------------------------------

EDITOR, REVIEWER, HANDLER, HEAD, ADMIN = (
    Role.EDITOR.value,
    Role.REVIEWER.value,
    Role.HANDLER.value,
    Role.HEAD.value,
    Role.ADMIN.value,
)
ALL_ROLES = frozenset(role.value for role in Role)
SUPERUSER = "superuser"  # Django's flag: the admin site, and loading the calendar
ROOT_HEAD = "root_head"  # 公开办负责人 of an agency without a parent: loads the calendar


@dataclass(frozen=True)
class Who:
    """A kind of user: what they hold for agency A (`in_a`) and anywhere (`anywhere`)."""

    name: str
    in_a: frozenset[str] = frozenset()
    anywhere: frozenset[str] = frozenset()

    @property
    def anonymous(self) -> bool:
        return self.name == "anonymous"


def _single(role: str) -> Who:
    return Who(role, frozenset({role}), frozenset({role}))


USERS: tuple[Who, ...] = (
    Who("anonymous"),
    *(_single(role) for role in (EDITOR, REVIEWER, HANDLER, HEAD, ADMIN)),
    Who("all_roles", ALL_ROLES, ALL_ROLES),
    Who("superuser", frozenset({SUPERUSER}), frozenset({SUPERUSER})),
    # Head of the government above A: A's work is in their reach (orgs.access.agencies_for).
    Who("parent_head", frozenset({HEAD, ROOT_HEAD}), frozenset({HEAD, ROOT_HEAD})),
    Who("outsider", frozenset(), ALL_ROLES),  # every role, but in B
)

# --- the policy -----------------------------------------------------------------------------------

PUBLIC = frozenset({"*"})
ANY_STAFF = ALL_ROLES  # orgs.access.is_staff_member: a post of any kind
CASE = frozenset({HANDLER, HEAD})  # applications.access.CASE_ROLES
MANAGERS = frozenset({HEAD, ADMIN})  # office.views.common.managers
PUBLISHING = frozenset({EDITOR, REVIEWER, HEAD})  # office.views.publishing.PUBLISHING_ROLES
REPORTS = frozenset({EDITOR, HEAD, ADMIN})  # office.views.annual.REPORT_ROLES
CALENDAR_READERS = frozenset({HEAD, ADMIN, SUPERUSER})  # managers, or whoever may load
CALENDAR_LOADERS = frozenset({ADMIN, ROOT_HEAD, SUPERUSER})  # calendar.access.may_load
STAFF_SITE = frozenset({SUPERUSER})  # the Django admin: is_staff accounts (here the superuser)


@dataclass(frozen=True)
class Rule:
    """Who may use a URL. `get`/`post`: the roles that may, PUBLIC, or None where the view does
    not take the method (405 for those who may use the other one). `scoped`: the URL names one of
    agency A's records (in its path or its ?agency=), so only roles held *for A* count, and
    another agency's staff get a 404. `ok`: further statuses that mean the view worked. `site`:
    the Django admin's own rules (redirects to its login, the ModelAdmin's permissions)."""

    get: frozenset[str] | None
    post: frozenset[str] | None = None
    scoped: bool = False
    ok: frozenset[int] = frozenset()
    site: bool = False


# Per-action rules (which role submits, approves, publishes, finalises, extends a deadline) are
# the services' to decide once the form is valid, and an empty POST never reaches them: the table
# states who may reach each view. Where a whole page serves one purpose that only some roles may
# carry out, the page is theirs alone (the self-check's task form).
POLICY: dict[str, Rule] = {
    # The public portal, the report checker, the platform itself.
    "home": Rule(PUBLIC),
    "portal:apply": Rule(PUBLIC, PUBLIC),
    "portal:apply_done": Rule(PUBLIC),
    "portal:track": Rule(PUBLIC, PUBLIC),
    # The applicant's follow-ups: open to all, and without a session that the right codes began,
    # each sends back to /track/ (a redirect) and shows or takes nothing.
    "portal:track_correction": Rule(None, PUBLIC),
    "portal:track_document": Rule(PUBLIC),
    "portal:track_forget": Rule(None, PUBLIC),
    "portal:platform": Rule(PUBLIC),
    "portal:catalogue": Rule(PUBLIC),
    "portal:guide": Rule(PUBLIC),
    "portal:annual_reports": Rule(PUBLIC),
    "portal:column": Rule(PUBLIC),
    "portal:column_rss": Rule(PUBLIC),
    "portal:column_atom": Rule(PUBLIC),
    "portal:item": Rule(PUBLIC),
    "portal:attachment": Rule(PUBLIC),
    "portal:search": Rule(PUBLIC),
    "portal:text_size": Rule(PUBLIC),
    "portal:sitemap": Rule(PUBLIC),
    "reports:check": Rule(PUBLIC, PUBLIC),
    "reports:export": Rule(None, PUBLIC),
    "login": Rule(PUBLIC, PUBLIC),
    "logout": Rule(None, PUBLIC),
    # One's own password: whoever is signed in (no post needed).
    "password_change": Rule(ALL_ROLES | {SUPERUSER}, ALL_ROLES | {SUPERUSER}),
    "password_change_done": Rule(ALL_ROLES | {SUPERUSER}),
    "health": Rule(PUBLIC),
    "search_health": Rule(PUBLIC, ok=frozenset({503})),  # 503 = index behind: for monitoring
    "admin:login": Rule(PUBLIC, PUBLIC),
    "admin:*": Rule(STAFF_SITE, STAFF_SITE, site=True),
    # 依申请公开: cases, registering, statistics, the register.
    "office:home": Rule(ANY_STAFF | {SUPERUSER}),  # each post's home; no post: 403
    "office:workbench": Rule(CASE),
    "office:case_new": Rule(CASE, CASE),
    "office:case": Rule(CASE, scoped=True),
    "office:case_act": Rule(None, CASE, scoped=True),
    "office:case_assign": Rule(None, CASE, scoped=True),
    "office:case_document": Rule(CASE, scoped=True),
    "office:case_correction_file": Rule(CASE, scoped=True),
    "office:statistics": Rule(CASE),
    "office:register_export": Rule(CASE),
    "office:register_import": Rule(MANAGERS, MANAGERS),
    "office:register_confirm": Rule(None, MANAGERS, scoped=True),
    "office:templates": Rule(MANAGERS),
    "office:template_edit": Rule(MANAGERS, MANAGERS, scoped=True),
    # The working-day calendar: national data, read by managers, loaded by a few.
    "office:calendar": Rule(CALENDAR_READERS, CALENDAR_LOADERS),
    "office:calendar_year": Rule(CALENDAR_READERS),
    # 主动公开.
    "office:publications": Rule(PUBLISHING),
    "office:publication_new": Rule(PUBLISHING, PUBLISHING),
    "office:publication": Rule(PUBLISHING, scoped=True),
    "office:publication_edit": Rule(PUBLISHING, PUBLISHING, scoped=True),
    "office:publication_act": Rule(None, PUBLISHING, scoped=True),
    "office:publication_mask": Rule(None, PUBLISHING, scoped=True),
    "office:attachment_remove": Rule(None, PUBLISHING, scoped=True),
    "office:normative": Rule(PUBLISHING, PUBLISHING),
    "office:normative_edit": Rule(PUBLISHING, PUBLISHING, scoped=True),
    "office:figures": Rule(PUBLISHING, PUBLISHING),
    "office:channels": Rule(PUBLISHING, PUBLISHING),
    "office:timeliness": Rule(PUBLISHING),
    "office:publishing_settings": Rule(MANAGERS, MANAGERS),  # ?agency= outside falls back to own
    "office:column_edit": Rule(MANAGERS, MANAGERS, scoped=True),
    # The annual report.
    "office:annual_reports": Rule(REPORTS, REPORTS),
    "office:annual_rollup": Rule(MANAGERS),
    "office:annual_report": Rule(REPORTS, REPORTS, scoped=True),
    "office:annual_act": Rule(None, REPORTS, scoped=True),
    "office:annual_cell": Rule(REPORTS, scoped=True),
    "office:annual_export": Rule(REPORTS, scoped=True),
    # 行政复议 and 行政诉讼.
    "office:disputes": Rule(CASE, CASE),
    "office:dispute": Rule(CASE, CASE, scoped=True),
    "office:dispute_document": Rule(CASE, scoped=True),
    # The website self-check (?agency=A on the pages that choose an agency). Any post reads and
    # starts a check; managers set and waive tasks and keep the term list (services.may_manage).
    "office:sitecheck": Rule(ANY_STAFF, scoped=True),
    "office:sitecheck_start": Rule(None, ANY_STAFF, scoped=True),
    "office:sitecheck_run": Rule(ANY_STAFF, scoped=True),
    "office:sitecheck_task_new": Rule(MANAGERS, MANAGERS, scoped=True),
    "office:sitecheck_tasks": Rule(ANY_STAFF, scoped=True),
    "office:sitecheck_task": Rule(ANY_STAFF, MANAGERS, scoped=True),
    "office:sitecheck_terms": Rule(ANY_STAFF, MANAGERS, scoped=True),
    "office:sitecheck_report": Rule(ANY_STAFF, scoped=True),
    # 系统管理 (orgs.access.may_administer): 系统管理员 for their agency and those below it,
    # superusers for all; A's agency, posts and accounts are not the outsider's (B's admin).
    "office:system": Rule(frozenset({ADMIN, SUPERUSER})),
    "office:system_agency_new": Rule(frozenset({ADMIN, SUPERUSER}), frozenset({ADMIN, SUPERUSER})),
    "office:system_agency": Rule(
        frozenset({ADMIN, SUPERUSER}), frozenset({ADMIN, SUPERUSER}), scoped=True
    ),
    "office:system_agency_active": Rule(None, frozenset({ADMIN, SUPERUSER}), scoped=True),
    "office:system_member_add": Rule(None, frozenset({ADMIN, SUPERUSER}), scoped=True),
    "office:system_member": Rule(None, frozenset({ADMIN, SUPERUSER}), scoped=True),
    "office:system_users": Rule(frozenset({ADMIN, SUPERUSER})),
    "office:system_user_new": Rule(frozenset({ADMIN, SUPERUSER}), frozenset({ADMIN, SUPERUSER})),
    "office:system_user": Rule(frozenset({ADMIN, SUPERUSER}), scoped=True),
    "office:system_user_password": Rule(None, frozenset({ADMIN, SUPERUSER}), scoped=True),
    "office:system_user_active": Rule(None, frozenset({ADMIN, SUPERUSER}), scoped=True),
    "office:system_log": Rule(frozenset({ADMIN, SUPERUSER})),
}

# Which of A's records fill each URL's arguments (the admin's are found from its registry).
KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "portal:platform": lambda w: {"agency": w.a.pk},
    "portal:catalogue": lambda w: {"agency": w.a.pk},
    "portal:guide": lambda w: {"agency": w.a.pk},
    "portal:annual_reports": lambda w: {"agency": w.a.pk},
    "portal:column": lambda w: {"pk": w.column.pk},
    "portal:column_rss": lambda w: {"pk": w.column.pk},
    "portal:column_atom": lambda w: {"pk": w.column.pk},
    "portal:item": lambda w: {"pk": w.published.pk},
    "portal:attachment": lambda w: {"pk": w.attachment.pk},
    "portal:track_document": lambda w: {"kind": "acknowledgement", "fmt": "docx"},
    "office:case": lambda w: {"pk": w.case.pk},
    "office:case_act": lambda w: {"pk": w.case.pk, "action": "decide"},
    "office:case_assign": lambda w: {"pk": w.case.pk},
    "office:case_document": lambda w: {"pk": w.case.pk, "kind": "acknowledgement"},
    "office:case_correction_file": lambda w: {
        "pk": w.case.pk,
        "event": w.correction.pk,
        "number": 1,
    },
    "office:register_confirm": lambda w: {"pk": w.batch.pk},
    "office:calendar_year": lambda w: {"year": TODAY.year},
    "office:template_edit": lambda w: {"agency_pk": w.a.pk, "kind": "acknowledgement"},
    "office:publication": lambda w: {"pk": w.draft.pk},
    "office:publication_edit": lambda w: {"pk": w.draft.pk},
    "office:publication_act": lambda w: {"pk": w.draft.pk, "action": "submit"},
    "office:publication_mask": lambda w: {"pk": w.draft.pk},
    # The published item's attachment: removing it is refused (not a draft), so the allowed
    # users' POST leaves it for the next request.
    "office:attachment_remove": lambda w: {"pk": w.attachment.pk},
    "office:normative_edit": lambda w: {"pk": w.normative.pk},
    "office:column_edit": lambda w: {"pk": w.column.pk},
    "office:annual_report": lambda w: {"pk": w.report.pk},
    "office:annual_act": lambda w: {"pk": w.report.pk, "action": "check"},
    "office:annual_cell": lambda w: {"pk": w.report.pk, "key": "applications.new.total"},
    "office:annual_export": lambda w: {"pk": w.report.pk, "fmt": "json"},
    "office:dispute": lambda w: {"pk": w.dispute.pk},
    "office:dispute_document": lambda w: {"pk": w.dispute_document.pk},
    "office:sitecheck_run": lambda w: {"pk": w.run.pk},
    "office:sitecheck_task_new": lambda w: {"pk": w.finding.pk},
    "office:sitecheck_task": lambda w: {"pk": w.task.pk},
    "office:sitecheck_report": lambda w: {"month": f"{TODAY:%Y-%m}", "fmt": "html"},
    # 系统管理: agency A, A's editor and the editor's post there (an empty POST changes none).
    "office:system_agency": lambda w: {"pk": w.a.pk},
    "office:system_agency_active": lambda w: {"pk": w.a.pk},
    "office:system_member_add": lambda w: {"pk": w.a.pk},
    "office:system_member": lambda w: {"pk": w.users[EDITOR].memberships.get().pk},
    "office:system_user": lambda w: {"pk": w.users[EDITOR].pk},
    "office:system_user_password": lambda w: {"pk": w.users[EDITOR].pk},
    "office:system_user_active": lambda w: {"pk": w.users[EDITOR].pk},
}

# Query parameters besides ?agency=A: the register as CSV, so its rows can be read for A's data.
QUERY: dict[str, dict[str, str]] = {"office:register_export": {"format": "csv"}}

# Second requests of a URL with other arguments: A's unpublished item and its attachment are
# public nowhere, and a 404 for every user (the public views show published items only).
NOBODY = Rule(frozenset())
VARIANTS: dict[str, tuple[str, Callable[[World], dict[str, Any]], Rule]] = {
    "portal:item[draft]": ("portal:item", lambda w: {"pk": w.draft.pk}, NOBODY),
    "portal:attachment[draft]": (
        "portal:attachment",
        lambda w: {"pk": w.draft_attachment.pk},
        NOBODY,
    ),
}

# --- the URL patterns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    key: str  # "namespace:name", or "namespace:<route>" for an unnamed pattern
    name: str | None  # for reverse()
    route: str
    arguments: tuple[str, ...]


ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")  # path() and re_path() forms


def url_entries() -> list[Entry]:
    """Every URL pattern of the project, however deep its include()s."""
    found: list[Entry] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
                continue
            assert isinstance(pattern, URLPattern)
            arguments = tuple(a or b for a, b in ARGUMENT.findall(route))
            name = f"{namespace}{pattern.name}" if pattern.name else None
            found.append(Entry(name or f"{namespace}<{route}>", name, route, arguments))

    walk(get_resolver().url_patterns, "/", "")
    return found


def rule_for(key: str) -> Rule | None:
    if key in POLICY:
        return POLICY[key]
    namespace = key.split(":", 1)[0] if ":" in key else ""
    return POLICY.get(f"{namespace}:*") if namespace else None


def _build(entry: Entry, kwargs: dict[str, Any]) -> str:
    if entry.name:
        return reverse(entry.name, kwargs=kwargs)
    path = ARGUMENT.sub(lambda m: str(kwargs[m.group(1) or m.group(2)]), entry.route)
    return path.rstrip("$")


def unclassified(entry: Entry) -> str | None:
    """Why the matrix cannot request this URL, or None."""
    rule = rule_for(entry.key)
    if rule is None:
        return "no line in POLICY"
    if rule.site:
        unknown = set(entry.arguments) - ADMIN_ARGUMENTS
        return f"no value for the admin argument(s) {sorted(unknown)}" if unknown else None
    if entry.arguments and entry.key not in KWARGS:
        return f"no line in KWARGS for {entry.arguments}"
    return None


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


ADMIN_ARGUMENTS = {"object_id", "id", "content_type_id", "app_label", "url"}


def admin_kwargs(entry: Entry, world: World) -> dict[str, Any]:
    """An admin URL's arguments: A's own record of the model where there is one."""
    app_label, _, rest = entry.route.removeprefix("/admin/").partition("/")
    try:
        model = apps.get_model(app_label, rest.split("/", 1)[0])
    except (LookupError, ValueError):
        model = None
    values: dict[str, Any] = {
        "object_id": _record_of(model, world) if model else 0,
        "id": _record_of(model, world) if model else 0,
        "app_label": "orgs",
        "url": "no-such-page/",
    }
    if "content_type_id" in entry.arguments:  # "view on site": agency A
        values.update(
            content_type_id=ContentType.objects.get_for_model(world.a).pk, object_id=world.a.pk
        )
    return {name: values[name] for name in entry.arguments}


def _record_of(model: Any, world: World) -> Any:
    if model is type(world.a):
        return world.a.pk
    if model is type(world.users[EDITOR]):
        return world.users[EDITOR].pk
    names = {f.name for f in model._meta.get_fields()}
    found = model.objects.filter(agency=world.a) if "agency" in names else model.objects.all()
    first = found.order_by("pk").first()
    return first.pk if first else 0


# --- requesting and judging -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    key: str
    user: str
    method: str
    url: str
    status: int
    problem: str | None  # why this is not what POLICY says, or None


def _may(who: Who, roles: frozenset[str] | None, scoped: bool) -> bool:
    if roles is None:
        return False
    if roles == PUBLIC:
        return True
    return bool((who.in_a if scoped else who.anywhere) & roles)


def _location(response: HttpResponse) -> str:
    return urlsplit(response.get("Location", "")).path


def _to_login(response: HttpResponse, site: bool) -> bool:
    login = reverse("admin:login") if site else reverse("login")
    return 300 <= response.status_code < 400 and _location(response) == login


def _access(rule: Rule, who: Who, method: str) -> tuple[bool, bool, frozenset[str] | None]:
    """Whether the view takes the method, whether `who` may use the URL, and the roles that may
    (for a method the view does not take: those of the other, who get a 405, not a refusal)."""
    roles = rule.get if method == "GET" else rule.post
    takes = roles is not None
    if not takes:
        roles = rule.post if method == "GET" else rule.get
    return takes, _may(who, roles, rule.scoped), roles


def judge(rule: Rule, who: Who, method: str, response: HttpResponse) -> str | None:
    status = response.status_code
    if status >= 500 and status not in rule.ok:
        error = getattr(response, "exc_info", None)
        return f"server error {status}" + (f" ({error[1]!r})" if error else "")
    takes, allowed, roles = _access(rule, who, method)
    if rule.site:
        return _judge_site(allowed, response)
    if allowed:
        if not takes and status == 405:
            return None
        if 200 <= status < 300 or status in rule.ok:
            return None
        if 300 <= status < 400 and (roles == PUBLIC or not _to_login(response, False)):
            return None
        if method == "POST" and takes and status in (400, 422):  # the empty form, refused
            return None
        return f"may use it but got {status} {_location(response)}".rstrip()
    refusals = {403, 404} | ({405} if not takes else set())
    if status in refusals or (who.anonymous and _to_login(response, False)):
        return None
    expected = "a redirect to the login page or 403" if who.anonymous else "403 or 404"
    return f"may not use it but got {status} {_location(response)} (expected {expected})"


def _judge_site(allowed: bool, response: HttpResponse) -> str | None:
    """The Django admin: the superuser gets in (the ModelAdmin may still refuse, 403, or find no
    such page, 404); everyone else is sent to the admin's login, or to a page that does."""
    status = response.status_code
    if allowed:
        if status < 400 or status in (403, 404, 405):
            return None if not _to_login(response, True) else "superuser sent to the login"
        return f"superuser got {status}"
    if 300 <= status < 400 and _location(response).startswith("/admin/"):
        return None
    if status in (403, 404, 405):
        return None
    return f"not staff but got {status} {_location(response)}".rstrip()


def _body(response: HttpResponse) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="ignore")


def _fingerprint_query() -> str:
    """One query: the rows of every table, and the sum of every `version` (an edit bumps it)."""
    skipped = {"django_session", "django_cache"}
    parts = []
    for model in apps.get_models():
        table = model._meta.db_table
        if not model._meta.managed or model._meta.proxy or table in skipped:
            continue
        if model._meta.app_label == "axes":
            continue
        quoted = connection.ops.quote_name(table)
        parts.append(f"(SELECT COUNT(*) FROM {quoted})")
        if "version" in {f.column for f in model._meta.concrete_fields}:
            parts.append(f"(SELECT COALESCE(SUM(version), 0) FROM {quoted})")
    return "SELECT " + ", ".join(parts)


@dataclass
class Matrix:
    outcomes: list[Outcome]
    leaks: list[str]  # anonymous responses with the applicant's personal data
    checks: list[str]  # what the planted data showed where it should (the markers are real)
    seconds: float


def run_matrix(world: World) -> Matrix:
    begun = time.perf_counter()
    fingerprint_sql = _fingerprint_query()

    def fingerprint() -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(fingerprint_sql)
            return tuple(cursor.fetchone())

    clients: dict[str, Client] = {}
    for who in USERS:
        clients[who.name] = Client(raise_request_exception=False)
        if not who.anonymous:
            clients[who.name].force_login(world.users[who.name])

    plan: list[tuple[str, Entry, dict[str, Any], Rule]] = []
    for entry in url_entries():
        rule = rule_for(entry.key)
        if rule is None or unclassified(entry):
            continue  # test_every_url_is_classified names it
        if rule.site:
            kwargs = admin_kwargs(entry, world)
        elif entry.arguments:
            kwargs = KWARGS[entry.key](world)
        else:
            kwargs = {}
        plan.append((entry.key, entry, kwargs, rule))
    by_key = {entry.key: entry for _, entry, _, _ in plan}
    for variant, (key, build, rule) in VARIANTS.items():
        plan.append((variant, by_key[key], build(world), rule))

    pii = {k: v for k, v in world.secrets.items() if k.startswith("applicant ")}
    outcomes: list[Outcome] = []
    leaks: list[str] = []
    for key, entry, kwargs, rule in plan:
        url = _build(entry, kwargs)
        query = {} if rule.site else {"agency": world.a.pk, **QUERY.get(key, {})}
        for who in USERS:
            client = clients[who.name]
            for method in ("GET", "POST"):
                # A GET changes nothing, for anyone; a refused POST leaves every table as it was.
                refused = not _access(rule, who, method)[1]
                watch = not rule.site and (method == "GET" or refused)
                before = fingerprint() if watch else None
                if method == "GET":
                    response = client.get(url, query)
                else:  # the query string, not the body: an empty body is what keeps it harmless
                    target = f"{url}?agency={world.a.pk}" if query else url
                    response = client.post(target, {})
                problem = judge(rule, who, method, response)
                if watch and problem is None and fingerprint() != before:
                    problem = (
                        f"a GET ({response.status_code}) changed the database"
                        if method == "GET"
                        else f"refused ({response.status_code}) but the database changed"
                    )
                body = _body(response)
                if who.anonymous or who.name == "outsider":
                    shown = [k for k, v in world.secrets.items() if v in body]
                    if who.anonymous:
                        leaks += [f"{key} {method}: {k}" for k, v in pii.items() if v in body]
                    if shown and problem is None:
                        problem = f"{response.status_code} shows agency A's " + ", ".join(shown)
                outcomes.append(Outcome(key, who.name, method, url, response.status_code, problem))
                if key.endswith("logout") and not who.anonymous:
                    client.force_login(world.users[who.name])

    # Following the case with both its codes: the public answer gives its state, not its person.
    tracked = clients["anonymous"].post(
        reverse("portal:track"),
        {"tracking_code": world.case.tracking_code, "check_code": world.check_code},
    )
    leaks += [
        f"portal:track with the right codes: {k}" for k, v in pii.items() if v in _body(tracked)
    ]
    checks = []
    if tracked.status_code == 200 and "办理中" in _body(tracked):
        checks.append("track")
    handler, editor = clients[HANDLER], clients[EDITOR]
    case_page = _body(handler.get(reverse("office:case", args=[world.case.pk])))
    if world.case.tracking_code in case_page and PERSON["name"] in case_page:
        checks.append("case")
    if world.draft.title in _body(editor.get(reverse("office:publication", args=[world.draft.pk]))):
        checks.append("draft")
    register = _body(handler.get(reverse("office:register_export"), {"format": "csv"}))
    if world.case.tracking_code in register:
        checks.append("register")
    return Matrix(outcomes, leaks, checks, time.perf_counter() - begun)


@pytest.fixture(scope="module")
def matrix(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Matrix]:
    with django_db_blocker.unblock(), time_machine.travel(NOW):
        cache.clear()  # the public page cache may hold pages of other tests' databases
        with transaction.atomic():
            result = run_matrix(build_world())
            transaction.set_rollback(True)
        cache.clear()
    yield result


# --- the tests ------------------------------------------------------------------------------------


def test_every_url_is_classified() -> None:
    entries = url_entries()
    missing = [f"{e.key} ({e.route}): {why}" for e in entries if (why := unclassified(e))]
    assert not missing, (
        "URL patterns not classified in gongkai/tests/test_security_matrix.py — say who may use "
        "each (POLICY) and which of agency A's records fill its arguments (KWARGS):\n  "
        + "\n  ".join(missing)
    )
    known = {entry.key for entry in entries}
    stale = sorted(k for k in {*POLICY, *KWARGS} if k not in known and not k.endswith(":*"))
    assert not stale, f"POLICY or KWARGS name URLs that no longer exist: {stale}"


def test_every_url_answers_every_user_as_the_policy_says(
    matrix: Matrix, capsys: pytest.CaptureFixture[str]
) -> None:
    """One test for the whole matrix, so that pytest-xdist builds it once, on one worker."""
    found = {(o.key, o.user, o.method): o for o in matrix.outcomes if o.problem}
    # A listed case that has turned into a server error is news too.
    new = [
        o
        for k, o in sorted(found.items())
        if k not in KNOWN_VIOLATIONS or str(o.problem).startswith("server error")
    ]
    fixed = sorted(k for k in KNOWN_VIOLATIONS if k not in found)
    with capsys.disabled():
        print(
            f"\nsecurity matrix: {len(matrix.outcomes)} combinations (URL × user × method) "
            f"checked in {matrix.seconds:.1f} s; {len(found)} violations "
            f"({len(found) - len(new)} known, {len(new)} new)"
        )
    report = []
    # A's staff see A's records where they should: the outsider's 404s and the absent markers
    # are about access, not about records that were never there.
    if sorted(matrix.checks) != ["case", "draft", "register", "track"]:
        report.append(f"the planted records did not show where they belong: only {matrix.checks}")
    # No exceptions here, ever: KNOWN_VIOLATIONS does not apply.
    if matrix.leaks:
        report.append("the applicant's personal data on public pages:")
        report += [f"  {leak}" for leak in matrix.leaks]
    if new:
        report.append(
            "not what POLICY says (fix the code; only if it cannot be fixed now, list it "
            "in KNOWN_VIOLATIONS with why):"
        )
        report += [f"  {o.key} as {o.user}, {o.method} {o.url}: {o.problem}" for o in new]
    if fixed:
        report.append("no longer violations — remove them from KNOWN_VIOLATIONS:")
        report += [f"  {key}: {KNOWN_VIOLATIONS[key]}" for key in fixed]
    assert not report, "\n".join(report)
