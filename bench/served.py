"""What the benchmarks that serve pages share: a throwaway SQLite site and gunicorn on loopback."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def site_env(tmp: str) -> dict[str, str]:
    """The development settings with DEBUG off, every file of the site under `tmp`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "SEARCH_INDEX_DIR": f"{tmp}/index",
        "MEDIA_ROOT": f"{tmp}/media",
        "LOG_LEVEL": "WARNING",
    }


def load_arguments() -> argparse.Namespace:
    """What the load benchmarks take: --items, --seconds, --connections; and wrk installed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    return args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """gunicorn serving the site (as many sync workers as cores); yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
