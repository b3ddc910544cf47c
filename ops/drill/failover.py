"""A failover drill: the primary database goes away while citizens apply online, the standby
takes over, and no application whose acknowledgement a citizen saw is lost.

    .venv/bin/python ops/drill/failover.py [--applications 40]

Everything runs in a temporary directory on loopback ports of its own:

1. `initdb` a primary configured for streaming replication to one *synchronous* standby with
   `synchronous_commit = remote_apply`, `pg_basebackup -R` the standby from it, and wait until
   the primary's `pg_stat_replication` shows the standby streaming as `sync`.
2. Migrate gongkai onto the primary, create one agency, and serve the site with gunicorn.
3. A client thread applies online without pause, as a citizen does (GET /apply/ for the CSRF
   token, POST the form), and records every tracking code shown on an acknowledgement page.
4. After `--applications` acknowledgements: promote the standby, stop the old primary as a crash
   would (immediate), restart gunicorn on the new primary; the client goes on until as many
   more are acknowledged there. `failover_s` is the time from the promotion to the first
   acknowledgement served from the new primary.
5. Every acknowledged tracking code must be in the new primary's database.

The guarantee: with `remote_apply` the primary answers a commit only once the standby has
applied it, so a page that shows a tracking code was rendered after the application reached the
standby. A write the primary had committed but the standby had not received is never
acknowledged: its request waits, then fails when the old primary goes away. (The check has
teeth: with `synchronous_standby_names = ''` and the old primary left up 2 s after the
promotion, a run reported 50 of 71 acknowledged applications lost.)

The last line is `RESULT failover_acknowledged=<n> failover_lost=<m> failover_s=<s>`; the exit
status is 1 if any acknowledged application is missing. Servers, gunicorn and the directory
are removed on every exit, Ctrl-C and errors included. As root the database servers run as the
`postgres` user (PostgreSQL refuses root).
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from served import free_port, gunicorn, site_env  # noqa: E402  (bench/served.py)

DATABASE = "gongkai"
STANDBY_NAME = "standby"  # the standby's application_name, named by synchronous_standby_names
PHASE_SECONDS = 60.0  # the most each half of the drill may take to collect its applications
TRACKING_CODE = re.compile(r"<dt>跟踪码</dt><dd><strong>([^<]+)</strong>")
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def postgres_bin() -> Path:
    """Debian's newest PostgreSQL server binaries, else those on PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(n) for n in p.parts[-3].split(".")],
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL server binaries not found: apt-get install postgresql")
    return Path(initdb).parent


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: there, run as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Server:
    """One PostgreSQL data directory and the port it listens on."""

    name: str
    data: Path
    port: int
    programs: Path  # the PostgreSQL binaries

    def run(self, program: str, *args: str, check: bool = True) -> None:
        command = as_postgres([str(self.programs / program), *args])
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        log = self.data.parent / f"{self.name}.log"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            # Not checked: on the way out after an error the server may be gone already.
            self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def connect(self, dbname: str = DATABASE) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        )


def append(path: Path, lines: list[str]) -> None:
    with path.open("a") as conf:
        conf.write("\n# ops/drill/failover.py\n" + "\n".join(lines) + "\n")


def make_primary(tmp: Path, programs: Path) -> Server:
    primary = Server("primary", tmp / "primary", free_port(), programs)
    primary.run("initdb", "-D", str(primary.data), "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--auth=trust", "--no-sync")  # fmt: skip
    append(
        primary.data / "postgresql.conf",
        [
            "listen_addresses = '127.0.0.1'",
            f"port = {primary.port}",
            "unix_socket_directories = ''",  # TCP only: nothing shared with other clusters
            "wal_level = replica",
            "max_wal_senders = 4",
            f"synchronous_standby_names = '{STANDBY_NAME}'",
            # A commit is answered only once the standby has applied it: an acknowledged write
            # survives the promotion, and a read on the standby already sees it.
            "synchronous_commit = remote_apply",
        ],
    )
    (primary.data / "pg_hba.conf").write_text(
        "host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
    )
    return primary


