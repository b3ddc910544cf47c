"""Building an annual report from the records, against counting the same tables.

    .venv/bin/python bench/report_build.py [--cases 100000] [--publications 1000000]
                                           [--disputes 1000] [--years 10]

For SQLite (a file in a temporary directory) and PostgreSQL (a database `gongkai_bench_report`
on $BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres), a child process
migrates, fills one agency with the records spread over `--years` years (cases with their
applicants and outcomes, published items in the platform's columns, disputes, the normative
register), analyses, and then times, as medians of fifteen runs each, the two taken in turn:

- the bare count: one `SELECT count(*)` over each of the three tables;
- the report: `reports.collect.build` for the last year (every cell of the three tables and
  the prose drafted from the same counts; the counts of items and cases come from the tallies
  the database keeps, reports.tallies, which the child checks against a count of the records).

The last line is `RESULT sqlite_vs_count=<ratio> postgres_vs_count=<ratio>`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "gongkai_bench_report"
RUNS = 15


def child(args: argparse.Namespace) -> None:
    """Runs inside the configured database: fill, then time."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    agency, year = fill(args)
    filled = time.perf_counter() - started
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("VACUUM ANALYZE")
        else:
            cur.execute("ANALYZE")

    from gongkai.annual import collect, tallies

    tables = [
        "applications_application",
        "publishing_publication",
        "disputes_dispute",
    ]

    def count() -> None:
        with connection.cursor() as cur:
            for table in tables:
                cur.execute(f"SELECT count(*) FROM {table}")
                cur.fetchone()

    def build() -> None:
        collect.build(agency, year)

    out: dict[str, object] = {"vendor": connection.vendor, "fill_s": filled}
    times: dict[str, list[float]] = {"count": [], "report": []}
    count()
    build()  # warm
    for _ in range(RUNS):  # side by side, so that a noisy moment weighs on both
        for name, fn in (("count", count), ("report", build)):
            begun = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - begun)
    for name, taken in times.items():
        out[f"{name}_ms"] = statistics.median(taken) * 1000
    out["tallies_differ"] = len(tallies.differences(agency.pk, year))  # type: ignore[attr-defined]
    report = collect.build(agency, year)
    out["new_cases"] = report.cells["applications.new.total"]
    out["overview"] = report.sections["overview"].split("\n")[1][:80]
    print("CHILD " + json.dumps(out, ensure_ascii=False))


