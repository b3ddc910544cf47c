"""The project as a whole: production settings pass Django's deploy checks, demo data loads."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from gongkai.applications import stats
from gongkai.applications.models import Application
from gongkai.orgs.models import Agency
from gongkai.reports.tests.conftest import GOLDEN

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_check_deploy() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "gongkai.example.gov.cn",
        "DATABASE_URL": "sqlite:////tmp/gongkai-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
# New Year's Eve, late: the demo dates its open cases back from today, and a second load must
# still find them whatever year they fell in.
@pytest.mark.time_machine(datetime(2025, 12, 31, 23, 50, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_demo_data_loads_once_and_reproduces_the_seed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "公开办负责人）：gongkaiban / " in out.getvalue()
    assert get_user_model().objects.get(username="xitong").is_superuser
    office = Agency.objects.get(short_name="党政办")
    table = stats.table_three(Application.objects.filter(agency=office), 2021)
    expected = json.loads(
        (GOLDEN / "seed-luoyang-gaoxin-2021.txt.expected.json").read_text("utf-8")
    )["cells"]
    assert table == {k: v for k, v in expected.items() if k.startswith("applications.")}
    counts = (get_user_model().objects.count(), Application.objects.count())
    call_command("load_demo", stdout=out)
    assert "演示数据已存在" in out.getvalue()
    assert (get_user_model().objects.count(), Application.objects.count()) == counts
    call_command("load_demo", "--reset-passwords", stdout=out)
    assert out.getvalue().count("chengban / ") == 2


@pytest.mark.django_db
def test_demo_data_refuses_production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(CommandError, match="开发环境"):
        call_command("load_demo")


@pytest.mark.django_db
def test_admin_requires_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
