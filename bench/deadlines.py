"""Deadline throughput, and the cost of the workbench for a large agency.

    .venv/bin/python bench/deadlines.py [--cases 100000] [--agency-cases 50000]

1. Due dates (correction notice and reply, with corrections, consultation pauses and
   extensions mixed in) for 100,000 cases received 2019–2034, by the code the platform uses, with
   the calendar it uses without loaded notices (the package to 2026, the prediction after it): a
   share of the dates count through predicted years. Target ≥ 100,000 per second. The first
   build of that calendar (2004–2100, predicting 74 years) is timed too: a cold process pays it.
2. The open-cases workbench of one agency holding 50,000 cases, rendered through Django with a
   real SQLite database: the number of SQL queries (it must not grow with the number of cases)
   and the time of one render.

The last line is `RESULT deadlines_per_s=<n> workbench_queries=<n>`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.applications.deadlines import Clock, Pause, compute  # noqa: E402
from gongkai.calendar import sources  # noqa: E402


def clocks(count: int) -> list[tuple[Clock, date]]:
    rng = random.Random(2026)
    out = []
    for _ in range(count):
        received = date(2019, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
        kind = rng.random()
        if kind < 0.1:
            clock = Clock(
                received,
                received + timedelta(days=2),
                received + timedelta(days=rng.randint(3, 30)),
            )
        elif kind < 0.2:
            start = received + timedelta(days=rng.randint(1, 10))
            clock = Clock(
                received,
                pauses=(Pause("third_party", start, start + timedelta(days=rng.randint(5, 25))),),
            )
        elif kind < 0.25:
            clock = Clock(received, extension_days=rng.randint(1, 20))
        else:
            clock = Clock(received)
        out.append((clock, received + timedelta(days=90)))
    return out


def deadline_rate(count: int) -> tuple[float, float, float]:
    start = time.perf_counter()
    calendar = sources.standard_calendar()
    build = time.perf_counter() - start
    print(f"calendar 2004–2100 built cold (package + prediction): {build * 1000:.0f} ms")
    cases = clocks(count)
    predicted = sum(1 for clock, today in cases if compute(clock, calendar, today).predicted)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        for clock, today in cases:
            compute(clock, calendar, today, explain=False)
        times.append(time.perf_counter() - start)
    best = statistics.median(times)
    print(
        f"due dates for {count} cases ({predicted / count:.0%} through predicted years): "
        f"{best:.3f} s (median of 3), {count / best:,.0f} per second"
    )
    return count / best, predicted / count, build


def workbench_queries(count: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from gongkai.accounts.models import User
        from gongkai.applications.models import Applicant, Application
        from gongkai.orgs.models import Role
        from gongkai.orgs.services import add_member, create_agency

        call_command("migrate", verbosity=0)
        agency = create_agency("基准测试局", code="BM")
        handler = User.objects.create_user("bench", password="bench-only-password")
        add_member(handler, agency, Role.HANDLER)
        rng = random.Random(7)
        start = time.perf_counter()
        applicants = Applicant.objects.bulk_create(
            [
                Applicant(
                    kind="natural_person",
                    name=f"申请人{i}",
                    id_type="passport",
                    id_number=f"B{i:08d}",
                    phone="13800000000",
                )
                for i in range(count)
            ],
            batch_size=2000,
        )
        today = date.today()
        Application.objects.bulk_create(
            [
                Application(
                    agency=agency,
                    applicant=applicant,
                    tracking_code=f"BM-{i:08d}",
                    check_code_hash="x",
                    channel="online",
                    received_on=today - timedelta(days=rng.randint(0, 700)),
                    description=f"申请公开文件{i}",
                    status="registered" if i % 5 == 0 else "closed",
                    due_date=today + timedelta(days=rng.randint(-30, 40)),
                    period_start=today,
                )
                for i, applicant in enumerate(applicants)
            ],
            batch_size=2000,
        )
        print(f"inserted {count} cases in {time.perf_counter() - start:.1f} s")
        client = Client(HTTP_HOST="localhost")
        client.force_login(handler)
        client.get("/office/")  # warm the calendar and the templates
        renders = []
        counts = []
        for query in ("", "?page=20", "?channel=online&page=3", "?status=closed"):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get("/office/" + query)
                renders.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
            counts.append(len(captured.captured_queries))
        print(
            f"workbench of {count} cases ({count // 5} open): queries per page {counts}, "
            f"render {statistics.median(renders) * 1000:.0f} ms (median)"
        )
        return max(counts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--agency-cases", type=int, default=50_000)
    args = parser.parse_args()
    rate, predicted, build = deadline_rate(args.cases)
    queries = workbench_queries(args.agency_cases)
    print(
        f"RESULT deadlines_per_s={rate:.0f} predicted_share={predicted:.2f} "
        f"calendar_build_ms={build * 1000:.0f} workbench_queries={queries}"
    )


if __name__ == "__main__":
    main()
