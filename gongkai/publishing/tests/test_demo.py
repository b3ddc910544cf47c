from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.demo import loading as demo
from gongkai.orgs.models import Agency
from gongkai.publishing import normative
from gongkai.publishing.models import NormativeDocument, Publication

# Early morning, before any hour the demo's recent items carry: an item of "today at 10:00"
# would still be scheduled (and hidden) if the demo dated any item today.
EARLY = datetime(2026, 3, 10, 7, 5, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
@pytest.mark.time_machine(EARLY)
def test_demo_site_has_content_search_and_the_seed_register(search_index) -> None:
    demo.load()
    office = Agency.objects.get(name="洛阳高新技术产业开发区管理委员会党政办公室")
    assert (
        Publication.objects.visible().filter(agency=office, published_at__year=2021).count() == 2912
    )
    total = Publication.objects.count()
    assert not Publication.objects.filter(published_at__gt=timezone.now()).exists()
    spans = [
        normative.Span(d.kind, d.issued_on, d.ended_on) for d in NormativeDocument.objects.all()
    ]
    line = normative.counts(spans, 2021)["normative_documents"]
    assert (line.issued, line.repealed, line.in_force) == (1, 0, 28)
    client = Client()
    assert client.get("/").status_code == 200
    result = client.get(reverse("portal:search"), {"q": "营商环境"}).context["result"]
    truth = sum(1 for p in Publication.objects.visible() if "营商环境" in p.title + p.body_text)
    assert result.total == truth > 0
    demo.load()  # a second load creates nothing more
    assert Publication.objects.count() == total
