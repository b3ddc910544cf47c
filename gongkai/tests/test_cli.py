"""`gongkai check` and `gongkai render`, as a user runs them."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.reports.parse import parse_document
from gongkai.reports.tests.conftest import GOLDEN, SEED

HONGZE = GOLDEN / "hongze-district-2024.pdf"
HUAIAN = GOLDEN / "huaian-city-2024.pdf"
SHANGHAI_2019 = GOLDEN.parent / "corpus" / "province-shanghai-bangongting-2019.html"


def test_single_file_readable_report(capsys: pytest.CaptureFixture[str]) -> None:
    # 「区政府办代表区政府受理…17件」 against the district's 95: another scope, a warning (exit 0)
    assert main(["check", str(HONGZE)]) == 0
    out = capsys.readouterr().out
    assert "淮安市洪泽区人民政府" in out and "2024年度" in out
    assert "结果：错误 0，警告 3，提示 0" in out
    assert "TEXT_TABLE_MISMATCH  正文称收到申请数为17件，表中对应数字为95件" in out
    assert "原文：“2024年，区政府办代表区政府受理政府信息公开申请17件" in out
    assert main(["check", str(SHANGHAI_2019)]) == 1  # a report with real errors exits 1


def test_single_file_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "gongkai.report/1"
    assert data["cells"]["applications.granted.natural_person"] == 15
    assert data["cells"]["proactive.fees.amount"] == "0.0000"
    assert len(data["findings"]) == 1  # one LAYOUT_REPAIRED naming the 21 rows


def test_min_severity_filters_what_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), "--json", "--min-severity", "error"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_previous_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    previous = tmp_path / "2020.txt"
    previous.write_text(
        SEED.read_text(encoding="utf-8").replace("2021年", "2020年"), encoding="utf-8"
    )
    assert main(["check", str(SEED), "--previous", str(previous), "--json"]) == 0
    assert not [
        f
        for f in json.loads(capsys.readouterr().out)["findings"]
        if f["code"] == "PREVIOUS_MISMATCH"
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "文件为空"), (b"%PDF-1.4 garbage", "PDF"), (b"\x00\x01\x02" * 100, "内容不是 PDF")],
)
def test_unreadable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert reason in err and "\n" not in err and "Traceback" not in err


def test_missing_file_and_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/nonexistent/report.pdf"]) == 2
    assert "文件不存在" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["check", str(SEED), "--min-severity", "fatal"])
    assert exited.value.code == 2


def test_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in (SEED, HONGZE, HUAIAN, SHANGHAI_2019):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(tmp_path), "--jobs", "2"]) == 2
    out = capsys.readouterr().out
    assert "共 5 份：可读取 4 份，无法读取 1 份；有错误的 1 份" in out
    with (tmp_path / "gongkai-check-summary.csv").open(encoding="utf-8-sig") as handle:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(handle)}
    assert rows["broken.pdf"]["status"] == "unreadable"
    assert rows["hongze-district-2024.pdf"]["errors"] == "0"
    assert int(rows[SHANGHAI_2019.name]["errors"]) > 10
    assert rows["hongze-district-2024.pdf"]["agency"] == "淮安市洪泽区人民政府"
    assert rows["huaian-city-2024.pdf"]["errors"] == "0"


def test_directory_pairs_consecutive_years(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "2021.txt").write_text(text, encoding="utf-8")
    earlier = text.replace("2021年", "2020年").replace(
        "四、结转下年度继续办理\t\t0", "四、结转下年度继续办理\t\t1"
    )
    (tmp_path / "2020.txt").write_text(earlier, encoding="utf-8")
    summary = tmp_path / "summary.json"
    assert main(["check", str(tmp_path), "--summary", str(summary), "--json"]) == 1
    reports = {Path(r["path"]).name: r for r in json.loads(capsys.readouterr().out)}
    codes = [f["code"] for f in reports["2021.txt"]["report"]["findings"]]
    assert "CARRY_OVER_MISMATCH" in codes
    assert json.loads(summary.read_text(encoding="utf-8"))[0]["path"].endswith("2020.txt")


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "md", "json"])
def test_render_every_format_reads_back(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"clean.{fmt}"
    assert main(["render", str(SEED), "--to", fmt, "-o", str(out)]) == 0
    original, _ = parse_document(SEED.read_bytes(), SEED.name)
    assert parse_document(out.read_bytes(), out.name)[0] == original


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("gongkai")
    result = subprocess.run(
        [str(script), "check", str(HUAIAN)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "结果：错误 0，警告 0，提示 0" in result.stdout


# --- gongkai deadline -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "reply_due", "correction_due"),
    [
        ("2024-12-20", "2025-01-20", "2024-12-31"),
        ("2025-01-24", "2025-02-27", "2025-02-10"),
        ("2025-09-26", "2025-10-30", "2025-10-13"),
        ("2025-12-31", "2026-01-29", "2026-01-12"),
        ("2026-02-13", "2026-03-19", "2026-03-02"),
    ],
)
def test_deadline_reproduces_the_regulation_vectors(
    capsys: pytest.CaptureFixture[str], received: str, reply_due: str, correction_due: str
) -> None:
    assert main(["deadline", received, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["reply_due"], data["correction_notice_due"], data["paused_workdays"]) == (
        reply_due,
        correction_due,
        0,
    )


def test_deadline_with_correction_pauses_and_extension(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "deadline",
        "2025-09-26",
        "--channel",
        "letter_signed",
        "--correction-requested",
        "2025-09-30",
        "--corrected",
        "2025-12-31",
        "--pause",
        "2026-01-05:2026-01-09",
        "--extend",
        "10",
        "--json",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["paused_workdays"] == 4
    assert data["reply_due"] == "2026-02-25"  # 2025-12-31 + 20 + 10 + 4 working days, over 春节
    assert data["channel_rule"].startswith("以邮寄方式提交的")
    assert main(["deadline", "2025-09-26", "--correction-requested", "2025-09-30"]) == 0
    assert "reply_due=待补正" in capsys.readouterr().out


def test_deadline_into_a_predicted_year_says_where_each_year_came_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deadline", "2026-12-04", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reply_due"] == "2027-01-04"  # not 元旦 (2027-01-01), as Monday–Friday gave
    assert data["calendar"] == {"2026": "package", "2027": "predicted"}
    assert data["predicted"] is True and data["estimated"] is False
    assert main(["deadline", "2026-12-04"]) == 0
    text = capsys.readouterr().out
    assert "2027年：预测" in text and "reply_due=2027-01-04 paused_workdays=0 predicted" in text


@pytest.mark.parametrize("year", [2025, 2026])
def test_calendar_predict_equals_the_published_arrangement(
    year: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["calendar", "predict", str(year), "--json"]) == 0
    predicted = json.loads(capsys.readouterr().out)
    assert main(["calendar", "show", str(year), "--json"]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published["source"] == "package" and predicted["source"] == "predicted"
    assert set(predicted) == {"year", "source", "holidays", "workdays"}
    assert (predicted["holidays"], predicted["workdays"]) == (
        published["holidays"],
        published["workdays"],
    )


def test_calendar_show_a_later_year_and_bad_years(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "show", "2027"]) == 0
    text = capsys.readouterr().out
    assert "来源：预测" in text and "春节" in text and "调休上班" in text
    assert main(["calendar", "show", "2101", "--json"]) == 2
    assert "2004至2100" in capsys.readouterr().err
    assert main(["calendar", "predict", "2019"]) == 0
    assert "此前的规定" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["2025-02-30"], "不是有效日期"),
        (["2025-09-26", "--extend", "21"], "不得超过20个工作日"),
        (["2025-09-26", "--corrected", "2025-10-01"], "须同时给出"),
        (["2025-09-26", "--pause", "2025-10-10:2025-10-01"], "结束日期早于开始日期"),
        (["2025-09-26", "--correction-requested", "2025-09-01"], "日期顺序不对"),
    ],
)
def test_deadline_bad_input(
    capsys: pytest.CaptureFixture[str], args: list[str], reason: str
) -> None:
    assert main(["deadline", *args]) == 2
    assert reason in capsys.readouterr().err


@pytest.mark.django_db
def test_deadline_from_the_platform_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2025-09-26", "--database", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reply_due"] == "2025-10-30"


@pytest.mark.django_db
def test_with_the_database_a_loaded_notice_comes_first(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from gongkai.applications.tests import factories
    from gongkai.calendar import services as calendar_services

    admin = factories.staff(factories.agency(), "admin")
    holidays = [(date(2036, 1, d), "元旦") for d in (1, 2, 3)]  # the prediction works 2 and 3
    calendar_services.load_year(2036, "通知", holidays, [], actor=admin)
    assert main(["deadline", "2035-12-14", "--json"]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert main(["deadline", "2035-12-14", "--database", "--json"]) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert alone["calendar"] == {"2035": "predicted", "2036": "predicted"}
    assert loaded["calendar"] == {"2035": "predicted", "2036": "notice"}
    assert date.fromisoformat(loaded["reply_due"]) - date.fromisoformat(alone["reply_due"]) >= (
        date(2036, 1, 3) - date(2036, 1, 1)
    )
    assert main(["calendar", "show", "2036", "--database", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == "notice"