def make_standby(tmp: Path, primary: Server) -> Server:
    standby = Server("standby", tmp / "standby", free_port(), primary.programs)
    standby.run("pg_basebackup", "-D", str(standby.data), "-R", "-X", "stream",
                "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres")  # fmt: skip
    # postgresql.auto.conf is read last: these override what the copy of the primary's says.
    append(
        standby.data / "postgresql.auto.conf",
        [
            f"port = {standby.port}",
            f"primary_conninfo = 'host=127.0.0.1 port={primary.port} user=postgres "
            f"application_name={STANDBY_NAME}'",
            # Once promoted it has no standby of its own: waiting for one would stop every write.
            "synchronous_standby_names = ''",
        ],
    )
    return standby


def wait_for_sync(primary: Server) -> None:
    deadline = time.monotonic() + 30
    with primary.connect("postgres") as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT state, sync_state FROM pg_stat_replication WHERE application_name = %s",
                [STANDBY_NAME],
            ).fetchone()
            if row == ("streaming", "sync"):
                return
            time.sleep(0.1)
    raise RuntimeError("the standby did not become a synchronous standby within 30 s")


def site(tmp: Path, server: Server, verbose: bool, replica: Server | None = None) -> dict[str, str]:
    """gongkai's environment against `server` (the development settings with DEBUG off), with
    the public reads from `replica` through the router (gongkai/core/replicas.py)."""
    env = {
        **site_env(str(tmp)),
        "DATABASE_URL": server.url(),
        "SEARCH_BACKEND": "postgres",  # the search index inside the database, failed over with it
    }
    if replica is not None:
        env["DATABASE_REPLICA_URL"] = replica.url()
    if not verbose:
        # The requests that fail during the failover log their tracebacks: into a file.
        env["GUNICORN_CMD_ARGS"] = f"--capture-output --error-logfile {tmp}/gunicorn.log"
    return env


def prepare_site(env: dict[str, str]) -> int:
    """Migrates and creates the agency the applications go to; its id."""
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"],
                   env=env, cwd=ROOT, check=True)  # fmt: skip
    script = (
        "from gongkai.orgs.services import create_agency; "
        "print(create_agency('演练市数据局', code='YL', phone='0379-12345678').pk)"
    )
    created = subprocess.run([python, "manage.py", "shell", "-c", script], env=env, cwd=ROOT,
                             check=True, capture_output=True, text=True)  # fmt: skip
    return int(created.stdout.split()[-1])


