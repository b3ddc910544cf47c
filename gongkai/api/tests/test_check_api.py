"""`POST /api/v1/check`: the checker as a service — what `gongkai check --json` prints for the
same file, without a session or a CSRF token; bad input a problem in Chinese; a client that asks
too often told when to come back."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.api import v1
from gongkai.cli import main
from gongkai.reports.tests.conftest import GOLDEN, SEED

HONGZE = GOLDEN / "hongze-district-2024.pdf"


def _cli(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    main(["check", str(path), "--json", *extra])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_the_same_json_as_the_cli_for_a_file_and_for_text(capsys) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    for path in (SEED, HONGZE):
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        response = client.post(reverse("api:check"), {"file": upload})
        assert response.status_code == 200, response.content[:300]
        assert response.json() == _cli(path, capsys)
    text = client.post(reverse("api:check"), {"text": SEED.read_text("utf-8")})
    assert text.status_code == 200
    assert text.json()["cells"] == _cli(SEED, capsys)["cells"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [({}, "text"), ({"text": "   "}, "file"),
     ({"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 not really")}, "file")],
)  # fmt: skip
def test_bad_input_is_a_problem_in_chinese(fields: dict[str, object], field: str) -> None:
    response = Client().post(reverse("api:check"), fields)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "参数有误" and field in body["errors"] and body["detail"]


@pytest.mark.django_db
def test_a_client_asking_too_often_is_told_when_to_come_back(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    limit = v1.CHECKS_PER_CLIENT
    monkeypatch.setattr(v1, "CHECKS_PER_CLIENT", replace(limit, failures=3))
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):  # every check counts, a refused one too (here: nothing sent)
        assert client.post(reverse("api:check"), {}).status_code == 422
    refused = client.post(reverse("api:check"), {"text": SEED.read_text("utf-8")})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["title"] == "请求过于频繁"
    other = Client(REMOTE_ADDR="203.0.113.10").post(reverse("api:check"), {})
    assert other.status_code == 422  # another client is not held back


@pytest.mark.django_db
def test_opened_in_a_browser_it_says_how_to_ask() -> None:
    response = Client().get(reverse("api:check"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert response.json()["detail"].startswith("请用 POST 提交报告")
