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

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from gongkai.tests.security.policy import (
    KWARGS,
    POLICY,
    PUBLIC,
    QUERY,
    VARIANTS,
    Entry,
    Rule,
    _build,
    admin_kwargs,
    rule_for,
    unclassified,
    url_entries,
)
from gongkai.tests.security.who import EDITOR, HANDLER, NOW, USERS, Who
from gongkai.tests.security.world import PERSON, World, build_world

# The mark makes pytest-django set the test database up (it sets up only what marked tests
# need); the records themselves are built once, by the module's fixture.
pytestmark = pytest.mark.django_db

# (URL key, user, method) that the code still gets wrong, each with why, for whoever fixes the
# code: the test checks that each is still wrong, and asks for its removal once it is not.
KNOWN_VIOLATIONS: dict[tuple[str, str, str], str] = {}

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