def apply_once(base: str, agency: int, number: int) -> str | None:
    """One online application as a browser sends it; the tracking code acknowledged, or None."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = {
        "case-agency": str(agency),
        "case-description": f"演练申请第{number}号：本机关2025年预算公开文件",
        "case-form_requested": "电子",
        "case-delivery_requested": "电子邮件",
        "case-confirm": "on",
        "applicant-kind": "natural_person",
        "applicant-name": f"演练{number}",
        "applicant-id_type": "passport",
        "applicant-id_number": f"P{number:08d}",
        "applicant-phone": "13800000000",
    }
    try:
        with opener.open(f"{base}/apply/", timeout=10) as response:
            token = CSRF_TOKEN.search(response.read().decode())
        if token is None:
            return None
        body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token[1]}).encode()
        request = urllib.request.Request(f"{base}/apply/", data=body)
        # The redirect to the acknowledgement is followed: the code is on that page.
        with opener.open(request, timeout=10) as response:
            code = TRACKING_CODE.search(response.read().decode())
    except (OSError, http.client.HTTPException):
        return None  # refused, reset, 5xx, timed out: not acknowledged, the citizen tries again
    return code[1] if code else None


@dataclass
class Acknowledged:
    tracking_code: str
    base: str  # the server that acknowledged it
    at: float  # time.monotonic()


class Citizens(threading.Thread):
    """Applies online one application after another at `base` (changed under it at failover)."""

    def __init__(self, agency: int) -> None:
        super().__init__(daemon=True)
        self.agency = agency
        self.base = ""
        self.acknowledged: list[Acknowledged] = []
        self.attempts = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            base = self.base
            self.attempts += 1
            code = apply_once(base, self.agency, self.attempts)
            if code:
                self.acknowledged.append(Acknowledged(code, base, time.monotonic()))
            else:
                time.sleep(0.05)

    def wait_for(self, count: int, base: str) -> None:
        deadline = time.monotonic() + PHASE_SECONDS
        while sum(a.base == base for a in self.acknowledged) < count:
            if time.monotonic() > deadline or not self.is_alive():
                raise RuntimeError(
                    f"fewer than {count} applications acknowledged by {base} "
                    f"in {PHASE_SECONDS:.0f} s (--verbose shows the server's errors)"
                )
            time.sleep(0.05)


STARTED = time.monotonic()


def say(line: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.1f} s] {line}", flush=True)


def missing(server: Server, codes: list[str]) -> list[str]:
    with server.connect() as conn:
        found = conn.execute(
            "SELECT tracking_code FROM applications_application WHERE tracking_code = ANY(%s)",
            [codes],
        ).fetchall()
    return sorted(set(codes) - {row[0] for row in found})


def drill(applications: int, verbose: bool, cleanup: ExitStack) -> int:
    tmp = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="gongkai-drill-")))
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(tmp, postgres.pw_uid, postgres.pw_gid)

    primary = make_primary(tmp, postgres_bin())
    cleanup.callback(primary.stop, "immediate")
    primary.start()
    standby = make_standby(tmp, primary)
    cleanup.callback(standby.stop, "immediate")
    standby.start()
    wait_for_sync(primary)  # from here on every commit waits for the standby, CREATE DATABASE too
    with primary.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")
    say(f"primary on :{primary.port}, synchronous standby on :{standby.port}")

    say("migrating")
    agency = prepare_site(site(tmp, primary, verbose))
    citizens = Citizens(agency)
    cleanup.callback(citizens.stopping.set)
    before = ExitStack()
    cleanup.callback(before.close)
    # The application form is read from the standby (a public GET), the application written to
    # the primary: the router's two paths, until the primary goes.
    citizens.base = before.enter_context(gunicorn(site(tmp, primary, verbose, replica=standby)))
    citizens.start()
    say("serving; applying online")
    citizens.wait_for(applications, citizens.base)
    say(f"{applications} applications acknowledged; promoting the standby")

    promoted_at = time.monotonic()
    standby.run("pg_ctl", "-D", str(standby.data), "-w", "promote")
    primary.stop("immediate")  # the old primary goes away as in a crash
    before.close()
    after = cleanup.enter_context(gunicorn(site(tmp, standby, verbose)))
    citizens.base = after
    citizens.wait_for(applications, after)
    citizens.stopping.set()
    citizens.join(timeout=30)

    acknowledged = [a.tracking_code for a in citizens.acknowledged]
    lost = missing(standby, acknowledged)
    first = min(a.at for a in citizens.acknowledged if a.base == after)
    on_new = sum(a.base == after for a in citizens.acknowledged)
    say(
        f"{len(acknowledged)} applications acknowledged ({len(acknowledged) - on_new} by the old "
        f"primary, {on_new} by the new), {citizens.attempts - len(acknowledged)} attempts "
        "refused or failed during the failover"
    )
    for code in lost:
        say(f"lost: {code}")
    print(
        f"RESULT failover_acknowledged={len(acknowledged)} failover_lost={len(lost)} "
        f"failover_s={first - promoted_at:.2f}",
        flush=True,
    )
    return 1 if lost else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--applications",
        type=int,
        default=40,
        help="applications acknowledged before the failover, and again after it (default 40)",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="show gunicorn's log (the requests that fail during the failover log tracebacks)",
    )
    args = parser.parse_args()
    # Ctrl-C (even when started in the background, where a shell ignores it) and a kill unwind
    # through `cleanup`: everything started is stopped and the directory removed.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with ExitStack() as cleanup:
        return drill(args.applications, args.verbose, cleanup)


if __name__ == "__main__":
    sys.exit(main())
