"""How fast the national audit goes: `gongkai check --queue DIR` and `manage.py db_worker`s on
PostgreSQL, one worker and then two.

    .venv/bin/python bench/audit.py [--files 200] [--server postgres://postgres@127.0.0.1:5432]

1. A throwaway database on the server (a unique name, dropped at the end), migrated.
2. About `--files` real reports: the golden files and the corpus under gongkai/reports/tests
   (PDF, text, Markdown, HTML), copied round and round into a temporary folder.
3. A batch queued and one worker started; timed from the worker's start (Django's and the parsing
   worker's start-up included) until no file of the batch is pending. Then a second batch of the
   same files with two workers. The steady rate (first file finished to last) is printed beside.

Prints reports/s for each and the hours 100,000 reports would take at that rate; the last line
is `RESULT audit_1_worker_per_s=<x> audit_2_workers_per_s=<y> hours_100k_1=<h1> hours_100k_2=<h2>`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from served import ROOT, site_env

REPORTS = ROOT / "gongkai" / "reports" / "tests"
NATIONAL = 100_000


def real_reports() -> list[Path]:
    """Every report input under the golden and corpus folders (not the expectations beside
    them, not the corpus indexes)."""
    return sorted(
        path
        for folder in ("golden", "corpus")
        for path in (REPORTS / folder).iterdir()
        if not path.name.endswith(".expected.json") and not path.name.startswith("INDEX-")
    )


def copy_reports(target: Path, count: int) -> dict[str, int]:
    sources = real_reports()
    kinds: dict[str, int] = {}
    for number in range(count):
        source = sources[number % len(sources)]
        shutil.copy(source, target / f"{number:04d}-{source.name}")
        kinds[source.suffix] = kinds.get(source.suffix, 0) + 1
    return kinds


@contextmanager
def database(server: str) -> Iterator[str]:
    """A new database on `server`; its URL. Dropped afterwards, whatever happened."""
    name = f"gongkai_bench_audit_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def queue(env: dict[str, str], folder: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "check", "--queue", str(folder)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.search(r"已排入第 (\d+) 批", done.stdout)
    if found is None:
        raise SystemExit(f"gongkai check --queue said: {done.stdout}{done.stderr}")
    return int(found.group(1))


def pending(url: str, batch: int) -> tuple[int, float | None]:
    """Files of the batch still pending; seconds from the first file finished to the last."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FILTER (WHERE status = 'pending'),"
            " extract(epoch FROM max(finished) - min(finished))"
            " FROM nationwide_auditresult WHERE batch_id = %s",
            [batch],
        ).fetchone()
    assert row is not None
    return int(row[0]), float(row[1]) if row[1] is not None else None


def run_workers(env: dict[str, str], url: str, batch: int, workers: int) -> tuple[float, float]:
    """Seconds from starting `workers` db_workers until the batch is done, and the steady span."""
    logs = Path(env["MEDIA_ROOT"]).parent
    begun = time.perf_counter()
    started = []
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    for number in range(workers):
        with (logs / f"worker-{batch}-{number}.log").open("wb") as log:
            named = [*command, "--interval", "0.1", "--worker-id", f"bench-{batch}-{number}"]
            started.append(
                subprocess.Popen(named, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
            )
    try:
        while True:
            left, span = pending(url, batch)
            if left == 0:
                return time.perf_counter() - begun, span or 0.0
            if any(worker.poll() is not None for worker in started):
                raise SystemExit(f"a worker stopped; see {logs}/worker-{batch}-*.log")
            time.sleep(0.1)
    finally:
        for worker in started:
            worker.terminate()
        for worker in started:
            worker.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    rates: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, database(args.server) as url:
        env = {**site_env(tmp), "DATABASE_URL": url}
        env.pop("DATABASE_REPLICA_URL", None)
        begun = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        print(f"database {url.rsplit('/', 1)[1]} migrated in {time.perf_counter() - begun:.0f} s")
        folder = Path(tmp) / "reports"
        folder.mkdir()
        kinds = copy_reports(folder, args.files)
        shown = ", ".join(f"{n} {suffix}" for suffix, n in sorted(kinds.items()))
        print(f"{args.files} reports ({shown}) from {len(real_reports())} real ones; "
              f"{os.cpu_count()} CPUs")  # fmt: skip
        for workers in (1, 2):
            batch = queue(env, folder)
            seconds, span = run_workers(env, url, batch, workers)
            rate = args.files / seconds
            steady = (args.files - 1) / span if span else float("nan")
            rates.append(rate)
            print(f"{workers} worker{'s' if workers > 1 else ''}: {args.files} reports in "
                  f"{seconds:.1f} s = {rate:.1f} reports/s (steady {steady:.1f}/s); "
                  f"100,000 reports in {NATIONAL / rate / 3600:.1f} h")  # fmt: skip
    hours = [NATIONAL / rate / 3600 for rate in rates]
    print(f"RESULT audit_1_worker_per_s={rates[0]:.1f} audit_2_workers_per_s={rates[1]:.1f} "
          f"hours_100k_1={hours[0]:.2f} hours_100k_2={hours[1]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
