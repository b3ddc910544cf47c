"""How fast gongkai reads and checks annual reports.

    .venv/bin/python bench/check_speed.py [--runs 15] [--reports 1000]

1. Median parse+check time of the seed and of each real PDF (golden files).
2. For each PDF, gongkai's whole pipeline (read, find the tables, check) against pdfplumber's
   bare extract_text() of the same file, measured interleaved in one run (the machine is
   shared and noisy): target <= 1.5x.
3. Throughput of `gongkai check DIR --jobs 1` over a directory of generated text, Markdown and
   HTML reports, as reports per second per core: target >= 200.

The last line is `RESULT pdf_vs_extract_text=<worst ratio> reports_per_s=<n>`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.reports import examples  # noqa: E402
from gongkai.reports.checks import check_document  # noqa: E402
from gongkai.reports.render import render  # noqa: E402

GOLDEN = ROOT / "gongkai" / "reports" / "tests" / "golden"


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _extract_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _pipeline(path: Path) -> None:
    check_document(path.read_bytes(), path.name)


def single_files(runs: int) -> float:
    print(f"{'file':38} {'parse+check ms':>15} {'extract_text ms':>16} {'ratio':>6}")
    seed = GOLDEN / "seed-luoyang-gaoxin-2021.txt"
    seed_times = [_time(lambda: _pipeline(seed)) for _ in range(runs)]
    print(f"{seed.name:38} {statistics.median(seed_times) * 1000:15.1f} {'-':>16} {'-':>6}")
    worst = 0.0
    for path in sorted(GOLDEN.glob("*.pdf")):
        ours: list[float] = []
        bare: list[float] = []
        _pipeline(path), _extract_text(path)  # warm caches and imports
        for _ in range(runs):  # interleaved, so both see the same machine load
            ours.append(_time(lambda p=path: _pipeline(p)))
            bare.append(_time(lambda p=path: _extract_text(p)))
        ratio = statistics.median(ours) / statistics.median(bare)
        worst = max(worst, ratio)
        print(
            f"{path.name:38} {statistics.median(ours) * 1000:15.1f} "
            f"{statistics.median(bare) * 1000:16.1f} {ratio:6.2f}"
        )
    return worst


def _tab_separated(markdown: str) -> str:
    lines = []
    for line in markdown.splitlines():
        if line.startswith("| ---") or line.startswith("|---"):
            continue
        if line.startswith("|"):
            line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(line.lstrip("#").strip())
    return "\n".join(lines) + "\n"


def make_corpus(directory: Path, count: int) -> None:
    rng = random.Random(20260101)
    for i in range(count):
        report = examples.generate(rng, "2019" if i % 10 == 0 else "2021")
        kind = i % 3
        if kind == 0:
            (directory / f"{i:04}.html").write_bytes(render(report, "html"))
        elif kind == 1:
            (directory / f"{i:04}.md").write_bytes(render(report, "md"))
        else:
            text = _tab_separated(render(report, "md").decode("utf-8"))
            (directory / f"{i:04}.txt").write_text(text, encoding="utf-8")


def throughput(count: int, jobs: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "reports"
        corpus.mkdir()
        make_corpus(corpus, count)
        command = [
            str(Path(sys.executable).with_name("gongkai")),
            "check",
            str(corpus),
            "--jobs",
            str(jobs),
            "--no-progress",
            "--summary",
            str(Path(tmp) / "s.csv"),
        ]
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode not in (0, 1):
            raise SystemExit(f"gongkai check failed ({result.returncode}): {result.stderr[-500:]}")
        summary = (Path(tmp) / "s.csv").read_text(encoding="utf-8-sig").splitlines()
        readable = sum(",ok," in line for line in summary)
        rate = count / elapsed
        print(
            f"gongkai check of {count} generated reports, --jobs {jobs}: {elapsed:.2f} s, "
            f"{rate:.0f} reports/s ({rate / jobs:.0f} per core), {readable} read"
        )
        if readable != count:
            raise SystemExit(f"only {readable} of {count} generated reports were read")
        return rate / jobs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    worst = single_files(args.runs)
    per_core = throughput(args.reports, jobs=1)
    throughput(args.reports, jobs=2)
    print(f"RESULT pdf_vs_extract_text={worst:.2f} reports_per_s={per_core:.0f}")


if __name__ == "__main__":
    main()
