"""The website self-check of a large platform, and the speed of its crawl.

    .venv/bin/python bench/sitecheck.py [--columns 2000] [--items 1000000] [--pages 2000]

Builds a SQLite database in a temporary directory: one agency with the 61号 columns and
`--columns` more of its own (news, notices and others, some with the agency's own update
period), `--items` published items with realistic text (publishing.samples) spread over three
years and over the columns, 2 % of them with an attachment's text, a few with an ID number, a
mobile number or a listed 错敏词, 2,000 cases (some overdue), and a list of 100 terms. Then:

- the full check without the crawl (`sitecheck.services.execute`: every rule over the whole
  site, the findings stored), timed twice; the first run is the result (nothing is kept from
  one run to the next but the operating system's file cache);
- the crawl: gunicorn (2 sync workers) serving the same database on loopback, the crawler
  following links from the agency's platform home until `--pages` pages.

The last line is `RESULT check_s=<seconds> crawl_pages_per_s=<pages per second>`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time

from served import ROOT, gunicorn, site_env

PYTHON = sys.executable


def prepare(args: argparse.Namespace) -> None:
    """Runs in a child with the bench database configured."""
    import random
    from datetime import date, timedelta

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from gongkai.applications.models import Applicant, Application
    from gongkai.orgs.services import create_agency
    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Attachment, Column, Publication
    from gongkai.publishing.samples import Sampler
    from gongkai.sitecheck.models import SensitiveTerm

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    agency = create_agency("网站自查基准测试局", slug="bench")
    publishing.ensure_platform(agency)
    Column.objects.bulk_create(
        Column(
            agency=agency,
            slug=f"c{n}",
            name=f"自设栏目{n}",
            section="own",
            column_class=rng.choice(["news", "notice", "other", "other"]),
            update_days=rng.choice([None, None, None, 30, 90]),
            order=100 + n,
        )
        for n in range(args.columns)
    )
    columns = list(Column.objects.filter(agency=agency).values_list("pk", flat=True))
    now = timezone.now()
    sampler = Sampler(seed=7)
    batch = 5000
    for start in range(0, args.items, batch):
        rows = []
        for n, item in enumerate(sampler.items(min(batch, args.items - start), 2025)):
            body = item.body
            if (start + n) % 20_000 == 0:
                body += "联系人身份证号11010519491231002X。"
            elif (start + n) % 20_000 == 1:
                body += "手机13812345678。"
            elif (start + n) % 50_000 == 2:
                body += "根据中华人名共和国有关规定。"
            moment = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            rows.append(
                Publication(
                    agency=agency,
                    column_id=rng.choice(columns),
                    title=item.title,
                    publisher=agency.name,
                    written_on=timezone.localtime(moment).date() - timedelta(days=rng.choice([0, 1, 3, 40])),
                    published_at=moment,
                    publish_workdays=28 if rng.random() < 0.002 else rng.choice([0, 1, 2]),
                    status="published",
                    body=f"<p>{body}</p>",
                    body_text=body,
                )
            )  # fmt: skip
        created = Publication.objects.bulk_create(rows)
        Attachment.objects.bulk_create(
            Attachment(
                publication=p,
                file=f"attachments/b/{p.pk}.pdf",
                name="附件.pdf",
                size=1000,
                kind="pdf",
                text=p.body_text * 4,
            )
            for p in created
            if rng.random() < 0.02
        )
    SensitiveTerm.objects.bulk_create(
        [SensitiveTerm(term="中华人名共和国", note="应为“中华人民共和国”", source="基准测试")]
        + [SensitiveTerm(term=f"错词{n}号", source="基准测试") for n in range(99)]
    )
    applicants = Applicant.objects.bulk_create(
        Applicant(
            kind="natural_person",
            name=f"申请人{n}",
            id_type="passport",
            id_number=f"P{n:08d}",
            phone="13800000000",
        )
        for n in range(2000)
    )
    today = date.today()
    Application.objects.bulk_create(
        Application(
            agency=agency,
            tracking_code=f"SC{n:08d}",
            check_code_hash="-",
            applicant=applicant,
            channel="online",
            received_on=today - timedelta(days=rng.randrange(1, 700)),
            description="申请公开某文件",
            status="registered" if n % 10 == 0 else "closed",
            due_date=today + timedelta(days=rng.randrange(-10, 20)),
        )
        for n, applicant in enumerate(applicants)
    )
    print(json.dumps({"agency": agency.pk}))


def check(args: argparse.Namespace) -> None:
    """Runs in a child: the full check without the crawl, twice."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.utils import timezone

    from gongkai.orgs.models import Agency
    from gongkai.sitecheck import services
    from gongkai.sitecheck.models import Run

    agency = Agency.objects.get(slug="bench")
    times, counts = [], {}
    for _ in range(2):
        run = Run.objects.create(agency=agency, trigger=Run.MANUAL, crawl=False,
                                 checked_on=timezone.localdate())  # fmt: skip
        begun = time.perf_counter()
        services.execute(run)
        times.append(time.perf_counter() - begun)
        counts = run.stats["counts"]
    print(json.dumps({"times": times, "counts": counts}))


def crawl(args: argparse.Namespace, base: str) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.urls import reverse

    from gongkai.orgs.models import Agency
    from gongkai.sitecheck.crawl import Crawl

    agency = Agency.objects.get(slug="bench")
    found = Crawl(base, start=(reverse("portal:platform", args=[agency.pk]),),
                  max_pages=args.pages)  # fmt: skip
    fetched = found.run()
    times = found.response_times()
    print(json.dumps({
        "pages": found.pages, "seconds": found.seconds, "urls": len(fetched),
        "errors": sum(1 for f in fetched if f.status >= 500 or f.status == 0),
        "p50_ms": times[len(times) // 2] * 1000 if times else None,
    }))  # fmt: skip


def child(env: dict[str, str], *extra: str) -> dict[str, object]:
    out = subprocess.run(
        [PYTHON, __file__, *sys.argv[1:], *extra], env=env, cwd=ROOT, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"the child failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--columns", type=int, default=2000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--step", choices=["prepare", "check", "crawl"])
    parser.add_argument("--base")
    args = parser.parse_args()
    if args.step == "prepare":
        return prepare(args)
    if args.step == "check":
        return check(args)
    if args.step == "crawl":
        return crawl(args, args.base)

    with tempfile.TemporaryDirectory() as tmp:
        env = site_env(tmp)
        begun = time.perf_counter()
        child(env, "--step", "prepare")
        print(f"prepared {args.items:,} items in {args.columns:,}+ columns "
              f"in {time.perf_counter() - begun:.0f} s")  # fmt: skip
        checked = child(env, "--step", "check")
        first, second = checked["times"]  # type: ignore[misc]
        print(f"full check without the crawl: {first:.1f} s, again {second:.1f} s; "
              f"findings {checked['counts']}")  # fmt: skip
        with gunicorn(env) as base:
            crawled = child(env, "--step", "crawl", "--base", base)
    rate = float(crawled["pages"]) / float(crawled["seconds"])  # type: ignore[arg-type]
    print(f"crawl: {crawled['pages']} pages ({crawled['urls']} URLs) in "
          f"{float(crawled['seconds']):.1f} s, median response "  # type: ignore[arg-type]
          f"{crawled['p50_ms']:.0f} ms, server errors {crawled['errors']}")  # fmt: skip
    print(f"RESULT check_s={first:.1f} crawl_pages_per_s={rate:.0f}")


if __name__ == "__main__":
    main()
