"""Public pages under load: gunicorn on loopback, wrk against it, pages beside a trivial view.

    .venv/bin/python bench/portal.py [--items 20000] [--seconds 8] [--connections 16]

Builds a SQLite database in a temporary directory (migrations, the demo data, N more realistic
published items), indexes it with tantivy, starts gunicorn (2 sync workers, as many as cores)
with the development settings and DEBUG off, and runs wrk for each URL: the health check (a
trivial Django view served the same way), the home page, an item page and a search page, then
items that are not in the page cache ("cold"): every request asks for an item never served
before, so every one is rendered (what crawlers and search engines cost, walking the long tail).
Each wrk thread walks its own share of the ids (thread k of T takes ids k, k+T, k+2T, …) and
counts the requests it made; the run fails if a thread ran out of ids (a repeat could be served
from the cache) or if fewer distinct ids were asked than requests made. The trivial view is
measured before and after the pages, and the mean is the baseline, because the machine is
shared. The last line is
`RESULT item_vs_trivial=<ratio> search_vs_trivial=<ratio> cold_item_vs_trivial=<ratio>`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from served import ROOT, gunicorn, load_arguments, site_env

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


# Each thread its own paths, disjoint from the others'; `done` prints what every thread asked.
COLD_LUA = """
paths = {%(paths)s}
local threads = {}
function setup(thread)
  thread:set("first", #threads)
  thread:set("stride", %(threads)d)
  table.insert(threads, thread)
end
function init(args)
  n = first + 1
  made = 0
  overrun = 0
end
function request()
  if n > #paths then overrun = overrun + 1; n = first + 1 end
  local path = paths[n]
  n = n + stride
  made = made + 1
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local out = {}
  for _, t in ipairs(threads) do
    table.insert(out, string.format('{"first": %%d, "made": %%d, "overrun": %%d}',
      t:get("first"), t:get("made"), t:get("overrun")))
  end
  io.write("COLD [" .. table.concat(out, ", ") .. "]\\n")
end
"""
THREADS = 2


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> float:
    rate, _ = wrk_run(url, seconds, connections, script)
    return rate


def wrk_run(
    url: str, seconds: int, connections: int, script: str | None = None
) -> tuple[float, str]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
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
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), out  # type: ignore[union-attr]


def cold(base: str, paths: list[str], seconds: int, connections: int, tmp: str) -> float:
    """Requests/s of pages each asked once: none can come from the page cache."""
    script = Path(tmp) / "cold.lua"
    listed = ",".join(json.dumps(p) for p in paths)  # a JSON string is a Lua string here
    script.write_text(COLD_LUA % {"paths": listed, "threads": THREADS})
    rate, out = wrk_run(base, seconds, connections, str(script))
    threads = json.loads(re.search(r"^COLD (.*)$", out, re.M).group(1))  # type: ignore[union-attr]
    made = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    asked = sum(t["made"] for t in threads)
    # wrk counts completed responses; a thread may have formatted a few more it never sent.
    if any(t["overrun"] for t in threads) or asked < made:
        raise SystemExit(f"cold walk repeated a page (use more --items): {threads}, {made}")
    distinct = sum(len(range(t["first"], len(paths), THREADS)[: t["made"]]) for t in threads)
    assert distinct >= made, (distinct, made)
    print(f"cold walk: {made:,} requests, {distinct:,} distinct pages of {len(paths):,}")
    return rate


def main() -> None:
    args = load_arguments()

    with tempfile.TemporaryDirectory() as tmp:
        env = site_env(tmp)
        started = time.perf_counter()
        ids, query = prepare(env, args.items)
        item_id = ids[10]
        # Never served before: not the warm item; newest first as a crawler of the list would.
        unseen = [pk for pk in ids if pk != item_id]
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
            paths = [f"/xxgk/item/{pk}/" for pk in unseen]
            rates["cold item"] = cold(base, paths, args.seconds, args.connections, tmp)
            trivial_after = wrk(f"{base}/healthz", args.seconds, args.connections)
    trivial = (trivial_before + trivial_after) / 2
    print(f"trivial view: {trivial_before:.0f} / {trivial_after:.0f} req/s (before / after)")
    for name, rate in rates.items():
        print(f"{name:34} {rate:8.0f} req/s   {rate / trivial:.2f}× trivial")
    print(
        f"RESULT item_vs_trivial={rates['item'] / trivial:.2f} "
        f"search_vs_trivial={rates['search'] / trivial:.2f} "
        f"cold_item_vs_trivial={rates['cold item'] / trivial:.2f}"
    )


if __name__ == "__main__":
    main()
