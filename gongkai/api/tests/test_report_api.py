"""`/api/v1/reports/{agency}/{year}/`: the demo's published 2021 report as data — the seed's 200
cells, as read by hand — and nothing for a report the public cannot see."""

from __future__ import annotations

import codecs
import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.annual import workflow
from gongkai.annual.models import AnnualReport
from gongkai.orgs.models import Agency
from gongkai.reports.tables import TEMPLATE_2021
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


def _csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(codecs.BOM_UTF8)  # Excel opens it as UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_open_data_is_every_cell_of_every_published_report(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    expected = json.loads((GOLDEN / "seed-luoyang-gaoxin-2021.txt.expected.json").read_text())
    body = client.get(reverse("api:open_data_json"), {"year": 2021}).json()
    assert body["keys"] == TEMPLATE_2021.keys() and len(body["keys"]) == 200
    (row,) = body["reports"]
    assert (row["agency_slug"], row["year"]) == ("luoyang-gaoxin", 2021)
    assert row["cells"] == expected["cells"]
    assert client.get(row["url"]).json()["cells"] == expected["cells"]

    (line,) = _csv(client.get(reverse("api:open_data_csv"), {"year": 2021}))
    assert line["agency"] == "洛阳高新技术产业开发区管理委员会党政办公室"
    assert {k: line[k] for k in body["keys"]} == {
        k: "" if v is None else str(v) for k, v in expected["cells"].items()
    }


def test_open_data_of_a_government_and_the_agencies_below_it(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()

    def listed(**query: object) -> list[tuple[str, int]]:
        body = client.get(reverse("api:open_data_json"), query).json()
        lines = _csv(client.get(reverse("api:open_data_csv"), query))
        rows = [(r["agency_slug"], r["year"]) for r in body["reports"]]
        assert rows == [(line["agency_slug"], int(line["year"])) for line in lines]
        return rows

    last = timezone.localdate().year - 1  # the demo publishes every agency's report of it
    zone = [("gaoxin-zone", last), ("luoyang-gaoxin", 2021), ("luoyang-gaoxin", last),
            ("gaoxin-finance", last)]  # fmt: skip
    assert listed() == listed(agency="gaoxin-zone") == zone
    assert listed(year=last) == [r for r in zone if r[1] == last]
    assert listed(agency="gaoxin-finance") == [("gaoxin-finance", last)]
    assert listed(year=2019) == []
    missing = client.get(reverse("api:open_data_csv"), {"agency": "no-such-agency"})
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    bad = client.get(reverse("api:open_data_json"), {"year": "二〇二一"})
    assert bad.status_code == 422 and bad.json()["errors"] == ["year"]


def test_open_data_hides_what_the_public_cannot_see(demo) -> None:  # type: ignore[no-untyped-def]
    last = timezone.localdate().year - 1
    report = AnnualReport.objects.get(agency__slug="gaoxin-finance", year=last)
    AnnualReport.objects.filter(pk=report.pk).update(status=workflow.DRAFT)
    Agency.objects.filter(slug="gaoxin-zone").update(name='=HYPERLINK("http://x.invalid","点")')
    lines = _csv(Client().get(reverse("api:open_data_csv"), {"year": last}))
    assert [line["agency_slug"] for line in lines] == ["gaoxin-zone", "luoyang-gaoxin"]
    assert lines[0]["agency"] == '\'=HYPERLINK("http://x.invalid","点")'  # never a formula
