"""/track/ under guessing: wrong pairs are limited per client and per tracking code, a right pair
past the limit is refused too until the window ends, and the refusal says when in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.tests import factories
from gongkai.core import throttle
from gongkai.portal.views import TRACK_PER_CLIENT, TRACK_PER_CODE

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 12, 6, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def agency() -> Any:
    return factories.agency("某市生态环境局", code="HB")


def _received(agency: Any) -> services.Received:
    return services.receive(
        agency=agency,
        on=date(2026, 12, 4),
        applicant=factories.applicant(),
        case={"received_on": date(2026, 12, 4), "channel": "online", "description": "某文件"},
    )


def _track(client: Client, tracking_code: str, check_code: str) -> Any:
    return client.post(
        reverse("portal:track"), {"tracking_code": tracking_code, "check_code": check_code}
    )


def _expected_until(client_address: str, tracking_code: str) -> str:
    until = throttle.blocked_until(
        [(TRACK_PER_CLIENT, client_address), (TRACK_PER_CODE, tracking_code)],
        MOMENT,
    )
    assert until is not None
    return throttle.try_again_at(until)


def test_a_client_is_stopped_after_its_wrong_guesses(
    agency: Any, clock: time_machine.Traveller
) -> None:
    mine = _received(agency)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(TRACK_PER_CLIENT.failures):  # a different tracking code each time
        assert _track(guesser, f"HB2026-GUESS{n}", "ABCD-EFGH-JKMN").status_code == 422

    refused = _track(guesser, mine.application.tracking_code, mine.check_code)
    page = refused.content.decode()
    assert refused.status_code == 429 and "办理状态" not in page
    assert "尝试次数过多" in page
    assert f"请于{_expected_until('203.0.113.7', mine.application.tracking_code)}之后再试" in page

    # Someone else, elsewhere, is not held up by it.
    other = _track(
        Client(REMOTE_ADDR="198.51.100.9"), mine.application.tracking_code, mine.check_code
    )
    assert other.status_code == 200 and "办理状态" in other.content.decode()

    clock.shift(TRACK_PER_CLIENT.window)
    again = _track(guesser, mine.application.tracking_code, mine.check_code)
    assert again.status_code == 200 and "办理状态" in again.content.decode()


def test_two_clients_hammering_one_case_are_stopped_together(
    agency: Any, clock: time_machine.Traveller
) -> None:
    target = _received(agency)
    code = target.application.tracking_code
    first, second = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.9")
    for n in range(TRACK_PER_CODE.failures):
        client = first if n % 2 else second
        assert _track(client, code, f"{n:06d}").status_code == 422

    # The applicant, from a third address with the right code, must wait out the window too:
    # otherwise a guesser could tell a right code from a refusal.
    applicant = Client(REMOTE_ADDR="192.0.2.1")
    refused = _track(applicant, code, target.check_code)
    assert refused.status_code == 429
    assert f"请于{_expected_until('192.0.2.1', code)}之后再试" in refused.content.decode()

    # Another case is not affected.
    other = _received(agency)
    assert _track(first, other.application.tracking_code, other.check_code).status_code == 200

    clock.shift(TRACK_PER_CODE.window)
    assert _track(applicant, code, target.check_code).status_code == 200


def test_a_forged_forwarding_header_does_not_make_a_new_client(
    agency: Any, clock: time_machine.Traveller
) -> None:
    for n in range(TRACK_PER_CLIENT.failures):
        client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
        _track(client, f"HB2026-GUESS{n}", "123456")
    forged = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.9.250")
    assert _track(forged, "HB2026-GUESSX", "123456").status_code == 429


def test_right_answers_do_not_count(agency: Any, clock: time_machine.Traveller) -> None:
    mine = _received(agency)
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(TRACK_PER_CLIENT.failures + 5):
        assert _track(client, mine.application.tracking_code, mine.check_code).status_code == 200


def test_a_typo_or_two_costs_nothing(agency: Any, clock: time_machine.Traveller) -> None:
    mine = _received(agency)
    client = Client(REMOTE_ADDR="203.0.113.7")
    last = "X" if mine.check_code[-1] != "X" else "Y"
    for typo in ("ABCD", mine.check_code[:-1] + last, mine.check_code.replace("-", "")[1:]):
        assert _track(client, mine.application.tracking_code, typo).status_code == 422
    clock.shift(timedelta(minutes=1))
    typed = mine.check_code.lower().replace("-", " ")
    assert _track(client, mine.application.tracking_code.lower(), typed).status_code == 200
