"""The pieces of notify: which numbers get a text, how a number is logged, when the daily
digest runs and that scheduling it is idempotent, and that the model matches its migration."""

from __future__ import annotations

import io
import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from gongkai.notify import sms, tasks
from gongkai.notify.services import mobile_number

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("typed", "mobile"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0379-12345678", ""),  # a landline gets no text
        ("12812345678", ""),
        ("", ""),
    ],
)
def test_a_text_goes_only_to_a_mainland_mobile_number(typed: str, mobile: str) -> None:
    assert mobile_number(typed) == mobile


def test_the_logging_backend_logs_the_text_and_hides_most_of_the_number(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="gongkai.notify.sms")
    sms.backend().send("13812345678", "【某局】您的申请已答复")
    assert [r.getMessage() for r in caplog.records] == [
        "短信 → 138****5678：【某局】您的申请已答复"
    ]


def test_the_digest_runs_daily_at_its_hour() -> None:
    before = datetime(2026, 3, 10, 6, 0, tzinfo=SHANGHAI)
    after = datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
    assert tasks.next_daily(before) == datetime(2026, 3, 10, 7, 30, tzinfo=SHANGHAI)
    assert tasks.next_daily(after) == datetime(2026, 3, 11, 7, 30, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_scheduling_the_digest_is_idempotent(settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        call_command("notify_digest", "--schedule", stdout=(out := io.StringIO()))
        assert out.getvalue() == "已安排每日提醒，下次 2026-03-11 07:30\n"
        assert tasks.schedule() is None  # one is waiting already
    waiting = DBTaskResult.objects.get(task_path=tasks.daily.module_path)
    assert waiting.run_after == datetime(2026, 3, 11, 7, 30, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_the_model_and_its_migration_agree() -> None:
    call_command("makemigrations", "notify", "--check", "--dry-run", stdout=io.StringIO())
