"""`/api/v1/reports/{agency}/{year}/`: the demo's published 2021 report as data — the seed's 200
cells, as read by hand — and nothing for a report the public cannot see."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.annual import workflow
from gongkai.annual.models import AnnualReport
from gongkai.reports.tests.conftest import GOLDEN


@pytest.fixture
def demo(db, search_index) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo", force=True, verbosity=0)


def test_the_demo_report_of_2021_is_the_seeds_cells(demo) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(reverse("api:report", args=["luoyang-gaoxin", 2021]))
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "gongkai.report/1" and body["year"] == 2021
    expected = json.loads((GOLDEN / "seed-luoyang-gaoxin-2021.txt.expected.json").read_text())
    assert body["cells"] == expected["cells"] and len(body["cells"]) == 200


def test_a_report_the_public_cannot_see_is_not_found(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for slug, year in (("luoyang-gaoxin", 2019), ("no-such-agency", 2021)):
        missing = client.get(reverse("api:report", args=[slug, year]))
        assert missing.status_code == 404
        assert missing["Content-Type"] == "application/problem+json"
    report = AnnualReport.objects.get(agency__slug="luoyang-gaoxin", year=2021)
    AnnualReport.objects.filter(pk=report.pk).update(status=workflow.DRAFT)  # reopened
    assert client.get(reverse("api:report", args=["luoyang-gaoxin", 2021])).status_code == 404
