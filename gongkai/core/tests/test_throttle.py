"""Failed-attempt limits in the shared cache, and who the client is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from gongkai.core import throttle

LIMIT = throttle.Limit("test", failures=3, window=timedelta(minutes=15))
NOON = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


def _request(remote: str = "203.0.113.7", **headers: str) -> HttpRequest:
    return RequestFactory().post("/track/", REMOTE_ADDR=remote, **headers)


def test_the_address_is_remote_addr_whatever_the_client_claims() -> None:
    request = _request(HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert throttle.client_address(request) == "203.0.113.7"


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
def test_behind_the_configured_proxy_its_right_most_address_counts() -> None:
    # The client wrote 198.51.100.1 itself; the proxy appended the address it saw.
    request = _request("10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.44")
    assert throttle.client_address(request) == "192.0.2.44"
    garbage = _request("10.0.0.2", HTTP_X_FORWARDED_FOR="not an address")
    assert throttle.client_address(garbage) is None
    missing = _request("10.0.0.2")
    assert throttle.client_address(missing) == "10.0.0.2"


@pytest.mark.parametrize(
    ("remote", "counted"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),  # one subscriber's /64
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("::ffff:192.0.2.5", "192.0.2.5"),
        ("192.0.2.5", "192.0.2.5"),
    ],
)
def test_an_ipv6_client_counts_by_its_64(remote: str, counted: str) -> None:
    assert throttle.client_address(_request(remote)) == counted


def test_the_limit_blocks_until_the_window_ends() -> None:
    attempts = [(LIMIT, "203.0.113.7")]
    for _ in range(LIMIT.failures - 1):
        throttle.count_failure(attempts, NOON)
    assert throttle.blocked_until(attempts, NOON) is None
    throttle.count_failure(attempts, NOON)
    until = throttle.blocked_until(attempts, NOON)
    assert until is not None and NOON < until <= NOON + LIMIT.window
    assert throttle.blocked_until(attempts, until - timedelta(seconds=1)) == until
    assert throttle.blocked_until(attempts, until) is None  # a new window
    assert throttle.blocked_until([(LIMIT, "203.0.113.8")], NOON) is None  # another key


def test_the_latest_end_of_several_limits_is_given() -> None:
    long = throttle.Limit("long", failures=1, window=timedelta(hours=1))
    attempts = [(LIMIT, "a"), (long, "b")]
    for _ in range(LIMIT.failures):
        throttle.count_failure(attempts, NOON)
    until = throttle.blocked_until(attempts, NOON)
    ends = [throttle.blocked_until([attempt], NOON) for attempt in attempts]
    assert None not in ends and until == max(e for e in ends if e)


def test_the_time_to_try_again_is_local_and_rounded_up() -> None:
    assert (
        throttle.try_again_at(datetime(2026, 12, 6, 7, 30, 0, tzinfo=UTC)) == "2026年12月6日 15:30"
    )
    assert (
        throttle.try_again_at(datetime(2026, 12, 6, 7, 30, 1, tzinfo=UTC)) == "2026年12月6日 15:31"
    )
    message = throttle.refusal(datetime(2026, 12, 6, 15, 59, 30, tzinfo=UTC))
    assert "尝试次数过多" in message and "请于2026年12月7日 00:00之后再试" in message
