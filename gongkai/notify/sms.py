"""Text messages: one small interface, so that a vendor's gateway is a class named in a setting
(NOTIFY_SMS_BACKEND, a dotted path) and nothing else in the platform knows which one it is.

A backend has `send(to, text)`; it raises on failure (the message is then marked failed with the
error and retried). `LoggingBackend`, the default, writes the message to the log
`gongkai.notify.sms` (the number shown as 139****4321): for development, and for a deployment
that has no gateway yet.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("gongkai.notify.sms")


class SmsBackend(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LoggingBackend:
    def send(self, to: str, text: str) -> None:
        log.info("短信 → %s：%s", masked(to), text)


def masked(number: str) -> str:
    return number[:3] + "****" + number[-4:] if len(number) >= 11 else "****"


def backend() -> SmsBackend:
    found: SmsBackend = import_string(settings.NOTIFY_SMS_BACKEND)()
    return found
