"""Public reads from a PostgreSQL streaming replica, everything else from the primary.

With `DATABASE_REPLICA_URL` set, the database alias "replica" exists and `Router` sends reads
there only while `ReplicaReads` (the middleware) has marked the request as a public read: a GET
or HEAD from no one signed in, to a public path, from a client that has not just written. Every
write, every staff request, every migration and every read outside a request (commands, task
workers) go to the primary ("default").

Read-your-writes: any request that is not a GET or HEAD (a form sent, an upload, a check) sets
the `READ_PRIMARY_COOKIE` for `READ_PRIMARY_SECONDS`, so the page that follows it — the tracking
code after an online application, the result of a check — reads the primary; staff are signed
in and always read it.

Replica lag and the page cache: a kept page's key holds the content version (search.pagecache),
read before the page is rendered and from the same database as the page (search.services
.version: the PostgreSQL engine's version row, through this router). WAL is applied in commit
order, so a replica that shows version V already holds every change committed before V — a
withdrawn item is never kept under the version of its withdrawal. With tantivy the version lives
in local files, not in the replica, so a replica requires the PostgreSQL search engine
(core.checks). In production the standby is synchronous with `synchronous_commit = remote_apply`
(docs/operations.md): an acknowledged commit is already applied there."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"
READ_PRIMARY_COOKIE = "read_primary"
READ_PRIMARY_SECONDS = 30  # longer than any replica lag the operator would tolerate
# Paths whose reads always go to the primary: the back office, sign-in, the admin, the health
# checks (they report on the primary) and a case's tracking page (an applicant's own record).
PRIMARY_PATHS = ("/office/", "/accounts/", "/admin/", "/healthz", "/track/")

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def configured() -> bool:
    return bool(settings.REPLICA_READS) and REPLICA in settings.DATABASES


def read_alias() -> str:
    """The database this request's reads go to."""
    return REPLICA if _replica_reads.get() and configured() else PRIMARY


class Router:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two servers

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def public_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and READ_PRIMARY_COOKIE not in request.COOKIES
        and not request.path.startswith(PRIMARY_PATHS)
    )


class ReplicaReads:
    """Marks public reads for the router; after a write, this client reads the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        token = _replica_reads.set(public_read(request))
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                READ_PRIMARY_COOKIE,
                "1",
                max_age=READ_PRIMARY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