def fill(args: argparse.Namespace) -> tuple[object, int]:
    """One agency's records over `args.years` years, written in bulk."""
    import random
    from datetime import date, datetime, timedelta

    from django.utils import timezone

    from gongkai.applications.models import Applicant, Application
    from gongkai.applications.workflow import OUTCOMES
    from gongkai.calendar import services as calendar_services
    from gongkai.disputes.models import Dispute
    from gongkai.orgs.services import create_agency
    from gongkai.publishing import services as publishing
    from gongkai.publishing import timeliness
    from gongkai.publishing.models import Column, NormativeDocument, Publication

    rng = random.Random(5)
    agency = create_agency("基准测试局", slug="bench")
    publishing.ensure_platform(agency)
    columns = list(Column.objects.filter(agency=agency).values_list("pk", flat=True))
    last = date.today().year - 1
    first = last - args.years + 1
    days = (date(last, 12, 31) - date(first, 1, 1)).days
    outcomes = [o.key for o in OUTCOMES]
    kinds = ["natural_person"] * 8 + ["commercial", "legal_services"]

    calendar = calendar_services.current()
    batch = 5000
    for start in range(0, args.cases, batch):
        size = min(batch, args.cases - start)
        applicants = Applicant.objects.bulk_create(
            [
                Applicant(
                    kind=rng.choice(kinds),
                    name=f"申请人{start + i}",
                    id_type="passport",
                    id_number=f"P{start + i:08d}",
                    phone="13800000000",
                )
                for i in range(size)
            ]
        )
        cases = []
        for i, applicant in enumerate(applicants):
            received = date(first, 1, 1) + timedelta(days=rng.randrange(days))
            concluded = received + timedelta(days=rng.randrange(5, 40))
            open_case = concluded > date(last, 12, 31)
            cases.append(
                Application(
                    agency=agency,
                    tracking_code=f"BENCH{start + i:09d}",
                    check_code_hash="-",
                    applicant=applicant,
                    channel="online",
                    received_on=received,
                    description="申请公开某文件",
                    status="registered" if open_case else "closed",
                    outcome="" if open_case else rng.choice(outcomes),
                    period_start=received,
                    concluded_on=None if open_case else concluded,
                    met_deadline=None if open_case else True,
                )
            )
        Application.objects.bulk_create(cases)
    for start in range(0, args.publications, batch):
        size = min(batch, args.publications - start)
        items = []
        for i in range(size):
            day = date(first, 1, 1) + timedelta(days=rng.randrange(days))
            moment = timezone.make_aware(datetime.combine(day, datetime.min.time()))
            written = day - timedelta(days=rng.choice([0, 0, 0, 1, 3, 40]))
            items.append(
                Publication(
                    agency=agency,
                    column_id=rng.choice(columns),
                    title=f"信息{start + i}",
                    publisher="基准测试局",
                    written_on=written,
                    published_at=moment + timedelta(hours=9),
                    publish_workdays=timeliness.workdays(written, moment, calendar),
                    status="published",
                    body_text="正文",
                )
            )
        Publication.objects.bulk_create(items)
    Dispute.objects.bulk_create(
        [
            Dispute(
                agency=agency,
                kind=rng.choice(["reconsideration", "litigation_direct"]),
                body="某法院",
                case_number=f"B{n}",
                filed_on=(filed := date(first, 1, 1) + timedelta(days=rng.randrange(days))),
                decided_on=filed + timedelta(days=60),
                result=rng.choice(["upheld", "corrected", "other"]),
            )
            for n in range(args.disputes)
        ]
    )
    NormativeDocument.objects.bulk_create(
        [
            NormativeDocument(
                agency=agency,
                kind="normative_documents",
                title=f"规范性文件{n}",
                doc_number=f"基〔{first}〕{n}号",
                issued_on=date(first, 1, 1) + timedelta(days=rng.randrange(days)),
            )
            for n in range(300)
        ]
    )
    return agency, last


def run(database_url: str, args: argparse.Namespace) -> dict[str, object]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    env.setdefault("SEARCH_INDEX_DIR", tempfile.mkdtemp())
    found = subprocess.run(
        [sys.executable, __file__, "--child", *sys.argv[1:]],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in found.stdout.splitlines():
        if line.startswith("CHILD "):
            return json.loads(line[6:])
    raise SystemExit(f"the child failed:\n{found.stdout}\n{found.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--publications", type=int, default=1_000_000)
    parser.add_argument("--disputes", type=int, default=1_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    import psycopg

    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    ratios = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, url in (
            ("sqlite", f"sqlite:///{tmp}/bench.sqlite3"),
            ("postgres", base.rsplit("/", 1)[0] + "/" + BENCH_DB),
        ):
            found = run(url, args)
            ratio = float(found["report_ms"]) / float(found["count_ms"])  # type: ignore[arg-type]
            ratios[name] = ratio
            print(
                f"{name:8} filled in {float(found['fill_s']):.0f} s; "  # type: ignore[arg-type]
                f"count(*) {float(found['count_ms']):.1f} ms; "  # type: ignore[arg-type]
                f"report {float(found['report_ms']):.1f} ms; ratio {ratio:.2f}  "  # type: ignore[arg-type]
                f"({found['new_cases']} new cases; tallies differing from a count of the "
                f"records: {found['tallies_differ']}; {found['overview']})"
            )
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    print(
        f"RESULT sqlite_vs_count={ratios['sqlite']:.2f} postgres_vs_count={ratios['postgres']:.2f}"
    )


if __name__ == "__main__":
    main()
