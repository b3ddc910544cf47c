"""Hostile input against `gongkai check`: each file about 1 MB, each run as the command a user
runs (a new process), timed from the command's start and measured for its peak memory.

    .venv/bin/python bench/adversarial.py [--size 1000000]

Files: random CJK lines; one 1 MB line of CJK; 100,000 `|`; random GBK bytes named .html; HTML
nested 5,000 deep; a pipe table of 20,000 rows; a report-like text with its title repeated on
one line; lines of numbers only. Target: each <= 2 s and <= 300 MB.

The last line is `RESULT adversarial_files=<n> max_s=<s> max_rss_mb=<m>`.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GONGKAI = ROOT / ".venv" / "bin" / "gongkai"


def _cjk(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def inputs(size: int) -> dict[str, Callable[[random.Random], bytes]]:
    def cjk_lines(rng: random.Random) -> bytes:
        lines = []
        total = 0
        while total < size:
            line = _cjk(rng, rng.randint(5, 80))
            lines.append(line)
            total += len(line.encode())
        return "\n".join(lines).encode()

    return {
        "cjk-lines.txt": cjk_lines,
        "one-line.txt": lambda rng: _cjk(rng, size // 3).encode(),
        "pipes.txt": lambda rng: b"|" * 100_000,
        "gbk-junk.html": lambda rng: bytes(rng.randint(0x81, 0xFE) for _ in range(size)),
        "deep.html": lambda rng: (b"<div><table><tr><td>" * 5000) + "规章 1".encode() * 10,
        "pipe-rows.txt": lambda rng: "\n".join(
            f"| 行政许可 | {rng.randint(0, 99)} | {rng.randint(0, 99)} |" for _ in range(20_000)
        ).encode(),
        "titles.txt": lambda rng: (
            "某某县人民政府2023年政府信息公开工作年度报告" * (size // 130)
        ).encode(),
        "numbers.txt": lambda rng: "\n".join(
            " ".join(str(rng.randint(0, 9)) for _ in range(rng.randint(1, 30)))
            for _ in range(size // 40)
        ).encode(),
        "prose-numbers.txt": lambda rng: "。".join(
            f"共收到政府信息公开申请{rng.randint(0, 999)}件，其中"
            + "、".join(f"{_cjk(rng, 3)}{rng.randint(0, 99)}件" for _ in range(8))
            for _ in range(size // 200)
        ).encode(),
    }


def run(path: Path) -> tuple[float, float, int]:
    """Wall time, peak RSS (MB) of the child, exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    try:
        status = subprocess.run(
            [str(GONGKAI), "check", str(path), "--no-progress"],
            capture_output=True,
            timeout=60,
            check=False,
        ).returncode
    except subprocess.TimeoutExpired:
        status = -9  # killed after a minute: far past the target either way
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(13)
    worst_time = worst_rss = 0.0
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'file':20} {'bytes':>9} {'seconds':>8} {'RSS MB':>7} exit")
        for name, make in inputs(args.size).items():
            path = Path(tmp) / name
            path.write_bytes(make(rng))
            # ru_maxrss of the children is a running maximum: measure each in its own process
            # of this script so that one file's peak does not hide the next one's.
            result = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            seconds, rss, status = result.stdout.split()
            print(
                f"{name:20} {path.stat().st_size:9} {float(seconds):8.2f} {float(rss):7.0f} {status}"
            )
            worst_time = max(worst_time, float(seconds))
            worst_rss = max(worst_rss, float(rss))
            count += 1
    print(f"RESULT adversarial_files={count} max_s={worst_time:.2f} max_rss_mb={worst_rss:.0f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        elapsed, peak, status = run(Path(sys.argv[2]))
        print(f"{elapsed:.3f} {peak:.1f} {status}")
    else:
        main()
