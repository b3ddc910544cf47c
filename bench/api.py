"""The read API under load: gunicorn on loopback, wrk against the item list beside a trivial
view, then the checker service asked by concurrent clients.

    .venv/bin/python bench/api.py [--items 20000] [--seconds 8] [--connections 16]

Builds the same site as bench/portal.py (migrations, the demo, N more published items), starts
gunicorn (2 sync workers) and measures with wrk: the trivial view before and after, and between
them the first page of an agency's items (`/api/v1/items/?agency=…`, 50 items) as it is served
(the same address again and again: kept until the content changes), then lists never asked
before ("cold"): every request a different `published_after` (as many clients polling "what is
new since my last visit" would ask), each a page of 50 rendered from the database (bench/portal
.py's cold walk, which fails if an address repeats). Then `POST /api/v1/check` with the seed
report's text from as many clients as workers, for the same time, the rate limit lifted (it is
per client; a bench is one client). The last line is `RESULT api_items_vs_trivial=<ratio>
api_items_cold_vs_trivial=<ratio> api_check_per_s=<checks per second>`.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

from portal import cold, prepare, wrk
from served import ROOT, gunicorn, load_arguments, site_env

SEED = ROOT / "gongkai" / "reports" / "tests" / "golden" / "seed-luoyang-gaoxin-2021.txt"


def post_text(url: str, text: str) -> int:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return int(response.status)


def checks_per_second(url: str, seconds: int, clients: int) -> float:
    text = SEED.read_text("utf-8")
    post_text(url, text)  # warm: a worker started, the checker loaded
    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        while time.monotonic() < stop:
            assert post_text(url, text) == 200
            done[n] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def main() -> None:
    args = load_arguments()
    with tempfile.TemporaryDirectory() as tmp:
        env = site_env(tmp)
        env["API_CHECKS_PER_MINUTE"] = "1000000"
        ids, _ = prepare(env, args.items)
        with gunicorn(env) as base:
            with urllib.request.urlopen(f"{base}/api/v1/agencies/") as response:
                listed_agencies = json.load(response)
            # The demo's 党政办, which the prepared items belong to.
            agency = next(a["id"] for a in listed_agencies if a["slug"] == "luoyang-gaoxin")
            items = f"{base}/api/v1/items/?agency={agency}"
            wrk(items, 1, 2)
            before = wrk(f"{base}/healthz", args.seconds, args.connections)
            listed = wrk(items, args.seconds, args.connections)
            # Long before the demo's and the bench's items: each a full page of 50, each new.
            start = datetime(2000, 1, 1, tzinfo=UTC)
            paths = [
                f"/api/v1/items/?agency={agency}&published_after="
                + (start + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
                for n in range(len(ids))
            ]
            unseen = cold(base, paths, args.seconds, args.connections, tmp)
            after = wrk(f"{base}/healthz", args.seconds, args.connections)
            checks = checks_per_second(f"{base}/api/v1/check", args.seconds, 2)
    trivial = (before + after) / 2
    print(f"trivial view: {before:.0f} / {after:.0f} req/s (before / after)")
    print(f"items list (50 a page)   {listed:8.0f} req/s   {listed / trivial:.2f}× trivial")
    print(f"items list, cold         {unseen:8.0f} req/s   {unseen / trivial:.2f}× trivial")
    print(f"checks (the seed, text)  {checks:8.1f} /s")
    print(
        f"RESULT api_items_vs_trivial={listed / trivial:.2f} "
        f"api_items_cold_vs_trivial={unseen / trivial:.2f} api_check_per_s={checks:.1f}"
    )


if __name__ == "__main__":
    main()
