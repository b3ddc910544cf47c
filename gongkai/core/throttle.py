"""Limits on failed attempts, counted in the shared cache (Redis when REDIS_URL is set, so every
process counts together; the per-process memory cache otherwise).

A `Limit` allows so many failures per key (a client's address, a tracking code) in a window.
Windows are fixed, each key's shifted by a hash of the key so that not every key opens at once;
once the failures of the current window reach the limit, every attempt is refused until the
window ends, a right answer included, and the refusal says when that is. The count is kept in
the key's window (add, then atomic incr), so the cache's own expiry is only housekeeping and the
clock the caller passes in decides.

`client_address` is the one place that says who the client is, for these limits and for the
login lockout (django-axes' AXES_CLIENT_IP_CALLABLE).
"""

from __future__ import annotations

import hashlib
import ipaddress
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format


@dataclass(frozen=True)
class Limit:
    name: str
    failures: int
    window: timedelta


Attempt = tuple[Limit, str]  # a limit and the key it is counted by


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or — only when CLIENT_IP_HEADER names the header the
    site's own reverse proxy sets — the right-most address in that header (the one the proxy
    wrote; anything to its left came from the client and may be forged). An IPv6 client counts
    by its /64, which one subscriber holds whole."""
    address = request.META.get("REMOTE_ADDR")
    header = settings.CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        address = forwarded.rsplit(",", 1)[-1].strip() or address
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def blocked_until(attempts: Iterable[Attempt], now: datetime) -> datetime | None:
    """The end of the latest window whose limit is reached, or None if all may go on."""
    until = None
    for limit, key in attempts:
        start, end = _window(limit, key, now)
        if (cache.get(_cache_key(limit, key, start)) or 0) >= limit.failures:
            until = end if until is None else max(until, end)
    return until


def count_failure(attempts: Iterable[Attempt], now: datetime) -> None:
    for limit, key in attempts:
        start, _ = _window(limit, key, now)
        name = _cache_key(limit, key, start)
        timeout = int(limit.window.total_seconds()) * 2
        cache.add(name, 0, timeout)
        try:
            cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout)


def try_again_at(until: datetime) -> str:
    """The local time to tell people, rounded up to the minute: 2026年12月6日 15:31."""
    local = timezone.localtime(until)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return date_format(local, "Y年n月j日 H:i")


def refusal(until: datetime) -> str:
    return f"尝试次数过多，为保护信息安全已暂停受理，请于{try_again_at(until)}之后再试。"


def _window(limit: Limit, key: str, now: datetime) -> tuple[datetime, datetime]:
    length = int(limit.window.total_seconds())
    offset = zlib.crc32(f"{limit.name}:{key}".encode()) % length
    moment = int(now.timestamp())
    start = (moment - offset) // length * length + offset
    return (
        datetime.fromtimestamp(start, tz=UTC),
        datetime.fromtimestamp(start + length, tz=UTC),
    )


def _cache_key(limit: Limit, key: str, start: datetime) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}:{int(start.timestamp())}"
