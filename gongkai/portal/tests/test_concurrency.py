"""Two hundred online applications submitted at the same moment: every one becomes exactly one
case with its own tracking code, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Applicant, Application, CaseEvent
from gongkai.applications.tests import factories

SUBMISSIONS = 200
THREADS = 40  # PostgreSQL's default max_connections is 100; 40 at once, 5 rounds each


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_lose_nothing() -> None:
    agency = factories.agency("并发测试局", code="BF")
    start = threading.Barrier(THREADS)

    def submit(worker: int) -> list[int]:
        client = Client()
        start.wait()
        statuses = []
        try:
            for round_ in range(SUBMISSIONS // THREADS):
                number = worker * 100 + round_
                response = client.post(
                    reverse("portal:apply"),
                    {
                        "applicant-kind": "natural_person",
                        "applicant-name": f"申请人{number}",
                        "applicant-id_type": "passport",
                        "applicant-id_number": f"E{number:08d}",
                        "applicant-phone": "13800000000",
                        "case-agency": agency.pk,
                        "case-description": f"并发申请{number}",
                        "case-confirm": "on",
                    },
                )
                statuses.append(response.status_code)
        finally:
            connection.close()
        return statuses

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = [s for batch in pool.map(submit, range(THREADS)) for s in batch]
    assert statuses == [302] * SUBMISSIONS
    assert Application.objects.count() == Applicant.objects.count() == SUBMISSIONS
    codes = set(Application.objects.values_list("tracking_code", flat=True))
    assert len(codes) == SUBMISSIONS
    assert CaseEvent.objects.filter(action=CaseEvent.RECEIVED).count() == SUBMISSIONS
    assert set(Application.objects.values_list("description", flat=True)) == {
        f"并发申请{w * 100 + r}" for w in range(THREADS) for r in range(SUBMISSIONS // THREADS)
    }
