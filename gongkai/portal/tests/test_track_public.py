"""The tracking page receives only what the public may see (applications.public.PublicStatus),
never the case: its template cannot reach the applicant's data."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Applicant, Application
from gongkai.applications.public import PublicStatus
from gongkai.applications.tests import factories
from gongkai.orgs.models import Agency

pytestmark = pytest.mark.django_db


def test_the_tracking_page_is_given_the_public_status_only() -> None:
    agency = factories.agency(phone="0379-1111", code="HB")
    received = services.receive(
        agency=agency,
        on=date(2026, 3, 2),
        applicant=factories.applicant(name="王秘密"),
        case={"received_on": date(2026, 3, 2), "channel": "online", "description": "秘密描述"},
    )
    response = Client().post(
        reverse("portal:track"),
        {"tracking_code": received.application.tracking_code, "check_code": received.check_code},
    )
    assert response.status_code == 200
    assert isinstance(response.context["tracked"], PublicStatus)
    given = [v for context in response.context for layer in context.dicts for v in layer.values()]
    assert not [v for v in given if isinstance(v, Application | Applicant | Agency)]
    page = response.content.decode()
    assert received.application.tracking_code in page and "王秘密" not in page
