"""Building agencies, staff and cases for tests, through the same services the platform uses."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from gongkai.accounts.models import User
from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.orgs.models import Agency, Role
from gongkai.orgs.services import add_member, create_agency

_numbers = itertools.count(1)


def agency(name: str | None = None, parent: Agency | None = None, **fields: Any) -> Agency:
    return create_agency(name or f"测试局{next(_numbers)}", parent=parent, **fields)


def staff(of: Agency, role: str = Role.HANDLER, username: str | None = None) -> User:
    user = User.objects.create_user(
        username or f"user{next(_numbers)}", password="pw-for-tests-only"
    )
    add_member(user, of, role)
    return user


def applicant(**overrides: Any) -> dict[str, Any]:
    number = next(_numbers)
    return {
        "kind": "natural_person",
        "name": f"张{number}",
        "id_type": "passport",
        "id_number": f"P{number:08d}",
        "phone": "13800000000",
        **overrides,
    }


def case(
    of: Agency,
    received_on: date,
    *,
    on: date | None = None,
    description: str | None = None,
    who: dict[str, Any] | None = None,
    channel: str = "letter_signed",
) -> Application:
    return services.receive(
        agency=of,
        on=on or received_on,
        applicant=who or applicant(),
        case={
            "received_on": received_on,
            "channel": channel,
            "description": description or f"申请公开第{next(_numbers)}号文件",
        },
    ).application
