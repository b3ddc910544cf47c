"""Who may use each URL (POLICY), which of agency A's records fill its arguments (KWARGS), and the
project's URL patterns walked from the resolver."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.tests.security.who import (
    ADMIN,
    ALL_ROLES,
    EDITOR,
    HANDLER,
    HEAD,
    REVIEWER,
    ROOT_HEAD,
    SUPERUSER,
    TODAY,
)
from gongkai.tests.security.world import World

# --- the policy -----------------------------------------------------------------------------------

PUBLIC = frozenset({"*"})
ANY_STAFF = ALL_ROLES  # orgs.access.is_staff_member: a post of any kind
CASE = frozenset({HANDLER, HEAD})  # applications.access.CASE_ROLES
MANAGERS = frozenset({HEAD, ADMIN})  # office.views.common.managers
PUBLISHING = frozenset({EDITOR, REVIEWER, HEAD})  # office.views.publishing.PUBLISHING_ROLES
REPORTS = frozenset({EDITOR, HEAD, ADMIN})  # office.views.annual.REPORT_ROLES
WORKLOG = frozenset({EDITOR, HEAD, ADMIN})  # worklog.access.WORK_ROLES
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
    "portal:display": Rule(PUBLIC),
    "portal:site_map": Rule(PUBLIC),
    "portal:emblem": Rule(PUBLIC, ok=frozenset({404})),  # 404 until an emblem is uploaded
    "portal:sitemap": Rule(PUBLIC),
    "reports:check": Rule(PUBLIC, PUBLIC),
    "reports:export": Rule(None, PUBLIC),
    "login": Rule(PUBLIC, PUBLIC),
    "logout": Rule(None, PUBLIC),
    # One's own password: whoever is signed in (no post needed).
    "password_change": Rule(ALL_ROLES | {SUPERUSER}, ALL_ROLES | {SUPERUSER}),
    "password_change_done": Rule(ALL_ROLES | {SUPERUSER}),
    "health": Rule(PUBLIC),
    # The read API: what the public site shows, to anyone.
    "api-docs": Rule(PUBLIC),
    "api:api-root": Rule(PUBLIC, ok=frozenset({404})),  # nothing at the root: the schema is
    "api:openapi-json": Rule(PUBLIC),
    "api:agencies": Rule(PUBLIC),
    "api:items": Rule(PUBLIC, ok=frozenset({422})),  # 422: the agency is required
    "api:item": Rule(PUBLIC),
    "api:report": Rule(PUBLIC, ok=frozenset({404})),  # the matrix's world publishes no report
    # The matrix asks with ?agency=<A's id>; open data takes an agency's slug: no such agency.
    "api:open_data_json": Rule(PUBLIC, ok=frozenset({404})),
    "api:open_data_csv": Rule(PUBLIC, ok=frozenset({404})),
    "api:check": Rule(None, PUBLIC, ok=frozenset({422})),  # POST only; an empty post: 422
    # The same address: GET says, in Chinese, to POST (405); an empty POST is a 422.
    "api:check_asked_by_get": Rule(PUBLIC, PUBLIC, ok=frozenset({405, 422})),
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
    # 政务公开工作台账 (worklog.access): deleting takes a POST with its tick, so an empty one
    # leaves the record for the next request.
    "office:worklog": Rule(WORKLOG),
    "office:worklog_activities": Rule(WORKLOG),
    "office:worklog_activity_new": Rule(WORKLOG, WORKLOG),
    "office:worklog_activity": Rule(WORKLOG, WORKLOG, scoped=True),
    "office:worklog_activity_delete": Rule(None, WORKLOG, scoped=True),
    "office:worklog_material": Rule(WORKLOG, scoped=True),
    "office:worklog_material_remove": Rule(None, WORKLOG, scoped=True),
    "office:worklog_venues": Rule(WORKLOG),
    "office:worklog_venue_new": Rule(WORKLOG, WORKLOG),
    "office:worklog_venue": Rule(WORKLOG, WORKLOG, scoped=True),
    "office:worklog_venue_delete": Rule(None, WORKLOG, scoped=True),
    "office:worklog_website": Rule(WORKLOG),
    "office:worklog_website_new": Rule(WORKLOG, WORKLOG),
    "office:worklog_website_event": Rule(WORKLOG, WORKLOG, scoped=True),
    "office:worklog_website_delete": Rule(None, WORKLOG, scoped=True),
    "office:worklog_accounts": Rule(WORKLOG),
    "office:worklog_account_new": Rule(WORKLOG, WORKLOG),
    "office:worklog_import": Rule(WORKLOG, WORKLOG),
    "office:worklog_account": Rule(WORKLOG, WORKLOG, scoped=True),
    "office:worklog_account_delete": Rule(None, WORKLOG, scoped=True),
    "office:worklog_figures": Rule(WORKLOG, WORKLOG, scoped=True),
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
    # The installation's identity: agency A is below the government, so its 系统管理员 may not.
    "office:system_website": Rule(frozenset({SUPERUSER}), frozenset({SUPERUSER})),
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
    "api:item": lambda w: {"item_id": w.published.pk},
    "api:report": lambda w: {"agency_slug": "no-such-agency", "year": 2021},
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
    "office:worklog_activity": lambda w: {"pk": _worklog(w)["activity"].pk},
    "office:worklog_activity_delete": lambda w: {"pk": _worklog(w)["activity"].pk},
    "office:worklog_material": lambda w: {"pk": _worklog(w)["material"].pk},
    "office:worklog_material_remove": lambda w: {"pk": _worklog(w)["material"].pk},
    "office:worklog_venue": lambda w: {"pk": _worklog(w)["venue"].pk},
    "office:worklog_venue_delete": lambda w: {"pk": _worklog(w)["venue"].pk},
    "office:worklog_website_event": lambda w: {"pk": _worklog(w)["event"].pk},
    "office:worklog_website_delete": lambda w: {"pk": _worklog(w)["event"].pk},
    "office:worklog_account": lambda w: {"pk": _worklog(w)["account"].pk},
    "office:worklog_account_delete": lambda w: {"pk": _worklog(w)["account"].pk},
    "office:worklog_figures": lambda w: {"pk": _worklog(w)["account"].pk},
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


def _worklog(world: World) -> dict[str, Any]:
    """Agency A's work register, made once per world through worklog.services (the world itself
    predates the register); its texts join the secrets the outsider must not see."""
    made: dict[str, Any] | None = getattr(world, "worklog", None)
    if made is None:
        from datetime import date

        from django.core.files.uploadedfile import SimpleUploadedFile

        from gongkai.core.tests.files import pdf
        from gongkai.worklog import services
        from gongkai.worklog.models import Account, Activity, Venue, WebsiteEvent

        editor, a = world.users[EDITOR], world.a
        activity = services.keep(editor, Activity(
            agency=a, kind="training", held_on=date(TODAY.year, 1, 15), topic="甲局内部保密培训"
        ))  # fmt: skip
        made = {
            "activity": activity,
            "material": services.add_material(
                editor, activity, "甲局培训课件", SimpleUploadedFile("课件.pdf", pdf("Slides"))
            ),
            "venue": services.keep(
                editor,
                Venue(
                    agency=a,
                    kind="zone",
                    name="甲局政务公开专区",
                    level="county",
                    opened_on=date(2021, 6, 1),
                ),
            ),
            "event": services.keep(
                editor,
                WebsiteEvent(
                    agency=a,
                    kind="relaunch",
                    happened_on=date(2025, 9, 30),
                    description="甲局新版网站上线",
                ),
            ),
            "account": services.keep(
                editor,
                Account(agency=a, platform="wechat", name="甲局公众号", sponsor="甲局办公室"),
            ),
        }
        services.save_figure(editor, made["account"], TODAY.year, 1, 31, source="甲局后台")
        world.secrets.update({"worklog topic": "甲局内部保密培训", "worklog account": "甲局公众号"})
        world.worklog = made  # type: ignore[attr-defined]
    return made


# Query parameters besides ?agency=A: the register as CSV, so its rows can be read for A's data.
QUERY: dict[str, dict[str, str]] = {"office:register_export": {"format": "csv"}}

# Second requests of a URL with other arguments: A's unpublished item and its attachment are
# public nowhere, and a 404 for every user (the public views show published items only).
NOBODY = Rule(frozenset())
VARIANTS: dict[str, tuple[str, Callable[[World], dict[str, Any]], Rule]] = {
    "portal:item[draft]": ("portal:item", lambda w: {"pk": w.draft.pk}, NOBODY),
    "api:item[draft]": ("api:item", lambda w: {"item_id": w.draft.pk}, NOBODY),
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
