"""The failover drill (ops/drill/failover.py) loses no acknowledged application: a primary and a
synchronous standby (remote_apply) on loopback, online applications through gunicorn while the
standby is promoted. About 20 s, most of it the migrations."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRILL = ROOT / "ops" / "drill" / "failover.py"


def _postgres_missing() -> str | None:
    """Why the drill cannot run here, or None."""
    if not (list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or shutil.which("initdb")):
        return "the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user to run the servers as"
    return None


MISSING = _postgres_missing()


@pytest.mark.slow
@pytest.mark.skipif(MISSING is not None, reason=MISSING or "")
def test_no_acknowledged_application_is_lost_in_a_failover() -> None:
    # Real time for the servers: under `make test-at` libfaketime would be preloaded into
    # PostgreSQL too, and the drill measures nothing about dates.
    env = {
        k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")
    }
    result = subprocess.run(
        [sys.executable, str(DRILL), "--applications", "10"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert "failover_lost=0" in last, result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
