"""Four `manage.py db_worker` processes on one queue of 1,000 tasks: each task runs exactly once.

Why it holds (django-tasks-db 0.13.0, read in its source): a worker's loop
(`management/commands/db_worker.py`, `Worker.run`) opens a transaction (`utils.
exclusive_transaction`: a plain `atomic` on PostgreSQL), takes the first READY task with
`DBTaskResult.objects.ready()...get_locked()` — `select_for_update(skip_locked=True).first()`
(`models.py`) — and `claim`s it (status RUNNING, its worker id appended) before committing. A row
another worker holds locked is skipped rather than waited for, and once committed it is no longer
READY, so no second worker can take it. SQLite has no row locks (the worker takes the whole
database with BEGIN EXCLUSIVE instead), so this test runs on PostgreSQL only.

Each task appends a row to a table with no constraint at all: a task run twice would show as two
rows, which is what the test counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

ROOT = Path(__file__).resolve().parents[3]
PROBE = "nationwide_probe_runs"
TASKS = 1000
WORKERS = 4

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks with SKIP LOCKED: PostgreSQL only (SQLite workers lock the database)",
    ),
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),  # committed rows: the workers are other processes
]


@task()
def record_run(number: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PROBE} (number, pid) VALUES (%s, %s)",
            [number, os.getpid()],
        )
    return number


def _database_url() -> str:
    db = connection.settings_dict  # the test database (test_<name>) while the test runs
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_workers(log_dir: Path) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",  # the real backend: django_tasks_db
        "DEBUG": "false",
        "DATABASE_URL": _database_url(),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    workers = []
    for n in range(WORKERS):
        command = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"]
        with (log_dir / f"worker-{n}.log").open("wb") as log:  # the child keeps its own copy
            workers.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", *command, "--worker-id", f"probe-{n}"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            )
    return workers


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.terminate()  # SIGTERM: the worker finishes its task and exits
    for worker in workers:
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_every_task_runs_exactly_once(tmp_path: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {PROBE} (number integer NOT NULL, pid integer NOT NULL)")
    workers: list[subprocess.Popen[bytes]] = []
    try:
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            for number in range(TASKS):
                record_run.enqueue(number)
        queued = DBTaskResult.objects.filter(task_path=record_run.module_path)
        assert queued.count() == TASKS and not queued.exclude(status="READY").exists()

        workers = _start_workers(tmp_path)
        deadline = time.monotonic() + 120
        while queued.filter(status__in=["READY", "RUNNING"]).exists():
            dead = [w.args for w in workers if w.poll() is not None]
            assert not dead, [p.read_text() for p in tmp_path.glob("worker-*.log")]
            assert time.monotonic() < deadline, "the workers did not finish within 120 s"
            time.sleep(0.2)
        _stop(workers)

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number, count(*) FROM {PROBE} GROUP BY number")
            runs = dict(cursor.fetchall())
            cursor.execute(f"SELECT count(DISTINCT pid) FROM {PROBE}")
            (processes,) = cursor.fetchone()
        assert set(runs) == set(range(TASKS))  # all ran
        assert {n: c for n, c in runs.items() if c != 1} == {}  # none twice
        assert queued.filter(status="SUCCESSFUL").count() == TASKS
        assert all(len(r.worker_ids) == 1 for r in queued.only("worker_ids"))  # claimed once
        assert processes >= 2, "only one worker took tasks: nothing was contended"
    finally:
        _stop(workers)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {PROBE}")
