"""Hostile files through every path a file comes in by, served for real.

    .venv/bin/python bench/hostile.py

The corpus is generated (gongkai/core/tests/files.py: inflate bombs in PDF streams and zip
members, billion laughs, an external entity, 2 MB of one line, random GBK and random bytes,
100,000-cell and 19 MB HTML tables, 100,000 nested elements, polyglots, truncated files, a
5-byte PDF, a PDF claiming 2³¹ pages, a 25 MB XLSX of 674 MB inflated). Each file goes through

1. `gongkai check FILE`, as a user runs it;
2. the report checker page, POSTed to gunicorn (2 sync workers, DEBUG off, a throwaway SQLite
   site with the demo loaded);
3. an editor's attachment upload to a draft on the same server, logged in as the demo's 信息员.

Seconds are wall-clock per request or run. Memory is the largest resident set of any process
involved — the CLI, gunicorn and its workers, and every parsing worker they started — read
from this process's children's resource usage once all of them have exited. The last line is
`RESULT hostile_files=<n> max_rss_mb=<m> max_s=<s> errors_5xx=<e>`.
"""

from __future__ import annotations

import http.cookiejar
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from served import ROOT, gunicorn, site_env

sys.path.insert(0, str(ROOT))

from gongkai.core.tests.files import corpus

PYTHON = sys.executable
GONGKAI = str(Path(PYTHON).with_name("gongkai"))
PASSWORD = "hostile-bench-password-1"


def prepare(env: dict[str, str]) -> int:
    """Migrate, load the demo, give the 信息员 a known password and a draft; the draft's id."""
    script = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", force=True, verbosity=0)
from datetime import date
from gongkai.accounts.models import User
from gongkai.publishing import services
from gongkai.publishing.models import Column
user = User.objects.get(username="xinxiyuan")
user.set_password({PASSWORD!r})
user.must_change_password = False  # the demo's printed password is changed, as on first login
user.save(update_fields=["password", "must_change_password"])
column = Column.objects.filter(agency__memberships__user=user).first()
draft = services.save_draft(user, services.Draft(
    column=column, title="附件测试草稿", publisher=column.agency.name,
    written_on=date(2026, 3, 9), body="<p>草稿正文</p>"), None, None, [])
print(draft.pk)
"""
    result = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(result.stdout.split()[-1])


class Browser:
    """A cookie jar and the CSRF token of the last form: enough to use Django's forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return str(response.read().decode())

    def post(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, str]:
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form on {path}"
        body, content_type = _multipart({**fields, "csrfmiddlewaretoken": token[1]}, files)
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return int(response.status), str(response.read().decode())
        except urllib.error.HTTPError as error:
            return int(error.code), str(error.read().decode(errors="replace"))


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _draft_form(page: str) -> dict[str, str]:
    """The draft's fields as its edit page shows them (so a refused upload changes nothing)."""
    fields: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page):
        fields.setdefault(name, value)
    for name, value in re.findall(
        r'<select[^>]*name="(\w+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected', page, re.S
    ):
        fields[name] = value
    body = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    fields["body"] = body[1] if body else ""
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def main() -> None:
    files = corpus()
    rows: list[tuple[str, str, int | str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = site_env(tmp)
        draft = prepare(env)
        directory = Path(tmp) / "files"
        directory.mkdir()
        for hostile in files:
            path = directory / hostile.name
            path.write_bytes(hostile.data)
            start = time.monotonic()
            result = subprocess.run([GONGKAI, "check", str(path)], capture_output=True, env=env)
            rows.append(
                (hostile.name, "gongkai check", result.returncode, time.monotonic() - start)
            )
        with gunicorn(env) as base:
            checker = Browser(base)
            editor = Browser(base)
            editor.post("/accounts/login/", {"username": "xinxiyuan", "password": PASSWORD}, {})
            edit = f"/office/publications/{draft}/edit/"
            assert 'name="title"' in editor.get(edit), "the 信息员 could not log in"
            for hostile in files:
                start = time.monotonic()
                status, _ = checker.post(
                    "/reports/check/", {}, {"file": (hostile.name, hostile.data)}
                )
                rows.append((hostile.name, "/reports/check/", status, time.monotonic() - start))
                form = _draft_form(editor.get(edit))
                start = time.monotonic()
                status, page = editor.post(edit, form, {"uploads": (hostile.name, hostile.data)})
                elapsed = time.monotonic() - start
                kept = f"附件“{hostile.name}”" in page and "草稿正文" in page
                rows.append((hostile.name, "附件上传", status if kept else f"{status}!", elapsed))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    print(f"{'file':20} {'path':16} {'status':>7} {'s':>6}")
    for name, where, status, seconds in rows:
        print(f"{name:20} {where:16} {status!s:>7} {seconds:6.2f}")
    errors = sum(int(str(s).rstrip("!")) >= 500 for _, _, s, _ in rows)
    lost = sum(str(s).endswith("!") for _, _, s, _ in rows)
    print(f"uploads answered without the reason or without the draft's text (marked !): {lost}")
    print(
        f"RESULT hostile_files={len(files)} max_rss_mb={peak} "
        f"max_s={max(s for *_, s in rows):.2f} errors_5xx={errors}"
    )
    if errors or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
