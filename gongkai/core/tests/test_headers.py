"""Security headers on every kind of response: a Content-Security-Policy that allows no inline
script or style and nothing from elsewhere, Referrer-Policy, Permissions-Policy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def _policy(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "path", ["/", "/search/?q=公开", "/apply/", "/track/", "/reports/check/", "/accounts/login/",
             "/healthz", "/healthz/search", "/no-such-page/", "/admin/login/"]
)  # fmt: skip
def test_every_response_carries_the_headers(path: str) -> None:
    response = Client().get(path)
    policy = _policy(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert not any("unsafe" in v for values in policy.values() for v in values)
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_staff_pages_carry_them_too(office: Any) -> None:
    client = Client()
    client.force_login(office.editor)
    response = client.get("/office/publications/")
    assert (
        response.status_code == 200 and "script-src 'self'" in response["Content-Security-Policy"]
    )


def test_no_template_has_inline_script_or_style() -> None:
    """What the policy would refuse: <script> with a body, on*= handlers, style="" attributes
    and <style> blocks, in any template a browser is served (the monthly self-check report is a
    downloaded document, rendered to DOCX/PDF, and keeps its <style>)."""
    offenders = []
    templates = list(ROOT.glob("gongkai/*/templates/**/*.html"))
    assert len(templates) > 50
    for template in templates:
        if template.name == "monthly.html":
            continue
        text = template.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>\s*\S",
            r"\son[a-z]+=",
            r"\sstyle=",
            r"<style",
        ):
            if re.search(pattern, text, re.I):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern}")
    assert offenders == []
