"""Public pages under load: gunicorn on loopback, wrk against it, pages beside a trivial view.

    .venv/bin/python bench/portal.py [--items 20000] [--seconds 8] [--connections 16]

Builds a SQLite database in a temporary directory (migrations, the demo data, N more realistic
published items), indexes it with tantivy, starts gunicorn (2 sync workers, as many as cores)
with the development settings and DEBUG off, and runs wrk for each URL: the health check (a
trivial Django view served the same way), the home page, an item page and a search page. The
trivial view is measured before and after the pages, and the mean is the baseline, because the
machine is shared. The last line is `RESULT item_vs_trivial=<ratio> search_vs_trivial=<ratio>`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from served import ROOT, gunicorn, site_env

PYTHON = sys.executable


def prepare(env: dict[str, str], items: int) -> tuple[list[int], str]:
    """Migrate, load the demo, add `items` published items, index; returns the ids of the
    published items and a search query."""
    script = f"""
import django, random
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", force=True, verbosity=0)
from datetime import timedelta
from django.utils import timezone
from gongkai.orgs.models import Agency
from gongkai.publishing.models import Column, Publication
from gongkai.publishing.samples import Sampler
from gongkai.demo.publishing import KIND_COLUMNS
from gongkai.search import services
office = Agency.objects.get(name="洛阳高新技术产业开发区管理委员会党政办公室")
columns = {{c.slug: c for c in Column.objects.filter(agency=office)}}
now = timezone.now()
rows = []
for n, item in enumerate(Sampler(seed=7).items({items}, 2025)):
    rows.append(Publication(agency=office, column=columns[KIND_COLUMNS[item.kind]],
        title=item.title, publisher=office.name, written_on=item.written_on,
        published_at=now - timedelta(minutes=n + 60), body="<p>" + item.body + "</p>",
        body_text=item.body, status="published", index_number=f"BENCH-{{n:06d}}",
        doc_number=item.doc_number))
Publication.objects.bulk_create(rows, batch_size=2000)
services.rebuild()
ids = list(Publication.objects.visible().values_list("pk", flat=True))
print(" ".join(map(str, ids)))
"""
    out = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, check=False, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"preparing the database failed:\n{out.stderr[-3000:]}")
    return [int(x) for x in out.stdout.strip().splitlines()[-1].split()], "营商环境 工作会议"


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> float:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            *(["-s", script] if script else []),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    with tempfile.TemporaryDirectory() as tmp:
        env = site_env(tmp)
        started = time.perf_counter()
        ids, query = prepare(env, args.items)
        item_id = ids[10]
        # Every request a different item: what a page costs when it is not kept (see pagecache).
        spread = Path(tmp) / "spread.lua"
        spread.write_text(
            "ids = {" + ",".join(map(str, ids)) + "}\n"
            "n = math.random(#ids)\n"
            "request = function()\n  n = n % #ids + 1\n"
            '  return wrk.format("GET", "/xxgk/item/" .. ids[n] .. "/")\nend\n'
        )
        print(f"prepared {args.items:,} items + demo in {time.perf_counter() - started:.0f} s")
        with gunicorn(env) as base:
            from urllib.parse import quote

            urls = {
                "home": f"{base}/",
                "item": f"{base}/xxgk/item/{item_id}/",
                "search": f"{base}/search/?q={quote(query)}",
            }
            for url in urls.values():  # warm: templates, the search index, the connection
                wrk(url, 1, 2)
            trivial_before = wrk(f"{base}/healthz", args.seconds, args.connections)
            rates = {name: wrk(url, args.seconds, args.connections) for name, url in urls.items()}
            rates["item, each request another item"] = wrk(
                base, args.seconds, args.connections, str(spread)
            )
            trivial_after = wrk(f"{base}/healthz", args.seconds, args.connections)
    trivial = (trivial_before + trivial_after) / 2
    print(f"trivial view: {trivial_before:.0f} / {trivial_after:.0f} req/s (before / after)")
    for name, rate in rates.items():
        print(f"{name:34} {rate:8.0f} req/s   {rate / trivial:.2f}× trivial")
    print(
        f"RESULT item_vs_trivial={rates['item'] / trivial:.2f} "
        f"search_vs_trivial={rates['search'] / trivial:.2f}"
    )


if __name__ == "__main__":
    main()
